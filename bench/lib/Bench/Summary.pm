# Bench::Summary: from the runs to the cells of the results, one cell per
# (platform, level, phase).  Times are per operation, median and range over
# the repetitions; ratios are taken per repetition between runs made side by
# side (single level, then nested, in the same repetition) and then
# summarised, so that the host's drift between repetitions cancels.  Exit
# counts are exact: the run with N minus a run with N = 0, whose output has
# the same length (bench/guest/bench-ops.c), divided by the operations.
package Bench::Summary;
use strict;
use warnings;
use JSON::PP ();
use POSIX qw(floor);

# Every cell has every one of these keys (null where it does not apply);
# the smoke test checks it.
our @CELL_KEYS = qw(workload phase op what route N ops platform level repetitions
	status reason time_source per_op_ns guest_tsc_per_op ratio ratio_raw_to_pv
	exits exits_per_op exit_multiplication deterministic ioctls_per_op
	ioctls_per_reflected_exit kvm_run_floor l0_cpu_ns_per_switch);

sub spread {
	my @v = sort { $a <=> $b } grep { defined } @_;
	return undef unless @v;
	my $mid = floor($#v / 2);
	my $median = @v % 2 ? $v[$mid] : ($v[$mid] + $v[$mid + 1]) / 2;
	return { median => $median, min => $v[0], max => $v[-1], n => scalar @v };
}

sub _round {
	my ($x, $digits) = @_;
	return defined $x ? 0 + sprintf("%.${digits}f", $x) : undef;
}

# Per-operation time of one run's phase, in ns: from the host clock when
# the run was timed live (Bochs, whose TSC is virtual), else from the
# guest's TSC, which is the host's under KVM.
sub per_op_ns {
	my ($run, $phase, $tsc_hz) = @_;
	my $p = $run->{guest}{phases}{$phase} or return undef;

	return undef unless $p->{ops};
	return $run->{live} ? (defined $p->{wall_s} ? $p->{wall_s} * 1e9 / $p->{ops} : undef)
			    : $p->{tsc} * 1e9 / $tsc_hz / $p->{ops};
}

# Exit accounting of a Turtle workload at one level (nested columns only
# where nested stats exist): the rep runs (all with N) and the N = 0 run.
sub _exit_fields {
	my ($w, $runs, $base, $ops, $nested) = @_;
	my %f;
	my $c = $runs->[0]{counters};
	my $b = $base && $base->{counters};

	return \%f unless $c;
	$f{exits} = { map { $_ => $c->{levels}{$_}{exits} } keys %{$c->{levels}} };
	my %seen;
	for my $r (@$runs) {
		my $lv = $r->{counters}{levels};
		$seen{join(",", map { "$_=$lv->{$_}{exits}" } sort keys %$lv)} = 1;
	}
	$f{deterministic} = keys %seen == 1 ? JSON::PP::true() : JSON::PP::false();
	return \%f unless $b && $ops;

	my (%per, $ioctls);
	for my $l (keys %{$c->{levels}}) {
		my $bl = $b->{levels}{$l} // { exits => 0, ioctls => 0 };
		$per{$l} = _round(($c->{levels}{$l}{exits} - $bl->{exits}) / $ops, 3);
		$ioctls += ($c->{levels}{$l}{ioctls} - $bl->{ioctls}) / $ops;
	}
	$f{exits_per_op} = \%per;
	$f{ioctls_per_op} = _round($ioctls, 3);
	return \%f unless $nested && $w->{route} eq 'REFLECTED' && $per{L2};

	# A reflected exit is one L2 exit, and the L1 traps it causes.
	$f{exit_multiplication} = _round(($per{L1} // 0) / $per{L2}, 3);
	$f{ioctls_per_reflected_exit} = _round($ioctls / $per{L2}, 3);
	$f{kvm_run_floor} = 2;
	# L0's own switch timer when the stats have it, else all L0 CPU time
	# of the operation over its two switches (L2 to L1 and back).
	my @ns = map {
		my $rc = $_->{counters};
		$rc->{switches} ? $rc->{switch_cpu_ns} / $rc->{switches} : do {
			my $t = 0;
			for my $l (keys %{$rc->{levels}}) {
				$t += $rc->{levels}{$l}{l0_cpu_ns} - ($b->{levels}{$l}{l0_cpu_ns} // 0);
			}
			$t / $ops / (2 * $per{L2});
		}
	} @$runs;
	$f{l0_cpu_ns_per_switch} = spread(@ns);
	return \%f;
}

# One cell.  %a: platform, config, w, phase, runs (the good ones, by rep),
# reason (undef when ok), base (N = 0 run), single (single-level runs by
# rep), pv (nested-pv runs by rep), tsc_hz, n, time_source.
sub cell {
	my (%a) = @_;
	my $w = $a{w};
	my %c = map { $_ => undef } @CELL_KEYS;

	@c{qw(workload phase op what route N platform level time_source)} =
		($w->{name}, $a{phase}, $w->{op}, $w->{what}, $w->{route}, $a{n},
		 $a{platform}, $a{config}{level}, $a{time_source});
	my @reps = grep { defined $a{runs}{$_} } sort { $a <=> $b } keys %{$a{runs}};
	$c{repetitions} = scalar @reps;
	if (defined $a{reason} || !@reps) {
		@c{qw(status reason)} = ('n/a', $a{reason} // 'no run');
		return \%c;
	}
	$c{status} = 'ok';
	my %t = map { $_ => per_op_ns($a{runs}{$_}, $a{phase}, $a{tsc_hz}) } @reps;
	$c{ops} = $a{runs}{$reps[0]}{guest}{phases}{$a{phase}}{ops};
	$c{per_op_ns} = spread(values %t);
	$c{guest_tsc_per_op} = spread(map {
		my $p = $a{runs}{$_}{guest}{phases}{$a{phase}};
		$p->{ops} ? $p->{tsc} / $p->{ops} : undef } @reps);
	$c{ratio} = _ratio(\%t, $a{single}, $a{phase}, $a{tsc_hz}, 'single') if $a{config}{l1};
	$c{ratio_raw_to_pv} = _ratio(\%t, $a{pv}, $a{phase}, $a{tsc_hz}, 'nested-pv') if $a{pv};
	if ($a{platform} eq 'turtle') {
		my $f = _exit_fields($w, [map { $a{runs}{$_} } @reps], $a{base}, $c{ops},
				     $a{config}{l1});
		@c{keys %$f} = values %$f;
	}
	return \%c;
}

# Per repetition: this time over the other configuration's, same rep.
sub _ratio {
	my ($t, $other, $phase, $hz, $name) = @_;
	my @r;

	for my $rep (keys %$t) {
		my $o = $other->{$rep} && per_op_ns($other->{$rep}, $phase, $hz);
		push @r, $t->{$rep} / $o if $o && defined $t->{$rep};
	}
	my $s = spread(@r) or return undef;
	$s->{to} = $name;
	return $s;
}

1;
