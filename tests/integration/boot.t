#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/boot.t: guests boot, see their command line, take their
# exceptions, and a guest that dies gives 123 with registers on stderr.
. "$(dirname "$0")/lib/tap.sh"
need_kvm

if [ -f "$TVM/hello.elf" ]; then
	out=$("$TURTLE" run "$TVM/hello.elf" -- one "two three" 2>"$WORK/err")
	is "$?" 0 "hello exits 0"
	is "$out" "hello: hello.elf one two three" "hello prints its command line (argv[0] = image name)"
	is "$(cat "$WORK/err")" "" "nothing on stderr"
else
	skip "hello" "no $TVM/hello.elf"
fi

if [ -f "$TVM/faults.elf" ]; then
	out=$("$TURTLE" run -q "$TVM/faults.elf" 2>&1)
	is "$?" 0 "faults passes (#DE #UD #GP #PF)"
	echo "$out" | grep -q "0 failures"
	ok $? "faults reports no failure"
else
	skip "faults" "no $TVM/faults.elf"
fi

# Our own tiny images: ELF32 and ELF64, both print "hi" and exit 7.
for k in hello elf64; do
	perl "$MKIMAGE" $k "$WORK/$k.elf"
	out=$("$TURTLE" run "$WORK/$k.elf")
	is "$?" 7 "$k image: debug-exit value 7 is the status"
	is "$out" "hi" "$k image: UART output"
done
"$TURTLE" run --qemu-exit-codes "$WORK/hello.elf" >/dev/null
is "$?" 15 "--qemu-exit-codes: (7 << 1) | 1"
"$TURTLE" run --serial "$WORK/serial.txt" "$WORK/hello.elf"
is "$(cat "$WORK/serial.txt")" "hi" "--serial FILE"
out=$("$TURTLE" run --serial none "$WORK/hello.elf")
is "$out" "" "--serial none"

for row in "hlt:guest halted with no wake-up source" "triple:guest triple-faulted"; do
	k=${row%%:*} msg=${row#*:}
	perl "$MKIMAGE" $k "$WORK/$k.elf"
	"$TURTLE" run --stats "$WORK/$k.json" "$WORK/$k.elf" 2>"$WORK/err"
	is "$?" 123 "$k: the guest dies, status 123"
	grep -q "rip " "$WORK/err"
	ok $? "$k: register dump on stderr"
	is "$(json "$WORK/$k.json" result/status)" 123 "$k: stats written on a crash"
	is "$(json "$WORK/$k.json" result/reason)" shutdown "$k: reason shutdown"
	case "$(head -1 "$WORK/err")" in "turtle: $msg"*) r=0 ;; *) r=1 ;; esac
	ok $r "$k: says why first: $(head -1 "$WORK/err")"
done

done_testing
