#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/vmcheck_options.t: --explain-vmfail[=yes|no], the one
# option with an optional value (only after '='): accepted and rejected
# spellings, and its help line.  No /dev/kvm needed: parsing fails first
# or --help answers.
. "$(dirname "$0")/lib/tap.sh"

"$TURTLE" run --help | grep -q -- '--explain-vmfail\[=yes|no\]  *explain L1'"'"'s failed VM entries'
ok $? "run --help lists --explain-vmfail[=yes|no] with its meaning"

for v in maybe YES '' 1; do
	err=$("$TURTLE" run --explain-vmfail="$v" img.elf 2>&1 >/dev/null)
	is "$?/$err" "125/turtle: --explain-vmfail=$v: expected yes or no" "--explain-vmfail='$v' rejected"
done

# Accepted spellings get as far as the image, which does not exist.
for spelling in --explain-vmfail --explain-vmfail=yes --explain-vmfail=no; do
	err=$("$TURTLE" run "$spelling" "$WORK/none.elf" 2>&1 >/dev/null)
	case $err in
	*"$WORK/none.elf"*) ok 0 "$spelling accepted" ;;
	*) ok 1 "$spelling accepted (got: $err)" ;;
	esac
done
# Without '=', the next word is not its value but IMAGE.
err=$("$TURTLE" run --explain-vmfail no 2>&1 >/dev/null)
case $err in
*"image 'no'"*) ok 0 "--explain-vmfail no: 'no' is IMAGE" ;;
*) ok 1 "--explain-vmfail no: 'no' is IMAGE (got: $err)" ;;
esac

done_testing
