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

# The stats numbers the bench uses, per level, and the nested counters if
# this turtle writes them (wherever they sit in the document).
sub counters {
	my ($doc) = @_;
	my %c = (levels => {});

	for my $name (sort keys %{$doc->{levels} // {}}) {
		my $l = $doc->{levels}{$name};
		$c{levels}{$name} = {
			exits => $l->{exits} // 0,
			kvm_run => $l->{ioctls}{KVM_RUN} // 0,
			ioctls => ($l->{ioctls}{KVM_RUN} // 0) + ($l->{ioctls}{other} // 0),
			l0_cpu_ns => $l->{time}{l0_cpu_ns} // 0,
		};
	}
	$c{switches} = _find($doc, 'switches');
	$c{switch_cpu_ns} = _find($doc, 'switch_cpu_ns');
	return \%c;
}

# The first number under a key of that name, depth first.
sub _find {
	my ($v, $key) = @_;

	return undef unless ref $v eq 'HASH';
	return $v->{$key} if defined $v->{$key} && !ref $v->{$key};
	for my $k (sort keys %$v) {
		my $f = _find($v->{$k}, $key);
		return $f if defined $f;
	}
	return undef;
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
