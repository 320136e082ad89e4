#!/bin/sh
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

done_testing
