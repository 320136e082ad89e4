# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/lib/tap.sh: TAP helpers for the shell integration tests.
# Sourced; sets $TURTLE and $TVM from $TURTLE_BUILD (the Makefile sets it),
# and a scratch directory $WORK removed at exit.

: "${TURTLE_BUILD:=$(cd "$(dirname "$0")/../.." && pwd)/build}"
TURTLE="$TURTLE_BUILD/turtle"
TVM="$TURTLE_BUILD/testvms"
MKIMAGE="$(dirname "$0")/lib/mkimage.pl"
WORK=$(mktemp -d /tmp/turtle-it.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
tap_n=0
tap_failed=0

ok() {	# ok COND-STATUS NAME
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

is() {	# is GOT WANT NAME
	tap_n=$((tap_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $tap_n - $3"
	else
		echo "not ok $tap_n - $3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
		tap_failed=$((tap_failed + 1))
	fi
}

skip() {	# skip NAME REASON
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# json FILE PATH: a value from a JSON file, PATH as "levels/L1/exits".
json() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or exit 1;
		my $v = JSON::PP->new->decode(<$f>);
		for my $k (split m{/}, $ARGV[1]) { $v = ref $v eq "HASH" ? $v->{$k} : undef }
		print defined $v ? $v : "(none)";' "$1" "$2"
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# need_file PATH: what a test exercises must exist; under `make check` a
# missing image is a failure, not a skip.
need_file() {
	if [ ! -f "$1" ]; then
		echo "Bail out! $1 is missing (make guests)"
		exit 1
	fi
}

need_kvm() {
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo "1..0 # SKIP no usable /dev/kvm"
		exit 0
	fi
}
