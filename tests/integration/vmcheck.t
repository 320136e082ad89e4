#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/vmcheck.t: l1-vmcheck under turtle, both flavours.
# l1-vmcheck runs every negative VM-entry row of testvms/l1-hv/breaks.c in
# one boot (then L2) and checks the VMfail code or exit reason it gets; each
# row names the check of vmcs-merge/entry_check.def that must fail.  Here
# turtle must name that check for every row, in row order: a one-line
# explanation on stderr citing its SDM 27.x section (--explain-vmfail), a
# trace record, and a count of exactly one in the stats.
. "$(dirname "$0")/lib/tap.sh"
need_kvm
for f in l1-vmcheck l1-vmcheck-raw l2-hello; do
	need_file "$TVM/$f.elf"
done

# vmcheck IMAGE OPTIONS...: stdout, stderr, stats and trace in $WORK.
vmcheck() {
	img=$1
	shift
	"$TURTLE" run --timeout 60 --stats "$WORK/s.json" --trace "$WORK/t.jsonl" "$@" \
		--module "$TVM/l2-hello.elf" "$TVM/$img.elf" >"$WORK/out" 2>"$WORK/err"
}

# "NAME CHECK" per row, in row order, as l1-vmcheck announces them.
rows() {
	sed -n 's/^l1-hv: break=\([a-z0-9-]*\): .*, L0 check \([A-Z0-9_]*\) (SDM .*/\1 \2/p' "$WORK/out"
}

# The trace's VM_ENTRY_FAILED records (grep first: the trace has a line
# per exit, thousands, too many to decode them all).
records() {
	grep '"event":"VM_ENTRY_FAILED"' "$WORK/t.jsonl" | perl -MJSON::PP -ne "$1"
}

# explanation CHECK: turtle's stderr lines explaining CHECK.
explanation() {
	grep "^turtle: L1's VMLAUNCH failed with [^:]*: $1 (SDM 27\.[0-9.]*): [^;]*;" "$WORK/err"
}

# One row of each family: its outcome and SDM section, as turtle words them
# (msr-load-unknown: the check is KVM refusing the MSR, after the list's own).
family_rows='pin-reserved|VMfailValid 7|27.2.1.1
event-type|VMfailValid 7|27.2.1.3
host-tr-zero|VMfailValid 8|27.2.3
guest-cs-dpl|VM exit 0x80000021, qualification 0|27.3.1.2
guest-link|VM exit 0x80000021, qualification 4|27.3.1.5
msr-load-fs-base|VM exit 0x80000022, qualification 2|27.4
msr-load-unknown|VM exit 0x80000022, qualification 2|27.4'

# failures: "CHECK COUNT" per check the stats count.
failures() {
	perl -MJSON::PP -e 'local $/; open my $f, "<", $ARGV[0] or exit 1;
		my $c = JSON::PP->new->decode(<$f>)->{nested}{entry_check_failures};
		print "$_ $c->{$_}\n" for sort keys %$c' "$WORK/s.json"
}

# The last vmcs12 dump on stderr (the VMCS_DUMP hypercall's, after the rows).
last_dump() {
	awk '/^turtle: vmcs12 \(non-zero fields\):/ { d = "" } { d = d $0 "\n" }
		END { printf "%s", d }' "$WORK/err"
}

# breaks.c's table, as l1-hv's break=list prints it: "NAME CHECK" per row.
"$TURTLE" run --module "$TVM/l2-hello.elf" "$TVM/l1-hv-pv.elf" -- break=list 2>/dev/null |
	sed -n 's/^break=\([a-z0-9-]*\)\t.*(check \([A-Z0-9_]*\))$/\1 \2/p' >"$WORK/table"
table_n=$(wc -l <"$WORK/table")
# The rows of breaks[] in the source, one '\t{ "name",' line each.
src_n=$(sed -n '/^static const struct entry_break breaks\[\]/,/^};/p' \
	"$(dirname "$0")/../../testvms/l1-hv/breaks.c" | grep -c '^	{ "')
