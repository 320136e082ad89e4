# SPDX-License-Identifier: GPL-2.0-only
# Bench::Rtt: one bare KVM_RUN round trip (bench/kvm_rtt.c), measured once
# per repetition beside the workloads: the yardstick a reflected exit with
# L1 on tcg is held against (one L2 KVM_RUN is the least such an exit can
# cost).
package Bench::Rtt;
use strict;
use warnings;
use JSON::PP;

use Bench::Summary;

our $WHAT = 'KVM_RUN of a real-mode vCPU running "out %al, $0x80; jmp .-4" '
	  . '(both instructions emulated by this host\'s KVM) until KVM_EXIT_IO, nothing else '
	  . 'between two runs; median of the batches\' time per round trip';

# One measurement: { ns, ns_min, ns_max, cpu_ns, round_trips, batches }, or
# { error }.
sub run {
	my (%a) = @_;
	my @arg = $a{smoke} ? (200, 3) : ();
	my $cmd = join(' ', map { "'$_'" } "$a{build}/bench/kvm-rtt", @arg);
	my $out = `$cmd 2>&1`;
	my $r = $? == 0 ? eval { decode_json($out) } : undef;
	return $r // { error => (split /\n/, $out)[0] // "kvm-rtt exit status " . ($? >> 8) };
}

# The figures of every repetition: { what, status, reason, ns, cpu_ns,
# round_trips, repetitions } (ns and cpu_ns: spreads over the repetitions).
sub summary {
	my ($runs) = @_;
	my @ok = grep { !$_->{error} } map { $runs->{$_} } sort { $a <=> $b } keys %$runs;
	my %s = (what => $WHAT, repetitions => scalar @ok, status => @ok ? 'ok' : 'n/a',
		 reason => undef, ns => undef, cpu_ns => undef, round_trips => undef);

	if (!@ok) {
		my ($bad) = grep { $_->{error} } values %$runs;
		$s{reason} = $bad ? $bad->{error} : 'no run';
		return \%s;
	}
	$s{ns} = Bench::Summary::spread(map { $_->{ns} } @ok);
	$s{cpu_ns} = Bench::Summary::spread(map { $_->{cpu_ns} } @ok);
	$s{round_trips} = $ok[0]{round_trips} * $ok[0]{batches};
	return \%s;
}

# Per repetition: rep -> ns, for ratios taken side by side.
sub by_rep {
	my ($runs) = @_;
	return { map { $_ => $runs->{$_}{ns} } grep { !$runs->{$_}{error} } keys %$runs };
}

1;
