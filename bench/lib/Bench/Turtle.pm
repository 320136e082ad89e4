# Bench::Turtle: one run of bench-ops.elf under build/turtle, single level
# or nested under l1-hv (raw or pv), with its guest output and stats.
package Bench::Turtle;
use strict;
use warnings;
use JSON::PP;
use POSIX ();

use Bench::Guest;

# The configurations, in the order a repetition runs them.
our @CONFIGS = (
	{ level => 'single',     l1 => undef },
	{ level => 'nested-raw', l1 => 'testvms/l1-hv-raw.elf' },
	{ level => 'nested-pv',  l1 => 'testvms/l1-hv-pv.elf' },
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
# the workload's, exact.
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
		$c{levels}{$name} = {
			exits => ($l->{exits} // 0) - ($l->{kvm_exits}{INTR} // 0) - $console,
			intr => $l->{kvm_exits}{INTR} // 0,
			console => $console,
			# Each exit left out was a KVM_RUN too.
			ioctls => ($l->{ioctls}{KVM_RUN} // 0) + ($l->{ioctls}{other} // 0)
				  - ($l->{kvm_exits}{INTR} // 0) - $console,
			l0_cpu_ns => $l->{time}{l0_cpu_ns} // 0,
			guest_ns => $l->{time}{guest_ns} // 0,
		};
	}
	my $n = $doc->{nested} // {};
	$c{nested}{$_} = $n->{$_} for grep { defined $n->{$_} }
		qw(reflected switches l0_cpu_ns_per_switch exit_multiplication ioctls_per_reflected_exit);
	return \%c;
}

# One run.  %a: build, config (from @CONFIGS), args ("NAME N ..."), tmp,
# timeout.  Returns { status, guest (Bench::Guest::parse), counters, error }.
sub run {
	my (%a) = @_;
	my $b = $a{build};
	my $image = "$b/bench/bench-ops.elf";
	my ($stats, $serial, $err) = map { "$a{tmp}/turtle.$_" } qw(json serial err);
	my @cmd = ("$b/turtle", 'run', '--quiet', '--stats', $stats, '--serial', $serial,
		   '--timeout', $a{timeout});

	unlink $stats, $serial;
	if ($a{config}{l1}) {
		push @cmd, '--module', "$image=$a{args}", "$b/$a{config}{l1}";
	} else {
		push @cmd, $image, '--', split(' ', $a{args});
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
	my $p = Bench::Guest::problem($r->{guest}, $phases);

	return $p if defined $p;
	return "turtle exit status $r->{status}" . ($r->{error} ? ": $r->{error}" : '')
		if $r->{status} != 0;
	return 'no stats written' unless $r->{counters};
	return undef;
}

1;
