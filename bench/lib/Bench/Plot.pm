# SPDX-License-Identifier: GPL-2.0-only
# Bench::Plot: two bar charts with gnuplot, from the cells.
#   ratio.png   nested/single time per operation, a bar group per phase, a
#               bar per nested platform and flavour (median, min-max bars)
#   per_op.png  time per operation of every configuration, log scale
# A missing figure (n/a) is a missing bar; table.md says why.
package Bench::Plot;
use strict;
use warnings;

use Bench::Report;

sub _cell {
	my ($doc, $platform, $level, $phase) = @_;
	my ($c) = grep { $_->{platform} eq $platform && $_->{level} eq $level
			 && $_->{phase} eq $phase && $_->{status} eq 'ok' } @{Bench::Report::all_cells($doc)};
	return $c;
}

sub _triple {
	my ($s, $scale) = @_;
	return ('NaN') x 3 unless $s;
	return map { sprintf('%.6g', $s->{$_} * $scale) } qw(median min max);
}

sub _phases {
	my ($doc) = @_;
	my %seen;
	return grep { !$seen{$_}++ } map { $_->{phase} } @{Bench::Report::all_cells($doc)};
}

# One data file: a line per phase, three columns per series.  Returns how
# many figures it holds.
sub _data {
	my ($doc, $path, $series, $field, $scale) = @_;
	my @phases = _phases($doc);
	my $figures = 0;
	open(my $fh, '>', $path) or die "bench: $path: $!\n";
	print $fh '# phase ', join(' ', map { "$_->[0]:$_->[1](median min max)" } @$series), "\n";
	for my $p (@phases) {
		my @v = map { my $c = _cell($doc, @$_, $p); _triple($c && $c->{$field}, $scale) } @$series;
		$figures += grep { $_ ne 'NaN' } @v;
		print $fh join(' ', $p, @v), "\n";
	}
	close $fh;
	return $figures;
}

# Phases at x = 0, 1, ... (histogram slots), named explicitly so that a
# chart with no figure yet still has its axis; such a chart says so.
sub _script {
	my ($doc, $png, $dat, $ylabel, $series, $extra, $figures) = @_;
	my @phases = _phases($doc);
	my $xtics = join(', ', map { "\"$phases[$_]\" $_" } 0 .. $#phases);
	my @plot;
	for my $i (0 .. $#$series) {
		my $c = 2 + 3 * $i;
		my $title = ($series->[$i][0] eq 'turtle' ? 'Turtle ' : 'Bochs ') . $series->[$i][1];
		push @plot, sprintf("'%s' using %d:%d:%d title '%s'", $i ? '' : $dat, $c, $c + 1,
				    $c + 2, $title);
	}
	return join("\n", 'set terminal pngcairo size 1200,560 noenhanced',
		"set output '$png'", 'set datafile missing "NaN"',
		'set style data histogram', 'set style histogram errorbars gap 2 lw 1',
		'set style fill solid 0.8 border -1', 'set logscale y', 'set grid ytics',
		"set ylabel '$ylabel'", 'set key top right', "set xtics ($xtics) rotate by -20",
		'set xrange [-0.5:' . ($#phases + 0.5) . ']', $extra,
		$figures ? () : ('set yrange [0.1:10]', 'set label "no figures yet: table.md says why" at graph 0.3, graph 0.5'),
		'plot ' . join(", \\\n     ", @plot), '');
}

sub _gnuplot {
	my ($script, $path) = @_;
	open(my $fh, '>', $path) or die "bench: $path: $!\n";
	print $fh $script;
	close $fh;
	my $ok = system("gnuplot '$path' 2>'$path.err'") == 0;
	unlink "$path.err" if $ok;
	return $ok;
}

# Draws both; returns '' or why a plot is missing.
sub draw {
	my ($doc, $out) = @_;
	return 'no plots: gnuplot is not installed' if system('command -v gnuplot >/dev/null 2>&1');
	my @nested = grep { $_->[1] ne 'single' } @Bench::Report::COLUMNS;
	my $n = _data($doc, "$out/ratio.dat", \@nested, 'ratio', 1);
	my $ok = _gnuplot(_script($doc, "$out/ratio.png", "$out/ratio.dat",
				  'nested / single level (time per operation)', \@nested,
				  "set title 'Nested over single level, per platform (median, min-max)'", $n),
			  "$out/ratio.gp");
	$n = _data($doc, "$out/per_op.dat", \@Bench::Report::COLUMNS, 'per_op_ns', 1e-3);
	$ok &= _gnuplot(_script($doc, "$out/per_op.png", "$out/per_op.dat", 'µs per operation',
				\@Bench::Report::COLUMNS,
				"set title 'Time per operation (median, min-max)'", $n), "$out/per_op.gp");
	return $ok ? '' : "gnuplot failed: see $out/*.gp.err";
}

1;
