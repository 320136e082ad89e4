#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# testvms/l1-hv/bochs.sh: run a multiboot test image (l1-hv-raw.elf by
# default) on Bochs, whose CPU models have VMX with EPT, as a reference for
# what Turtle's nested path must do.
#
#   [L1=IMAGE] testvms/l1-hv/bochs.sh "L1 ARGS" L2IMAGE|- [L2 ARGS...]
#   e.g. testvms/l1-hv/bochs.sh "" l2-pio.elf 5
#        testvms/l1-hv/bochs.sh break=host-rip l2-hello.elf
#        L1=l1-vmxsuite.elf testvms/l1-hv/bochs.sh "" -
#
# L1 names the multiboot kernel, an image in $BUILD/testvms (default
# l1-hv-raw.elf); "L1 ARGS" follow its name on its command line.  L2IMAGE,
# also from $BUILD/testvms, is its one module, with L2 ARGS on the module's
# command line; "-" boots the kernel without a module (L2 ARGS must then
# be empty).
#
# Boots GRUB from an ISO (grub-mkrescue), prints the serial output, and
# exits 0 iff the image printed "SUMMARY: ... 0 failures" last.  Bochs has
# no debug-exit port: the guest library powers it off through port 0x8900.
# Only images that need no Turtle hypercall run here (l1-hv's raw flavour,
# not pv).  Needs bochs, grub-pc-bin, xorriso; images from $BUILD (default
# build); TIMEOUT (default 600 s) bounds the Bochs run, KEEP=1 keeps its
# temporary directory; CPUS=N gives the machine N processors (default 1;
# Debian's Bochs is built with SMP; ips is per processor).
set -eu

usage="usage: [L1=IMAGE] $0 \"L1 ARGS\" L2IMAGE|- [L2 ARGS...]"
[ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }
l1_image=${L1:-l1-hv-raw.elf}
cpus=${CPUS:-1}
case $cpus in
''|*[!0-9]*|0) echo "$0: CPUS must be a positive number, not '$cpus'" >&2; exit 2 ;;
esac
l1_args=$1
l2_image=$2
shift 2
if [ "$l2_image" = - ]; then
	[ $# -eq 0 ] || { echo "$0: L2 ARGS without an L2IMAGE" >&2; echo "$usage" >&2; exit 2; }
	l2_image=
fi
images=${BUILD:-build}/testvms
for f in "$l1_image" $l2_image; do
	[ -f "$images/$f" ] || { echo "$0: $images/$f not built (make BUILD=... guests)" >&2; exit 2; }
done

dir=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
mkdir -p "$dir/iso/boot/grub"
for f in "$l1_image" $l2_image; do
	cp "$images/$f" "$dir/iso/boot/"
done
module=
[ -z "$l2_image" ] || module="module /boot/$l2_image $l2_image $*"
cat > "$dir/iso/boot/grub/grub.cfg" <<EOF
set timeout=0
serial --unit=0 --speed=115200
terminal_output serial
menuentry ${l1_image%.elf} {
	multiboot /boot/$l1_image $l1_image $l1_args
	$module
	boot
}
EOF
grub-mkrescue -o "$dir/boot.iso" "$dir/iso" >/dev/null 2>&1

# Haswell: VMX with EPT, VPID, unrestricted guest, preemption timer; an
# MSR Bochs lacks #GPs as on hardware (its default ignores it), which the
# VM-entry MSR-load row break=msr-load-unknown relies on.  This Bochs
# build has no "nogui": rfb, not waiting for a client (it takes the first
# free port from 5900).
cat > "$dir/bochsrc" <<EOF
megs: 128
cpu: count=$cpus, model=corei7_haswell_4770, ips=4000000, ignore_bad_msrs=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$dir/boot.iso, status=inserted
boot: cdrom
display_library: rfb, options="timeout=0"
com1: enabled=1, mode=file, dev=$dir/serial.out
log: $dir/bochs.log
panic: action=fatal
clock: sync=none
speaker: enabled=0
sound: driver=dummy
EOF
echo c > "$dir/debugger.rc"	# Debian's Bochs starts in its debugger
timeout "${TIMEOUT:-600}" bochs -q -f "$dir/bochsrc" -rc "$dir/debugger.rc" \
	>"$dir/bochs.out" 2>&1 || true
[ -f "$dir/serial.out" ] || { tail -n 5 "$dir/bochs.out" >&2; exit 1; }

# GRUB's terminal escapes and CRs out, blank lines dropped.
tr -d '\r' < "$dir/serial.out" | sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' | grep -v '^ *$' \
	| tee "$dir/out"
tail -n 1 "$dir/out" | grep -q '^SUMMARY: .* 0 failures'