is "$table_n" "$src_n" "break=list names every row of breaks.c's table ($src_n)"
for img in l1-vmcheck l1-vmcheck-raw; do
	vmcheck $img --explain-vmfail
	is "$?" 0 "$img: exits 0, every row failed as the SDM says and L2 ran after"
	grep -q 'SUMMARY: .* 0 failures' "$WORK/out"
	ok $? "$img: reports no failure"
	grep -q '^l2-hello: hello from L2' "$WORK/out"
	ok $? "$img: L2 runs once every field is put back"
	rows >"$WORK/rows"
	n=$(wc -l <"$WORK/rows")
	is "$(cut -d' ' -f1 "$WORK/rows" | tr '\n' ' ')" "$(cut -d' ' -f1 "$WORK/table" | tr '\n' ' ')" \
		"$img: runs every row of breaks.c's table, in its order ($table_n)"

	failures >"$WORK/failures"
	while read -r name check; do
		is "$(explanation "$check" | wc -l)" 1 "$img: $name: one line explains $check with its SDM section"
		is "$(sed -n "s/^$check //p" "$WORK/failures")" 1 "$img: $name: $check counted once"
	done <"$WORK/rows"
	is "$(wc -l <"$WORK/failures")" "$n" "$img: no check counted but the rows'"
	is "$(grep -c "^turtle: L1's VMLAUNCH failed" "$WORK/err")" "$n" "$img: one explanation per row, no other"
	is "$(grep -c '^turtle: vmcs12 (non-zero fields):' "$WORK/err")" $((n + 1)) \
		"$img: a vmcs12 dump per explanation, and one for the VMCS_DUMP hypercall"
	last_dump | grep -q '^  secondary proc-based: *0x00000022 = ENABLE_EPT + ENABLE_VPID$'
	ok $? "$img: VMCS_DUMP decodes the controls by name"
	last_dump | grep -q 'ENTRY_MSR_LOAD\|ENTRY_INTR_INFO'
	ok $((!$?)) "$img: VMCS_DUMP shows vmcs12 with the last rows' fields put back"
	is "$(records 'print decode_json($_)->{check}, " "')" "$(cut -d' ' -f2 "$WORK/rows" | tr '\n' ' ')" \
		"$img: trace records name the rows' checks in row order"
	is "$(json "$WORK/s.json" nested/entry_vmfails)" "$(grep -c ' \(CTL\|HOST\)_' "$WORK/rows")" \
		"$img: VMfailValid rows (control and host checks) counted as entry_vmfails"
	is "$(json "$WORK/s.json" nested/entry_failures)" "$(grep -c ' \(GUEST\|MSR\)_' "$WORK/rows")" \
		"$img: exit rows (guest-state and MSR-load checks) counted as entry_failures"
	is "$(json "$WORK/s.json" nested/entries)" 2 "$img: L2 entered twice (VMLAUNCH, VMRESUME after its EPT violation)"
	[ $img = l1-vmcheck ] || continue

	# One row of each family, as turtle words its outcome and section.
	while IFS='|' read -r name outcome sdm; do
		check=$(sed -n "s/^$name //p" "$WORK/rows")
		explanation "$check" | grep -q "failed with $outcome: $check (SDM $sdm): "
		ok $? "$name: '$outcome' explained as ${check:-?} (SDM $sdm)"
	done <<EOF
$family_rows
EOF
	# The trace records carry kind, code, qualification and field values.
	is "$(records 'my $j = decode_json($_); $j->{check} eq "MSR_LOAD_FS_GS_BASE" and
		print join(" ", @$j{qw(level insn sdm kind code exit_reason qualification)},
			   $j->{fields}{msr})')" "L1 VMLAUNCH 27.4 exit 34 0x80000022 0x2 0xc0000100" \
		"trace: the MSR-load record has kind, code, exit reason, qualification and the MSR"
	is "$(records 'my $j = decode_json($_); $j->{check} eq "HOST_TR_SEL_NULL" and
		print join(" ", @$j{qw(sdm kind code)}, $j->{fields}{host_tr_selector})')" \
		"27.2.3 vmfail 8 0x0" "trace: a VMfail record has kind, code and the field"
done

# When turtle explains: one row of l1-hv (a VMfail, so L2 never runs).
explains() {	# explains STDERR-FILE: how many explanation lines
	tr -d '\r' <"$1" | grep -c "^turtle: L1's VMLAUNCH failed with VMfailValid 8: HOST_64_RIP_CANON (SDM 27.2.4)"
}
one_row() {
	"$TURTLE" run --stats "$WORK/s.json" "$@" --module "$TVM/l2-hello.elf" \
		"$TVM/l1-hv-pv.elf" -- break=host-rip >/dev/null 2>"$WORK/err"
}
one_row
is "$(explains "$WORK/err")" 0 "default, stderr a file: no explanation"
is "$(json "$WORK/s.json" nested/entry_check_failures/HOST_64_RIP_CANON)" 1 "unexplained, still counted"
one_row -q --explain-vmfail
is "$(explains "$WORK/err")" 1 "-q --explain-vmfail: the option wins"
if command -v script >/dev/null; then
	tty_row() {	# stderr on a terminal (script's pty)
		script -qec "'$TURTLE' run $1 --module '$TVM/l2-hello.elf' '$TVM/l1-hv-pv.elf' \
			-- break=host-rip >/dev/null" /dev/null >"$WORK/tty"
		explains "$WORK/tty"
	}
	is "$(tty_row '')" 1 "default, stderr a terminal: explained"
	is "$(tty_row -q)" 0 "default, stderr a terminal, -q: quiet"
	is "$(tty_row --explain-vmfail=no)" 0 "--explain-vmfail=no, stderr a terminal: quiet"
else
	for t in "default, stderr a terminal" "-q, stderr a terminal" "--explain-vmfail=no"; do
		skip "$t" "no script(1)"
	done
fi

done_testing
