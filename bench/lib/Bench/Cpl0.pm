# SPDX-License-Identifier: GPL-2.0-only
# Bench::Cpl0: the speed of an L1's own code on each engine.  cpl0.elf runs
# the loops of bench/cpl0.def at CPL0, single level: under Turtle with
# --engine kvm (KVM's instruction emulator on this host) and --engine tcg
# (QEMU's translator in L0's thread), and under Bochs.  A phase's ops are
# the instructions it executed, so its time per op is the time per
# instruction; per repetition, each engine's speed over kvm's.
package Bench::Cpl0;
use strict;
use warnings;

use Bench::Bochs;
use Bench::Def;
use Bench::Summary;
use Bench::Turtle;

my @FIELDS = qw(name phase kvm_n tcg_n bochs_n smoke_n what);

# The engines, in the order a repetition runs them.
our @ENGINES = (
	{ engine => 'kvm',   platform => 'turtle' },
	{ engine => 'tcg',   platform => 'turtle' },
	{ engine => 'bochs', platform => 'bochs' },
);
our $IMAGE = 'bench/cpl0.elf';

# Every cell has every one of these keys (null where it does not apply).
our @CELL_KEYS = qw(loop phase what engine platform N insns repetitions status reason
	time_source ns_per_insn insns_per_s speedup_over_kvm failed_runs failure_reasons);

# The rows of bench/cpl0.def, in the file's order.
sub load {
	my ($path) = @_;

	return Bench::Def::load($path, 'loops', @FIELDS);
}

# The guest's arguments on one engine: "NAME N NAME N ...".
sub args {
	my ($loops, $engine, $smoke) = @_;
	return join(' ', map { "$_->{name} " . ($smoke ? $_->{smoke_n} : $_->{"${engine}_n"}) } @$loops);
}

sub _phases {
	my ($loops) = @_;
	return [map { $_->{phase} } @$loops];
}

# Why a run is not usable, or undef (Bench::Turtle / Bench::Bochs decide).
sub problem {
	my ($engine, $r, $loops) = @_;
	return $engine->{platform} eq 'bochs' ? Bench::Bochs::problem($r, _phases($loops))
					     : Bench::Turtle::problem($r, _phases($loops));
}

# The cells, one per loop and engine.  %a: loops, runs ({engine}{rep}),
# why ({engine}: the reason it has no figures), failures ({engine}: the
# reasons of failed Turtle runs, each a run of every loop), tsc_hz, smoke,
# source ({platform}: how the time was taken).
sub cells {
	my (%a) = @_;
	my @cells;

	for my $l (@{$a{loops}}) {
		my %ns;		# engine -> rep -> ns per instruction
		for my $e (@ENGINES) {
			my $runs = $a{runs}{$e->{engine}} // {};
			for my $rep (keys %$runs) {
				my $v = Bench::Summary::per_op_ns($runs->{$rep}, $l->{phase}, $a{tsc_hz});
				$ns{$e->{engine}}{$rep} = $v if $v;	# 0: too short to time
			}
		}
		for my $e (@ENGINES) {
			my $name = $e->{engine};
			my %c = map { $_ => undef } @CELL_KEYS;
			@c{qw(loop phase what engine platform time_source)} =
				($l->{name}, $l->{phase}, $l->{what}, $name, $e->{platform},
				 $a{source}{$e->{platform}});
			$c{N} = 0 + ($a{smoke} ? $l->{smoke_n} : $l->{"${name}_n"});
			@c{qw(failed_runs failure_reasons)} = Bench::Summary::failures($a{failures}{$name})
				if $e->{platform} eq 'turtle';
			my @reps = grep { defined $ns{$name}{$_} } sort { $a <=> $b } keys %{$ns{$name}};
			$c{repetitions} = scalar @reps;
			if (defined $a{why}{$name} || !@reps) {
				@c{qw(status reason)} = ('n/a', $a{why}{$name} // 'no run');
				push @cells, \%c;
				next;
			}
			$c{status} = 'ok';
			$c{insns} = $a{runs}{$name}{$reps[0]}{guest}{phases}{$l->{phase}}{ops};
			$c{ns_per_insn} = Bench::Summary::spread(map { $ns{$name}{$_} } @reps);
			$c{insns_per_s} = Bench::Summary::spread(map { 1e9 / $ns{$name}{$_} } @reps);
			# Per repetition: kvm's time per instruction over this one's.
			$c{speedup_over_kvm} = Bench::Summary::spread(
				map { $ns{kvm}{$_} / $ns{$name}{$_} } grep { defined $ns{kvm}{$_} } @reps)
				if $name ne 'kvm';
			push @cells, \%c;
		}
	}
	return \@cells;
}

1;
