#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/lib/mkimage.pl KIND OUT: write a small Multiboot v1 ELF
# image (or a deliberately broken one) for the integration tests.
#   hello   prints "hi\n" on the UART and writes 7 to the debug-exit port
#   spin    loops forever (for --timeout and signals)
#   hlt     halts with interrupts off
#   triple  loads an empty IDT and raises #UD: a triple fault
#   elf64   like hello, as an ELF64 image
#   hispin  prints "hi\n", then loops forever (a guest known to be running)
#   chatter prints "x\n" on the UART for ever (for a closed stdout)
#   page0   one segment in page 0; exits with the first byte of its first
#           module (a module placed over the boot information gives 0x4d,
#           the low byte of the info flags)
#   noelf, truncated, nomb, beyond, overlap: broken images
#   bssentry (entry point in the BSS), wrap (ELF64 segment whose end
#           wraps past 2^64), wrapoff (ELF64 segment whose file bytes
#           wrap): broken images
use strict;
use warnings;
no warnings 'portable';	# 64-bit addresses in the ELF64 rows

my ($kind, $out) = @ARGV;
die "usage: mkimage.pl KIND OUT\n" unless defined $out;

my $base = 0x100000;
my %code = (
	hello  => "\x66\xba\xf8\x03" . "\xb0h\xee\xb0i\xee\xb0\n\xee" . "\xb0\x07\xe6\xf4" . "\xf4",
	spin   => "\xeb\xfe",
	hlt    => "\xfa\xf4",
	# lidt [idtr] with a zero limit, then ud2
	triple => "\x0f\x01\x1d" . pack('V', 0) . "\x0f\x0b",
	hispin => "\x66\xba\xf8\x03" . "\xb0h\xee\xb0i\xee\xb0\n\xee" . "\xeb\xfe",
	# mov dx, 0x3f8; again: mov al, 'x'; out dx, al; mov al, 10; out dx, al; jmp again
	chatter => "\x66\xba\xf8\x03" . "\xb0x\xee\xb0\n\xee\xeb\xf8",
	# mov eax, [ebx + 24] (mods_addr); mov eax, [eax] (mod_start);
	# mov al, [eax]; out 0xf4, al; hlt
	page0  => "\x8b\x43\x18" . "\x8b\x00" . "\x8a\x00" . "\xe6\xf4" . "\xf4",
);

sub mbheader { my $f = 3; return pack('VVV', 0x1badb002, $f, (-(0x1badb002 + $f)) & 0xffffffff) }

# ELF32: ehdr (52) + phdrs (32 each), multiboot header, code.
our $entry_at;	# the entry point, if not the code after the multiboot header

sub elf32 {
	my ($body, @segs) = @_;	# segs: [paddr, offset, filesz, memsz]
	my $phoff = 52;
	my $entry = $entry_at // $base + $phoff + 32 * @segs + 12;
	my $eh = "\x7fELF" . pack('CCCC', 1, 1, 1, 0) . ("\0" x 8)
		. pack('vvVVVVVvvvvvv', 2, 3, 1, $entry, $phoff, 0, 0, 52, 32, scalar @segs, 40, 0, 0);
	my $ph = join '', map { pack('VVVVVVVV', 1, $_->[1], $_->[0], $_->[0], $_->[2], $_->[3], 7, 4096) } @segs;
	return $eh . $ph . $body;
}

sub elf64 {
	my ($body, @more) = @_;	# more segments: [paddr, offset, filesz, memsz]
	my $phoff = 64;
	my $nseg = 1 + @more;
	my $entry = $base + $phoff + 56 * $nseg + 12;
	my $len = $phoff + 56 * $nseg + length $body;
	my $eh = "\x7fELF" . pack('CCCC', 2, 1, 1, 0) . ("\0" x 8)
		. pack('vvVQ<Q<Q<VvvvvvV', 2, 62, 1, $entry, $phoff, 0, 0, 64, 56, $nseg, 64, 0, 0);
	$eh = substr($eh, 0, 64);
	my $ph = pack('VVQ<Q<Q<Q<Q<Q<', 1, 7, 0, $base, $base, $len, $len, 4096);
	$ph .= pack('VVQ<Q<Q<Q<Q<Q<', 1, 7, $_->[1], $_->[0], $_->[0], $_->[2], $_->[3], 4096) for @more;
	return $eh . $ph . $body;
}

sub simple {
	my ($code, $nseg) = @_;
	my $body = mbheader() . $code;
	my $len = 52 + 32 + length $body;
	return elf32($body, [$base, 0, $len, $len + 4096]);
}

my $img;
if ($kind eq 'page0') {
	# Linked and loaded at 0: ehdr, phdr, header, code, all below 0x1000.
	my $body = mbheader() . $code{page0};
	my $len = 52 + 32 + length $body;
	local $entry_at = 52 + 32 + 12;
	$img = elf32($body, [0, 0, $len, $len]);
} elsif ($kind eq 'bssentry') {
	my $body = mbheader() . $code{hello};
	my $len = 52 + 32 + length $body;
	local $entry_at = $base + $len + 16;
	$img = elf32($body, [$base, 0, $len, $len + 4096]);
} elsif ($kind eq 'wrap') {
	$img = elf64(mbheader() . $code{hello}, [0xffffffffffffff00, 0, 16, 0x200]);
} elsif ($kind eq 'wrapoff') {
	$img = elf64(mbheader() . $code{hello}, [0x200000, 0xffffffffffffff00, 0x200, 0x200]);
} elsif (exists $code{$kind}) {
	$img = simple($code{$kind});
} elsif ($kind eq 'elf64') {
	$img = elf64(mbheader() . $code{hello});
} elsif ($kind eq 'noelf') {
	$img = "#!/bin/sh\necho not an image\n";
} elsif ($kind eq 'truncated') {
	$img = substr(simple($code{hello}), 0, 40);
} elsif ($kind eq 'nomb') {
	my $body = "\0" x 12 . $code{hello};
	my $len = 52 + 32 + length $body;
	$img = elf32($body, [$base, 0, $len, $len]);
} elsif ($kind eq 'beyond') {
	my $body = mbheader() . $code{hello};
	my $len = 52 + 64 + length $body;
	$img = elf32($body, [$base, 0, $len, $len], [0x7fff0000, 0, 16, 0x100000]);
} elsif ($kind eq 'overlap') {
	my $body = mbheader() . $code{hello};
	my $len = 52 + 64 + length $body;
	$img = elf32($body, [$base, 0, $len, $len], [$base + 16, 0, 16, 16]);
} else {
	die "mkimage.pl: unknown kind '$kind'\n";
}
open(my $fh, '>:raw', $out) or die "mkimage.pl: $out: $!\n";
print $fh $img;
close $fh;
