#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/stop_race.t: a stop that comes early is never lost
# (issue 10, defect 5).  Many quick repetitions, on both engines:
#   - --timeout 0.000001: the deadline passes before the vCPU thread has a
#     vcpu to kick; every run must end with 124, stats written, the run
#     (wall_ns: vCPU thread start to join) under 100 ms;
#   - SIGTERM at a random moment of turtle's start (before or after the
#     guest is ready): every run must end with 143, the process gone
#     within 2 s of the signal (stats, teardown and a loaded host's
#     scheduling included; the figures are printed); once the guest has
#     started (turtle exits by itself rather than dying of the signal) the
#     stats say 143.
# A run still alive after 10 s is killed and counted as lost.
# TURTLE_RACE_RUNS=N sets the repetitions per engine (default 200),
# TURTLE_RACE_ENGINES which engines ('kvm tcg'); docs/reliability.md has
# 1000 each.
use strict;
use warnings;
use File::Temp qw(tempdir);
use JSON::PP;
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(time sleep);

my $build = $ENV{TURTLE_BUILD} // do { (my $d = $0) =~ s{/[^/]*$}{}; "$d/../../build" };
my $turtle = "$build/turtle";
(my $dir = $0) =~ s{/[^/]*$}{};
my $work = tempdir('/tmp/turtle-race.XXXXXX', CLEANUP => 1);
my $n = 0;
my $failed = 0;
my $BOUND = 0.100;	# seconds: a --timeout run, vCPU thread start to join
my $EXIT = 2.0;		# seconds: signal to exit, stats written and all torn
			# down (~5 ms; a loaded host's scheduling adds to it)
my $LOST = 10;		# seconds: a run alive this long lost its stop

sub ok {
	my ($cond, $name) = @_;
	$n++;
	print(($cond ? "ok" : "not ok") . " $n - $name\n");
	$failed++ unless $cond;
}

sub diag { print map { "# $_\n" } @_ }

unless (-r '/dev/kvm' && -w '/dev/kvm') {
	print "1..0 # SKIP no usable /dev/kvm\n";
	exit 0;
}
my $spin = "$work/spin.elf";
system('perl', "$dir/lib/mkimage.pl", 'spin', $spin) == 0 or die "mkimage failed\n";

# Start turtle with ARGS (stdout and stderr to files); returns the pid.
sub start {
	my @args = @_;
	my $pid = fork() // die "fork: $!\n";
	if (!$pid) {
		# Whatever this test inherited: turtle leaves an ignored signal ignored.
		$SIG{$_} = 'DEFAULT' for qw(HUP INT QUIT PIPE TERM);
		open(STDOUT, '>', "$work/out") or die;
		open(STDERR, '>', "$work/err") or die;
		exec($turtle, 'run', @args) or die "exec: $!\n";
	}
	return $pid;
}

# Wait for pid at most $LOST seconds; returns the wait status (-1 when it
# had to be killed) and when it ended.
sub finish {
	my ($pid) = @_;
	my $limit = time + $LOST;
	while (time < $limit) {
		if (waitpid($pid, WNOHANG) == $pid) {
			return ($?, time);
		}
		sleep(0.0005);
	}
	kill('KILL', $pid);
	waitpid($pid, 0);
	return (-1, time);
}

# "median M ms, 99th percentile P ms, slowest S ms" of a list of seconds.
sub spread {
	my @t = sort { $a <=> $b } @_;
	return 'no figures' unless @t;
	return sprintf("median %.1f ms, 99th percentile %.1f ms, slowest %.1f ms",
		       $t[$#t / 2] * 1e3, $t[int(0.99 * $#t)] * 1e3, $t[-1] * 1e3);
}

sub stats_of {
	my ($path) = @_;
	open(my $f, '<', $path) or return undef;
	local $/;
	my $doc = eval { JSON::PP->new->decode(<$f>) };
	return $doc;
}

for my $engine (split ' ', $ENV{TURTLE_RACE_ENGINES} // 'kvm tcg') {
	my $runs = $ENV{TURTLE_RACE_RUNS} // 200;

	# --timeout 0.000001
	my ($good, @walls, @runs, @bad) = (0);
	for my $i (1 .. $runs) {
		my $stats = "$work/t.json";
		unlink($stats);
		my $t0 = time;
		my ($st, $end) = finish(start('--engine', $engine, '--timeout', '0.000001', '--stats', $stats, $spin));
		push @runs, $end - $t0;
		my $doc = stats_of($stats);
		my $wall = $doc ? $doc->{result}{wall_ns} / 1e9 : -1;
		push @walls, $wall if $doc;
		if ($st == 124 << 8 && $doc && $doc->{result}{status} == 124 && $wall < $BOUND) {
			$good++;
		} elsif (@bad < 5) {
			push @bad, sprintf("run %d: %s", $i,
					   $st < 0 ? 'lost (killed after 10 s)' :
					   sprintf("status %d signal %d, %s", $st >> 8, $st & 127,
						   $doc ? sprintf("wall %.1f ms", $wall * 1e3) : "no stats"));
		}
	}
	ok($good == $runs, "$engine: $good of $runs runs with --timeout 0.000001 exit 124 with stats within 100 ms");
	diag(@bad);
	diag(sprintf("%s: --timeout 0.000001, %d runs, vCPU thread start to join: %s",
		     $engine, $runs, spread(@walls)));

	# SIGTERM at a random moment of three times what a whole run took above
	# (~10-20 ms, more under ASan): about half land before the guest is
	# ready, half after.
	my $span = 3 * (sort { $a <=> $b } @runs)[$#runs / 2];
	my ($honoured, $started, @lates) = (0, 0);
	@bad = ();
	for my $i (1 .. $runs) {
		my $stats = "$work/s.json";
		unlink($stats);
		my $pid = start('--engine', $engine, '--stats', $stats, $spin);
		sleep(rand($span));
		my $sent = time;
		kill('TERM', $pid);
		my ($st, $end) = finish($pid);
		my $late = $end - $sent;
		push @lates, $late;
		my $exited = $st >= 0 && WIFEXITED($st);
		my $doc = $exited ? stats_of($stats) : undef;
		my $right = $st >= 0 && ($exited ? WEXITSTATUS($st) == 143 && $doc && $doc->{result}{status} == 143
						  : WTERMSIG($st) == 15);
		$started++ if $exited;
		if ($right && $late < $EXIT) {
			$honoured++;
		} elsif (@bad < 5) {
			push @bad, sprintf("run %d: %s, %.1f ms after the signal", $i,
					   $st < 0 ? 'lost (killed after 10 s)' :
					   $exited ? "status " . WEXITSTATUS($st) . ($doc ? '' : ', no stats') :
					   "signal " . WTERMSIG($st), $late * 1e3);
		}
	}
	ok($honoured == $runs, "$engine: $honoured of $runs early SIGTERMs end turtle with 143 within 2 s");
	diag(@bad);
	diag(sprintf("%s: SIGTERM within %.0f ms of the start, %d runs (%d after the guest started), signal to exit: %s",
		     $engine, $span * 1e3, $runs, $started, spread(@lates)));
	ok($started > 0, "$engine: some SIGTERMs reached a started guest (stats written)");
}

print "1..$n\n";
exit($failed ? 1 : 0);
