#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/pio.t: exact exit counts for a deterministic workload,
# on both engines, and the per-exit cost for the record (printed as a
# diagnostic, not asserted).
. "$(dirname "$0")/lib/tap.sh"
need_kvm
need_file "$TVM/pio.elf"

for eng in kvm tcg; do
	"$TURTLE" run -q --engine $eng --stats "$WORK/s.json" --trace "$WORK/t.jsonl" \
		"$TVM/pio.elf" -- 1000 >"$WORK/out"
	is "$?" 0 "$eng: pio 1000 exits 0"
	grep -q 1000 "$WORK/out"
	ok $? "$eng: pio prints N"
	is "$(json "$WORK/s.json" levels/L1/io_ports/0x80/writes)" 1000 "$eng: exactly 1000 writes to port 0x80"
	is "$(json "$WORK/s.json" levels/L1/io_ports/0x80/reads)" 0 "$eng: no reads of port 0x80"
	is "$(json "$WORK/s.json" levels/L1/unclaimed/pio_writes)" 1000 "$eng: port 0x80 is unclaimed: 1000 unclaimed writes"
	is "$(json "$WORK/s.json" schema)" turtle-stats/2 "$eng: schema"
	is "$(json "$WORK/s.json" result/reason)" debug-exit "$eng: reason debug-exit"
	exits=$(json "$WORK/s.json" levels/L1/exits)
	if [ $eng = kvm ]; then
		is "$(json "$WORK/s.json" levels/L1/ioctls/KVM_RUN)" "$exits" "kvm: one KVM_RUN per exit"
	else
		is "$(json "$WORK/s.json" levels/L1/ioctls/KVM_RUN)" 0 "tcg: no KVM_RUN for L1"
	fi
	is "$(wc -l < "$WORK/t.jsonl" | tr -d ' ')" "$exits" "$eng: one trace line per exit"
	n=$(grep -c '"port":"0x80","size":1,"dir":"out"' "$WORK/t.jsonl")
	is "$n" 1000 "$eng: trace shows the 1000 OUTs to 0x80"
	perl -MJSON::PP -ne 'JSON::PP->new->decode($_); END { exit 0 }' "$WORK/t.jsonl" 2>/dev/null
	ok $? "$eng: every trace line is JSON"
done

# Twice the work, twice the OUTs: counts follow the workload.
"$TURTLE" run -q --stats "$WORK/s2.json" "$TVM/pio.elf" -- 2000 >/dev/null
is "$(json "$WORK/s2.json" levels/L1/io_ports/0x80/writes)" 2000 "N=2000 gives 2000 writes"

perl -MJSON::PP -e '
	local $/; open my $f, "<", $ARGV[0]; my $d = JSON::PP->new->decode(<$f>);
	my $l = $d->{levels}{L1}; my $t = $l->{time};
	my $wall = $t->{guest_ns} + $t->{l0_ns};
	printf "# pio 1000: %d exits, %.0f exits/s, %.2f us/exit (guest %.2f, l0 %.2f), l0 cpu %d ns/exit\n",
		$l->{exits}, $l->{exits} / ($wall / 1e9), $wall / $l->{exits} / 1e3,
		$t->{guest_ns} / $l->{exits} / 1e3, $t->{l0_ns} / $l->{exits} / 1e3,
		$t->{l0_cpu_ns_per_exit};' "$WORK/s.json"

done_testing
