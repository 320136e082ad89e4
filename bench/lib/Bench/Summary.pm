# SPDX-License-Identifier: GPL-2.0-only
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
our @CELL_KEYS = qw(workload phase op what route N ops platform level engine repetitions
	status reason time_source per_op_ns guest_tsc_per_op ratio ratio_raw_to_pv ratio_to_kvm
	exits exits_per_op reflected_per_op exit_multiplication deterministic
	ioctls_per_op ioctls_per_reflected_exit kvm_run_floor l0_cpu_ns_per_switch
	l0_cpu_ns_per_reflected_exit guest_ns_per_op turtle_stats failed_runs failure_reasons);

# The runs that failed and were made again (Bench::Turtle::run_retried):
# how many, and each reason with its count.
sub failures {
	my ($reasons) = @_;
	my %by;
	$by{$_}++ for @{$reasons // []};
	return (scalar @{$reasons // []}, %by ? \%by : undef);
}

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

# Exit accounting of a Turtle workload at one level: the rep runs (all
# with N) against the N = 0 run, per operation.  Nested, per reflected
# exit: the L1 exits (traps to L0) it costs, the ioctls (floor: two
# KVM_RUNs, one per level), and all of L0's CPU time.  L0's own measure of
# a level switch, and its whole-run figures, come from the stats as they are.
sub _exit_fields {
	my ($w, $runs, $base, $ops, $nested, $engine) = @_;
	my %f;
	my $c = $runs->[0]{counters};
	my $b = $base && $base->{counters};

	return \%f unless $c;
	$f{exits} = { map { $_ => $c->{levels}{$_}{exits} } keys %{$c->{levels}} };
	my %seen;
	for my $r (@$runs) {
		my $lv = $r->{counters}{levels};
		$seen{join(',', map { "$_=$lv->{$_}{exits}" } sort keys %$lv)} = 1;
	}
	$f{deterministic} = keys %seen == 1 ? JSON::PP::true() : JSON::PP::false();
	# Whole-run figures: they mean something where the workload's
	# reflected exits outnumber l1-hv's own setup.
	if ($nested && $c->{nested} && $w->{route} eq 'REFLECTED') {
		$f{turtle_stats} = $c->{nested};
		$f{l0_cpu_ns_per_switch} = spread(map { $_->{counters}{nested}{l0_cpu_ns_per_switch} } @$runs);
	}
	return \%f unless $b && $ops;

	my (%per, $ioctls);
	for my $l (keys %{$c->{levels}}) {
		my $bl = $b->{levels}{$l} // { exits => 0, ioctls => 0 };
		$per{$l} = _round(($c->{levels}{$l}{exits} - $bl->{exits}) / $ops, 3);
		$ioctls += ($c->{levels}{$l}{ioctls} - $bl->{ioctls}) / $ops;
	}
	$f{exits_per_op} = \%per;
	$f{ioctls_per_op} = _round($ioctls, 3);
	# Where the time goes: inside KVM_RUN, per level (medians), for the
	# levels that exit at each operation (elsewhere it is noise, and a
	# workload run of two phases would blur it).
	for my $l (grep { $per{$_} > 0 } keys %{$c->{levels}}) {
		my $s = spread(map { ($_->{counters}{levels}{$l}{guest_ns}
				      - ($b->{levels}{$l}{guest_ns} // 0)) / $ops } @$runs);
		$f{guest_ns_per_op}{$l} = $s && _round($s->{median}, 0);
	}
	return \%f unless $nested && defined $c->{nested}{reflected};

	my $refl = ($c->{nested}{reflected} - ($b->{nested}{reflected} // 0)) / $ops;
	$f{reflected_per_op} = _round($refl, 3);
	return \%f unless $refl > 0;
	$f{exit_multiplication} = _round(($per{L1} // 0) / $refl, 3);
	$f{ioctls_per_reflected_exit} = _round($ioctls / $refl, 3);
	$f{kvm_run_floor} = $engine eq 'tcg' ? 1 : 2;
	$f{l0_cpu_ns_per_reflected_exit} = spread(map {
		my $lv = $_->{counters}{levels};
		my $t = 0;
		$t += $lv->{$_}{l0_cpu_ns} - ($b->{levels}{$_}{l0_cpu_ns} // 0) for keys %$lv;
		$t / $ops / $refl;
	} @$runs);
	return \%f;
}

# One cell.  %a: platform, config, w, phase, runs (the good ones, by rep),
# reason (undef when ok), base (N = 0 run), single (single-level runs by
# rep), pv (the pv flavour's runs on the same engine, by rep), kvm (the
# same flavour's runs with L1 on kvm, by rep), failures (reasons of the
# runs that failed), tsc_hz, n, time_source.
sub cell {
	my (%a) = @_;
	my $w = $a{w};
	my %c = map { $_ => undef } @CELL_KEYS;

	@c{qw(workload phase op what route N platform level engine time_source)} =
		($w->{name}, $a{phase}, $w->{op}, $w->{what}, $w->{route}, $a{n},
		 $a{platform}, $a{config}{level}, $a{config}{engine}, $a{time_source});
	my @reps = grep { defined $a{runs}{$_} } sort { $a <=> $b } keys %{$a{runs}};
	$c{repetitions} = scalar @reps;
	@c{qw(failed_runs failure_reasons)} = failures($a{failures}) if $a{platform} eq 'turtle';
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
	$c{ratio_raw_to_pv} = _ratio(\%t, $a{pv}, $a{phase}, $a{tsc_hz}, $a{config}{pv_twin})
		if $a{pv};
	$c{ratio_to_kvm} = _ratio(\%t, $a{kvm}, $a{phase}, $a{tsc_hz}, $a{config}{kvm_twin})
		if $a{kvm};
	if ($a{platform} eq 'turtle') {
		my $f = _exit_fields($w, [map { $a{runs}{$_} } @reps], $a{base}, $c{ops},
				     $a{config}{l1}, $a{config}{engine});
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
