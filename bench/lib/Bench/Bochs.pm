# SPDX-License-Identifier: GPL-2.0-only
# Bench::Bochs: the peer.  The same images boot from a GRUB rescue ISO
# (multiboot, plus a module for the nested case) in Debian's Bochs, headless,
# the serial port to a FIFO that the driver reads as it comes, so that each
# phase is timed with the host clock between the guest's "begin" and "end"
# lines (Bochs' TSC counts emulated instructions, not time).
package Bench::Bochs;
use strict;
use warnings;
use File::Basename qw(basename);
use File::Path qw(make_path);
use IO::Select;
use POSIX qw(WNOHANG mkfifo);
use Time::HiRes qw(time);

use Bench::Guest;

# A CPU model with VMX and EPT (Bochs' corei7_haswell_4770 has both).
our $CPU = 'corei7_haswell_4770';
# Emulated instructions per emulated second: low, so that the UART, which
# sends at 115200 baud in emulated time, keeps up with the guest's bounded
# polling (testvms/lib/console.c) and the BIOS' timer waits are short.
our $IPS = 1000000;
our $MEGS = 128;

our @CONFIGS = (
	{ level => 'single',     l1 => undef },
	{ level => 'nested-raw', l1 => 'bench/l1-hv-bochs.elf' },
);

sub available {
	my $check = q{command -v bochs && command -v grub-mkrescue && command -v xorriso && }
		  . q{test -f /usr/share/bochs/BIOS-bochs-latest && test -f /usr/share/vgabios/vgabios.bin};

	return system("( $check ) >/dev/null 2>&1") == 0;
}

sub _write {
	my ($path, $text) = @_;
	open(my $fh, '>', $path) or die "bench: $path: $!\n";
	print $fh $text;
	close $fh or die "bench: $path: $!\n";
}

# A bootable ISO for one configuration: returns its path.  %a: build,
# config, tmp, args, and image (default bench/bench-ops.elf, relative to
# build).
sub make_iso {
	my (%a) = @_;
	my $dir = "$a{tmp}/iso-$a{config}{level}";
	my $b = $a{build};
	my $image = $a{image} // 'bench/bench-ops.elf';
	my $name = basename($image);
	my $entry;

	make_path("$dir/boot/grub");
	system('cp', "$b/$image", "$dir/boot/") == 0 or die "bench: cp failed\n";
	if ($a{config}{l1}) {
		system('cp', "$b/$a{config}{l1}", "$dir/boot/l1.elf") == 0 or die "bench: cp failed\n";
		$entry = "\tmultiboot /boot/l1.elf l1.elf\n"
		       . "\tmodule /boot/$name $name $a{args}\n";
	} else {
		$entry = "\tmultiboot /boot/$name $name $a{args}\n";
	}
	_write("$dir/boot/grub/grub.cfg", "set timeout=0\nset default=0\n"
	       . "serial --unit=0 --speed=115200\nterminal_output serial\n"
	       . "menuentry bench {\n$entry\tboot\n}\n");
	my $iso = "$a{tmp}/bench-$a{config}{level}.iso";
	system("grub-mkrescue -o '$iso' '$dir' >'$a{tmp}/grub-mkrescue.log' 2>&1") == 0
		or die "bench: grub-mkrescue failed (see $a{tmp}/grub-mkrescue.log)\n";
	return $iso;
}

sub _bochsrc {
	my ($tmp, $iso, $fifo) = @_;
	my $rc = "$tmp/bochsrc";

	# rfb with timeout=0: Debian's bochs has no "nogui" library, and this
	# one waits for no viewer.
	_write($rc, join("\n",
		"megs: $MEGS",
		"cpu: model=$CPU, ips=$IPS",
		'romimage: file=/usr/share/bochs/BIOS-bochs-latest',
		'vgaromimage: file=/usr/share/vgabios/vgabios.bin',
		"ata0-master: type=cdrom, path=$iso, status=inserted",
		'boot: cdrom',
		'display_library: rfb, options="timeout=0"',
		'speaker: enabled=0',
		'sound: driver=dummy',
		"com1: enabled=1, mode=file, dev=$fifo",
		'clock: sync=none',
		"log: $tmp/bochs.log",
		'info: action=ignore',
		'panic: action=fatal', ''));
	# Debian's bochs has its debugger built in: it waits for a command.
	_write("$tmp/bochs.dbg", "continue\n");
	return $rc;
}

# Reads the FIFO until Bochs exits; each line with its arrival time.
sub _collect {
	my ($in, $pid, $timeout) = @_;
	my ($buf, @lines, $status) = ('');
	my $sel = IO::Select->new($in);
	my $deadline = time + $timeout;

	while (1) {
		if ($sel->can_read(0.05)) {
			sysread($in, $buf, 4096, length $buf);
			my $t = time;
			push @lines, [$t, $1] while $buf =~ s/^([^\n]*\n)//;
		}
		if (waitpid($pid, WNOHANG) == $pid) {
			$status = $? >> 8;
			last unless $sel->can_read(0.05);
		} elsif (time > $deadline) {
			kill 'KILL', $pid;
			waitpid($pid, 0);
			$status = 124;
			last;
		}
	}
	push @lines, [time, $buf] if length $buf;
	return ($status, @lines);
}

# One boot.  %a: iso, tmp, timeout.  Returns { guest, status, error }.
sub run {
	my (%a) = @_;
	my $fifo = "$a{tmp}/com1";

	unlink $fifo;
	mkfifo($fifo, 0600) or die "bench: mkfifo $fifo: $!\n";
	# Read-write, so that the open does not wait for Bochs.
	open(my $in, '+<', $fifo) or die "bench: $fifo: $!\n";
	my $rc = _bochsrc($a{tmp}, $a{iso}, $fifo);
	my $pid = fork() // die "bench: fork: $!\n";
	if (!$pid) {
		open(STDIN, '<', '/dev/null');
		open(STDOUT, '>', "$a{tmp}/bochs.out");
		open(STDERR, '>&', \*STDOUT);
		exec('bochs', '-q', '-f', $rc, '-rc', "$a{tmp}/bochs.dbg") or POSIX::_exit(127);
	}
	my ($status, @lines) = _collect($in, $pid, $a{timeout});
	close $in;
	unlink $fifo;
	my %r = (guest => Bench::Guest::parse(@lines), status => $status, live => 1);
	$r{error} = $status == 124 ? "Bochs ran past $a{timeout} s" : undef;
	return \%r;
}

# Why the run is not usable, or undef.  Bochs ends with status 1 on the
# guest's "Shutdown" (testvms/lib/console.c); the guest's SUMMARY decides.
sub problem {
	my ($r, $phases) = @_;
	my $p = $r->{error} // Bench::Guest::problem($r->{guest}, $phases);

	return $p if defined $p;
	for my $phase (@$phases) {
		return "phase $phase: no begin line to time it from"
			unless defined $r->{guest}{phases}{$phase}{wall_s};
	}
	return undef;
}

1;
