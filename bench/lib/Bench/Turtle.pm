# SPDX-License-Identifier: GPL-2.0-only
# Bench::Turtle: one run of bench-ops.elf (or another bench image) under
# build/turtle, single level or nested under l1-hv (raw, pv or native), L1
# on either engine, with its guest output and stats.
package Bench::Turtle;
use strict;
use warnings;
use JSON::PP;
use POSIX ();

use Bench::Guest;

# The configurations, in the order a repetition runs them.  engine is
# where the image (single level) or L1 (nested) runs; L2 always runs on
# kvm.  pv_twin: the pv flavour on the same engine (for the raw/pv ratio);
# kvm_twin: the same flavour with L1 on kvm (for the tcg/kvm ratio).
# The native flavour runs only on tcg: this host's KVM refuses CR4.VMXE.
our @CONFIGS = (
	{ level => 'single',            engine => 'kvm', l1 => undef },
	{ level => 'nested-raw',        engine => 'kvm', l1 => 'testvms/l1-hv-raw.elf',
	  pv_twin => 'nested-pv' },
	{ level => 'nested-pv',         engine => 'kvm', l1 => 'testvms/l1-hv-pv.elf' },
	{ level => 'nested-raw-tcg',    engine => 'tcg', l1 => 'testvms/l1-hv-raw.elf',
	  kvm_twin => 'nested-raw', pv_twin => 'nested-pv-tcg' },
	{ level => 'nested-pv-tcg',     engine => 'tcg', l1 => 'testvms/l1-hv-pv.elf',
	  kvm_twin => 'nested-pv' },
	{ level => 'nested-native-tcg', engine => 'tcg', l1 => 'testvms/l1-hv-native.elf' },
);

# Runs @cmd with stdout and stderr to files; returns the exit status
# (128 + N for a signal, as the shell does).
sub _system {
	my ($cmd, $out, $err) = @_;
	my $pid = fork() // die "bench: fork: $!\n";

	if (!$pid) {
		open(STDIN, '<', '/dev/null');
		open(STDOUT, '>', $out) or POSIX::_exit(127);
		open(STDERR, '>', $err) or POSIX::_exit(127);
		exec(@$cmd) or POSIX::_exit(127);
	}
	waitpid($pid, 0);
	return $? & 127 ? 128 + ($? & 127) : $? >> 8;
}

sub _slurp {
	my ($path) = @_;
	open(my $fh, '<', $path) or return '';
	local $/;
	my $s = <$fh>;
	return $s // '';
}

# The UART's ports (0x3f8-0x3ff): every character printed is two exits,
# and l1-hv prints counts whose width depends on N.
my @CONSOLE = map { sprintf('0x%x', $_) } 0x3f8 .. 0x3ff;

# The stats numbers the bench uses, per level, and the "nested" section
# (turtle-stats/2).  Exit counts leave out INTR exits (L0's kick timer, a
# stray signal), which depend on timing, and the console's: what remains is
# the workload's, exact.  A level on the tcg engine issues no ioctl: its
# exits are returns from the translator, and its time "in KVM_RUN" is the
# time in the translator's run.
sub counters {
	my ($doc) = @_;
	my %c = (levels => {});

	for my $name (sort keys %{$doc->{levels} // {}}) {
		my $l = $doc->{levels}{$name};
		my $console = 0;
		for my $port (@CONSOLE) {
			my $p = $l->{io_ports}{$port} or next;
			$console += ($p->{reads} // 0) + ($p->{writes} // 0);
		}
		my $engine = $l->{engine} // 'kvm';
		my $intr = $l->{events}{INTR} // $l->{kvm_exits}{INTR} // 0;
		$c{levels}{$name} = {
			engine => $engine,
			exits => ($l->{exits} // 0) - $intr - $console,
			intr => $intr,
			console => $console,
			# On kvm each exit left out was a KVM_RUN too.
			ioctls => ($l->{ioctls}{KVM_RUN} // 0) + ($l->{ioctls}{other} // 0)
				  - ($engine eq 'kvm' ? $intr + $console : 0),
			l0_cpu_ns => $l->{time}{l0_cpu_ns} // 0,
			guest_ns => $l->{time}{guest_ns} // 0,
		};
	}
	my $n = $doc->{nested} // {};
	$c{nested}{$_} = $n->{$_} for grep { defined $n->{$_} }
		qw(reflected switches l0_cpu_ns_per_switch exit_multiplication ioctls_per_reflected_exit);
	return \%c;
}

# One run.  %a: build, config (from @CONFIGS, or any hash with l1 and
# engine), args ("NAME N ..."), tmp, timeout; optional image (default
# bench/bench-ops.elf, relative to build) and wrap (a command and its
# arguments to run turtle under, e.g. valgrind).  Returns { status, guest
# (Bench::Guest::parse), counters, error }.
sub run {
	my (%a) = @_;
	my $b = $a{build};
	my $image = "$b/" . ($a{image} // 'bench/bench-ops.elf');
	my ($stats, $serial, $err) = map { "$a{tmp}/turtle.$_" } qw(json serial err);
	my @cmd = (@{$a{wrap} // []}, "$b/turtle", 'run', '--quiet', '--stats', $stats,
		   '--serial', $serial, '--timeout', $a{timeout});
	my $engine = $a{config}{engine} // 'kvm';

	unlink $stats, $serial;
	if ($a{config}{l1}) {
		push @cmd, '--l1-engine', $engine, '--module', "$image=$a{args}", "$b/$a{config}{l1}";
	} else {
		push @cmd, '--engine', $engine, $image, '--', split(' ', $a{args});
	}
	my $status = _system(\@cmd, "$a{tmp}/turtle.out", $err);
	my $text = _slurp($serial);
	my %r = (status => $status,
		 guest => Bench::Guest::parse(map { [undef, $_] } split /^/, $text));
	my $doc = eval { decode_json(_slurp($stats)) };
	$r{counters} = $doc ? counters($doc) : undef;
	my ($first_err) = grep { /\S/ } split /\n/, _slurp($err);
	$r{error} = $first_err;
	return \%r;
}

# Why the run is not usable, or undef.
sub problem {
	my ($r, $phases) = @_;
	# 128 + N: turtle itself died of signal N (it ends a guest stopped by
	# SIGINT or SIGTERM with 130 or 143, which the bench never sends).
	return 'turtle died of signal ' . ($r->{status} - 128) if $r->{status} > 128;
	my $p = Bench::Guest::problem($r->{guest}, $phases);

	return $p if defined $p;
	return "turtle exit status $r->{status}" . ($r->{error} ? ": $r->{error}" : '')
		if $r->{status} != 0;
	return 'no stats written' unless $r->{counters};
	return undef;
}

# A failed run is made again, up to this many runs in all: with L1 on tcg
# some runs fail (the engine is young), and a failure is recorded, never
# hidden: the cells count them and say why.
our $ATTEMPTS = 5;

# run(%a) until a run is usable.  %a as for run(), plus phases and
# failures (an array the reasons of failed runs are pushed to).  Returns
# the last run and, when every attempt failed, the last reason.
sub run_retried {
	my (%a) = @_;
	my ($r, $p);

	for (1 .. $ATTEMPTS) {
		$r = run(%a);
		$p = problem($r, $a{phases}) // return ($r, undef);
		push @{$a{failures}}, $p;
	}
	return ($r, $p);
}

1;
