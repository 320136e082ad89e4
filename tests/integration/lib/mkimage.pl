#!/usr/bin/perl
# tests/integration/lib/mkimage.pl KIND OUT: write a small Multiboot v1 ELF
# image (or a deliberately broken one) for the integration tests.
#   hello   prints "hi\n" on the UART and writes 7 to the debug-exit port
#   spin    loops forever (for --timeout and signals)
#   hlt     halts with interrupts off
#   triple  loads an empty IDT and raises #UD: a triple fault
#   elf64   like hello, as an ELF64 image
#   noelf, truncated, nomb, beyond, overlap: broken images
use strict;
use warnings;

my ($kind, $out) = @ARGV;
die "usage: mkimage.pl KIND OUT\n" unless defined $out;

my $base = 0x100000;
my %code = (
	hello  => "\x66\xba\xf8\x03" . "\xb0h\xee\xb0i\xee\xb0\n\xee" . "\xb0\x07\xe6\xf4" . "\xf4",
	spin   => "\xeb\xfe",
	hlt    => "\xfa\xf4",
	# lidt [idtr] with a zero limit, then ud2
	triple => "\x0f\x01\x1d" . pack('V', 0) . "\x0f\x0b",
);

sub mbheader { my $f = 3; return pack('VVV', 0x1badb002, $f, (-(0x1badb002 + $f)) & 0xffffffff) }

# ELF32: ehdr (52) + phdrs (32 each), multiboot header, code.
sub elf32 {
	my ($body, @segs) = @_;	# segs: [paddr, offset, filesz, memsz]
	my $phoff = 52;
	my $entry = $base + $phoff + 32 * @segs + 12;
	my $eh = "\x7fELF" . pack('CCCC', 1, 1, 1, 0) . ("\0" x 8)
		. pack('vvVVVVVvvvvvv', 2, 3, 1, $entry, $phoff, 0, 0, 52, 32, scalar @segs, 40, 0, 0);
	my $ph = join '', map { pack('VVVVVVVV', 1, $_->[1], $_->[0], $_->[0], $_->[2], $_->[3], 7, 4096) } @segs;
	return $eh . $ph . $body;
}

sub elf64 {
	my ($body) = @_;
	my $phoff = 64;
	my $entry = $base + $phoff + 56 + 12;
	my $len = $phoff + 56 + length $body;
	my $eh = "\x7fELF" . pack('CCCC', 2, 1, 1, 0) . ("\0" x 8)
		. pack('vvVQ<Q<Q<VvvvvvV', 2, 62, 1, $entry, $phoff, 0, 0, 64, 56, 1, 64, 0, 0);
	$eh = substr($eh, 0, 64);
	my $ph = pack('VVQ<Q<Q<Q<Q<Q<', 1, 7, 0, $base, $base, $len, $len, 4096);
	return $eh . $ph . $body;
}

sub simple {
	my ($code, $nseg) = @_;
	my $body = mbheader() . $code;
	my $len = 52 + 32 + length $body;
	return elf32($body, [$base, 0, $len, $len + 4096]);
}

my $img;
if (exists $code{$kind}) {
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
