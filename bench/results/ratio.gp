set terminal pngcairo size 1200,560 noenhanced
set output 'bench/results/ratio.png'
set datafile missing "NaN"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set logscale y
set grid ytics
set ylabel 'nested / single level (time per operation)'
set key top right
set xtics ("pio80" 0, "pio81" 1, "hlt" 2, "msr" 3, "mem_first" 4, "mem_second" 5, "compute" 6) rotate by -20
set xrange [-0.5:6.5]
set title 'Nested over single level, per platform (median, min-max)'
plot 'bench/results/ratio.dat' using 2:3:4 title 'Turtle nested-raw', \
     '' using 5:6:7 title 'Turtle nested-pv', \
     '' using 8:9:10 title 'Turtle nested-raw-tcg', \
     '' using 11:12:13 title 'Turtle nested-pv-tcg', \
     '' using 14:15:16 title 'Turtle nested-native-tcg', \
     '' using 17:18:19 title 'Bochs nested-raw'
