#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/bad_input.t: every bad input gives status 125 and exactly
# one line on stderr, "turtle: ..." naming what is wrong.  One row each.
. "$(dirname "$0")/lib/tap.sh"

for k in hello noelf truncated nomb beyond overlap bssentry wrap wrapoff; do
	perl "$MKIMAGE" $k "$WORK/$k.elf"
done
printf '\177ELF' > "$WORK/short.elf"
good="$WORK/hello.elf"
mkfifo "$WORK/fifo"			# no writer: open() must not wait for one
truncate -s 5G "$WORK/huge.bin"		# sparse: refused before it is read

# expected message substring | arguments (word-split; paths have no blanks)
while IFS='|' read -r msg args; do
	[ -z "$msg" ] && continue
	# shellcheck disable=SC2086
	timeout -s KILL 20 "$TURTLE" $args >"$WORK/out" 2>"$WORK/err"
	st=$?
	is "$st" 125 "status 125: $args"
	lines=$(wc -l < "$WORK/err" | tr -d ' ')
	line=$(head -1 "$WORK/err")
	case "$line" in "turtle: "*"$msg"*) r=0 ;; *) r=1 ;; esac
	[ "$lines" = 1 ] || r=1
	ok $r "one line naming it ('$msg'): $line"
done <<ROWS
missing command|
unknown command 'go'|go
unknown option '--bogus'|run --bogus $good
missing IMAGE|run
--mem 'lots': not a size|run --mem lots $good
--mem '12Q': not a size|run --mem 12Q $good
--mem 1M: too small|run --mem 1M $good
--mem 4G: too large|run --mem 4G $good
--timeout 'x'|run --timeout x $good
--timeout '0x10': not a positive decimal number of seconds|run --timeout 0x10 $good
--timeout '1e3': not a positive decimal number of seconds|run --timeout 1e3 $good
--timeout '.': not a positive decimal number of seconds|run --timeout . $good
needs a value|run --mem
image '$WORK/none.elf': No such file or directory|run $WORK/none.elf
image '$WORK': not a regular file|run $WORK
image '$WORK/fifo': not a regular file|run $WORK/fifo
module '$WORK/fifo': not a regular file|run --module $WORK/fifo $good
module '$WORK/huge.bin': 5368709120 bytes, more than the 2097152 bytes of guest RAM|run --mem 2M --module $WORK/huge.bin $good
module '$WORK/huge.bin': 5368709120 bytes, more than the 2093056 bytes of guest RAM left|run --mem 2M --module $WORK/hello.elf --module $WORK/huge.bin $good
not an ELF image|run $WORK/noelf.elf
truncated ELF|run $WORK/truncated.elf
truncated ELF|run $WORK/short.elf
no multiboot header|run $WORK/nomb.elf
segment beyond RAM|run $WORK/beyond.elf
overlapping segments|run $WORK/overlap.elf
entry point 0x100082 in a segment's BSS|run $WORK/bssentry.elf
segment beyond RAM: 0xffffffffffffff00..0x10000000000000100 with 256M|run $WORK/wrap.elf
segment 1 needs bytes 0xffffffffffffff00..0x10000000000000100, file has|run $WORK/wrapoff.elf
module '$WORK/nomod.bin': No such file or directory|run --module $WORK/nomod.bin=x $good
kvm device '/nonexistent': No such file or directory|run --kvm-device /nonexistent $good
serial '$WORK/no/dir': No such file or directory|run --serial $WORK/no/dir $good
trace '$WORK/no/t.jsonl'|run --trace $WORK/no/t.jsonl $good
trace '/dev/full': write failed: No space left on device|run --trace /dev/full $good
ROWS

# The huge module is refused from its size, not after reading 5 GiB.
start=$(date +%s%N)
"$TURTLE" run --mem 2M --module "$WORK/huge.bin" "$good" 2>/dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 1000 ]
ok $? "a 5 GiB module with --mem 2M is refused in under 1 s ($ms ms)"

done_testing
