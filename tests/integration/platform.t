#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/platform.t: the machine's interrupt controllers, timers
# and ACPI tables (docs/platform.md), each image on both engines; every
# report line of an image passes and their number is exact, so a row that
# did not run fails here.  irqstress: the same checksum undisturbed, with
# L0 stopping the vCPU at each timer tick, and with each tick an
# interrupt (the kvm engine runs CPL0 code in KVM's emulator here, so it
# gets fewer rounds and a 1 kHz timer).  smp: APs started by INIT/SIPI,
# IPIs, a LOCK-incremented counter, on 4 vCPUs and on 1.
. "$(dirname "$0")/lib/tap.sh"
need_kvm
for img in apic ioapic acpi irqstress smp; do
	need_file "$TVM/$img.elf"
done

# image tests-it-reports
for row in "apic 45" "ioapic 18" "acpi 33"; do
	set -- $row
	for eng in kvm tcg; do
		"$TURTLE" run -q --engine $eng --timeout 120 "$TVM/$1.elf" >"$WORK/out" 2>&1
		is "$?" 0 "$eng: $1.elf exits 0"
		is "$(grep -c '^PASS: ' "$WORK/out")" "$2" "$eng: $1.elf: $2 rows pass"
		grep '^FAIL' "$WORK/out" | sed 's/^/# /'
	done
done

# smp.elf: engine, CPUs, increments per CPU (none: its default, 10^6); 3N + 3
# rows for N CPUs, and the counter's row with the exact total, plus on tcg
# a VMX row per CPU (every vCPU in VMX operation at once, each with its own
# VMCS; on kvm this host refuses CR4.VMXE: one SKIP).  On the kvm engine
# every increment is emulated here (~4 us alone, ~17 us with four vCPUs on
# two cores), so it counts 200,000.
for row in "kvm 4 200000" "tcg 4" "kvm 1 200000" "tcg 1"; do
	set -- $row
	iter=${3:-1000000}
	if [ $1 = tcg ]; then rows=$((4 * $2 + 3)) skips=0; else rows=$((3 * $2 + 3)) skips=1; fi
	"$TURTLE" run -q --engine $1 --smp $2 --timeout 120 "$TVM/smp.elf" ${3:+-- $3} \
		>"$WORK/out" 2>&1
	is "$?" 0 "$1: smp.elf on $2 CPUs exits 0"
	is "$(grep -c '^PASS: ' "$WORK/out")" $rows "$1: smp.elf on $2 CPUs: $rows rows pass"
	is "$(grep -c '^SKIP: VMX on every CPU' "$WORK/out")" $skips "$1: smp.elf on $2 CPUs: $skips VMX skip"
	is "$(grep -c "^PASS: shared counter $(($2 * iter)) = $2 CPUs x $iter\$" "$WORK/out")" 1 \
		"$1: smp.elf on $2 CPUs: the shared counter is $2 x $iter"
	grep '^FAIL\|^turtle' "$WORK/out" | sed 's/^/# /'
done

# Bochs' lines (tests/integration/ref/smp.bochs, from `CPUS=4 L1=smp.elf
# testvms/l1-hv/bochs.sh 20000 -`): the same rows on both engines but for
# fw_cfg, which Bochs does not have (SKIP there, PASS here), and on kvm
# the VMX rows (above).
for eng in kvm tcg; do
	novmx=cat
	[ $eng = kvm ] && novmx="grep -v VMX"
	grep -E '^(PASS|FAIL|SKIP):' "$(dirname "$0")/ref/smp.bochs" | grep -v ': fw_cfg: ' |
		$novmx >"$WORK/b"
	"$TURTLE" run -q --engine $eng --smp 4 --timeout 120 "$TVM/smp.elf" -- 20000 2>&1 |
		grep -E '^(PASS|FAIL|SKIP):' | grep -v ': fw_cfg: ' | $novmx >"$WORK/t"
	is "$(diff "$WORK/b" "$WORK/t")" "" "$eng: smp.elf on 4 CPUs prints Bochs' rows (but fw_cfg's)"
done
[ "$(grep -c '^PASS: ' "$(dirname "$0")/ref/smp.bochs")" -eq 18 ]
ok $? "Bochs' reference has smp.elf's 18 rows besides fw_cfg, all PASS"

# engine rounds period-us; at least 100 stops (the guest counts at least
# 100 interrupts, each a stop, besides the masked phase's)
for row in "kvm 20000 1000" "tcg 2000000 100"; do
	set -- $row
	"$TURTLE" run -q --engine $1 --timeout 120 --stats "$WORK/s.json" \
		"$TVM/irqstress.elf" -- $2 $3 >"$WORK/out" 2>&1
	is "$?" 0 "$1: irqstress exits 0"
	is "$(grep -c '^PASS: ' "$WORK/out")" 3 "$1: irqstress: same checksum kicked and interrupted"
	grep '^FAIL' "$WORK/out" | sed 's/^/# /'
	kicks=$(json "$WORK/s.json" levels/L1/events/INTR)
	[ "${kicks:-0}" -ge 100 ]
	ok $? "$1: the run was stopped and resumed at least 100 times ($kicks)"
done

# A guest halted with interrupts off has nothing to wake it: the run ends.
"$TURTLE" run -q --engine tcg "$TVM/l2-hlt.elf" >/dev/null 2>"$WORK/err"
is "$?" 123 "HLT with IF = 0 and one vCPU: no wake-up source (123)"
# With --smp 3 the APs wait for a SIPI nobody sends: every vCPU waits for
# another, whichever noticed last says so.
for e in tcg kvm; do
	"$TURTLE" run -q --engine $e --smp 3 "$TVM/l2-hlt.elf" >/dev/null 2>"$WORK/err"
	is "$?" 123 "$e --smp 3, BSP halted with IF = 0, APs never started: 123"
	grep -q '^turtle: every vCPU waits with no wake-up source (vCPU [012] ' "$WORK/err"
	ok $? "$e --smp 3: the message names it ($(head -1 "$WORK/err"))"
done

done_testing
