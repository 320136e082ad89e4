#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/cli.t: help, version, and modules reaching the guest.
. "$(dirname "$0")/lib/tap.sh"

out=$("$TURTLE" --help)
is "$?" 0 "--help exits 0"
for opt in --mem --module --stats --trace --timeout --serial --kvm-device --quiet --qemu-exit-codes; do
	echo "$out" | grep -q -- "$opt"
	ok $? "--help lists $opt"
done
echo "$out" | grep -q "124 *--timeout expired"
ok $? "--help documents exit statuses"
"$TURTLE" run --help | grep -q "^Usage: turtle run"
ok $? "run --help"
"$TURTLE" --version | grep -Eq "^turtle [0-9]+\.[0-9]+\.[0-9]+$"
ok $? "--version"

# An image in page 0 and a module: the module goes above 1M, not at 0x1000
# over the boot information.  The guest exits with the module's first
# byte (0x4d, the info flags, if the info was written over it).
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	perl "$MKIMAGE" page0 "$WORK/page0.elf"
	printf '\052 module bytes' > "$WORK/mod.bin"
	for engine in kvm tcg; do
		"$TURTLE" run --engine $engine --module "$WORK/mod.bin" "$WORK/page0.elf"
		is "$?" 42 "$engine: image in page 0, its module intact (first byte 42)"
	done
else
	skip "image in page 0 and a module" "no usable /dev/kvm"
fi

done_testing
