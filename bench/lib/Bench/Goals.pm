# SPDX-License-Identifier: GPL-2.0-only
# Bench::Goals: the L1-engine goals, each held against figures of the same
# run.  Per repetition where both sides were measured in it, then median,
# min and max; a goal is met when the median is within its limit.
#   reflected_vs_kvm_run  a reflected exit with L1 on tcg (time per
#                         reflected operation) over one bare KVM_RUN round
#                         trip: at most 2
#   reflected_vs_bochs    the same over Bochs' nested reflected exit (l1-hv
#                         on Bochs' VMX): below 1
#   cpl0_speedup          L1's CPL0 code, instructions per second on tcg
#                         over kvm (bench/cpl0.def): at least 100
package Bench::Goals;
use strict;
use warnings;
use JSON::PP ();

use Bench::Summary;

our @REFLECTED_PHASES = qw(pio80 hlt);

my %LIMIT = (
	reflected_vs_kvm_run => ['<=', 2, 'reflected exit, L1 on tcg / bare KVM_RUN round trip'],
	reflected_vs_bochs => ['<', 1, 'reflected exit, L1 on tcg / Bochs nested reflected exit'],
	cpl0_speedup => ['>=', 100, 'L1\'s CPL0 code, speed on tcg / on kvm'],
);

sub _met {
	my ($id, $s) = @_;
	return undef unless $s;
	my ($op, $limit) = @{$LIMIT{$id}};
	my $m = $s->{median};
	my $ok = $op eq '<=' ? $m <= $limit : $op eq '<' ? $m < $limit : $m >= $limit;
	return $ok ? JSON::PP::true() : JSON::PP::false();
}

sub _row {
	my ($id, %f) = @_;
	my ($op, $limit, $text) = @{$LIMIT{$id}};
	return { goal => $id, text => $text, comparison => $op, limit => $limit,
		 phase => undef, level => undef, against => undef, figure => undef,
		 %f, met => _met($id, $f{figure}) };
}

# %a: configs (Bench::Turtle's, with L1 on tcg), runs ({platform}{level/workload}{rep}),
# rtt (rep -> ns), cpl0 (Bench::Cpl0 cells), tsc_hz.  Returns the rows.
sub evaluate {
	my (%a) = @_;
	my @rows;
	my $ns = sub { my ($run, $phase) = @_; $run && Bench::Summary::per_op_ns($run, $phase, $a{tsc_hz}) };

	for my $phase (@REFLECTED_PHASES) {
		for my $cfg (@{$a{configs}}) {
			my $runs = $a{runs}{turtle}{"$cfg->{level}/$phase"} // {};
			my $bochs = $a{runs}{bochs}{"nested-raw/$phase"} // {};
			my (@rtt, @bochs);
			for my $rep (keys %$runs) {
				my $t = $ns->($runs->{$rep}, $phase) or next;
				push @rtt, $t / $a{rtt}{$rep} if $a{rtt}{$rep};
				my $b = $ns->($bochs->{$rep}, $phase);
				push @bochs, $t / $b if $b;
			}
			push @rows, _row('reflected_vs_kvm_run', phase => $phase, level => $cfg->{level},
					 against => 'bare KVM_RUN round trip',
					 figure => Bench::Summary::spread(@rtt));
			push @rows, _row('reflected_vs_bochs', phase => $phase, level => $cfg->{level},
					 against => 'Bochs nested-raw', figure => Bench::Summary::spread(@bochs));
		}
	}
	for my $c (grep { $_->{engine} eq 'tcg' } @{$a{cpl0}}) {
		push @rows, _row('cpl0_speedup', phase => $c->{phase}, level => 'single',
				 against => 'kvm', figure => $c->{speedup_over_kvm});
	}
	return \@rows;
}

1;
