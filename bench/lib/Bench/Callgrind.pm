# SPDX-License-Identifier: GPL-2.0-only
# Bench::Callgrind: L0's own instructions per reflected exit, per nested
# configuration, counted by valgrind's callgrind (a count, not a time: it
# does not drift with the host).  turtle runs `bench-ops.elf pio80 N` and
# `pio80 0` under callgrind; the instructions of the first minus those of
# the second, over the reflected exits of the first minus those of the
# second (turtle's stats), are the user-space instructions of the turtle
# process per reflected exit: L0's C code, the libraries, and with L1 on tcg
# also QEMU's translator and the code it generated for L1.  What KVM does
# inside KVM_RUN is the kernel's and is not counted.
#
# glibc's memset is told never to use `rep stosb`: callgrind counts each of
# its iterations as one instruction, and libunicorn clears its 1 GiB code
# buffer several times at start, which under callgrind then takes minutes
# (the same counts, divided by the same reflected exits, either way).
package Bench::Callgrind;
use strict;
use warnings;
use File::Basename qw(basename);

use Bench::Turtle;

our $N = 200;
our $SMOKE_N = 20;
our $TOP = 8;
# Under callgrind, L1 on tcg with the raw and native flavours sometimes
# stops at an unexpected #UD (L0's kicks land at other points of a run
# slowed some 50 times); a failed run is made again, up to this many times.
our $ATTEMPTS = 3;
my $TUNABLES = 'GLIBC_TUNABLES=glibc.cpu.x86_rep_stosb_threshold=0x7fffffffffffffff';

our @CONFIGS = grep { $_->{l1} } @Bench::Turtle::CONFIGS;

sub available {
	return system('command -v valgrind >/dev/null 2>&1') == 0;
}

# Self cost (Ir) of one callgrind output file, by object and by function.
sub parse {
	my ($path) = @_;
	my (%name, %fname, %ob, %fn, $ob, $fn, $skip);
	my $total = 0;

	open(my $fh, '<', $path) or return undef;
	while (my $line = <$fh>) {
		if ($line =~ /^(c?ob)=\((\d+)\)(?: (.*))?$/) {
			$name{$2} = basename($3) if defined $3;
			$ob = $name{$2} if $1 eq 'ob';
		} elsif ($line =~ /^(c?fn)=\((\d+)\)(?: (.*))?$/) {
			$fname{$2} = $3 if defined $3;
			$fn = $fname{$2} if $1 eq 'fn';
		} elsif ($line =~ /^calls=/) {
			$skip = 1;	# the next cost line is the call's, inclusive
		} elsif ($line =~ /^(?:[+-]?\d+|\*)\s+(\d+)/) {
			if ($skip) {
				$skip = 0;
				next;
			}
			$ob{$ob // '?'} += $1;
			$fn{($fn // '?') . ' [' . ($ob // '?') . ']'} += $1;
			$total += $1;
		}
	}
	close $fh;
	return { total => $total, objects => \%ob, functions => \%fn };
}

sub _run {
	my (%a) = @_;
	my $out = "$a{tmp}/callgrind.out";
	my $r;

	for my $attempt (1 .. $ATTEMPTS) {
		unlink $out;
		$r = Bench::Turtle::run(%a, wrap => ['env', $TUNABLES, 'valgrind', '-q',
						     '--tool=callgrind', "--callgrind-out-file=$out"]);
		$r->{attempts} = $attempt;
		last unless Bench::Turtle::problem($r, ['pio80']);
	}
	$r->{callgrind} = parse($out);
	return $r;
}

# One nested configuration.  %a: build, config, tmp, timeout, smoke.
# Returns { level, engine, N, reflected, ir_per_reflected_exit, objects,
# top_functions, intr, status, reason, attempts }.
sub measure {
	my (%a) = @_;
	my $n = $a{smoke} ? $SMOKE_N : $N;
	my %m = (level => $a{config}{level}, engine => $a{config}{engine}, N => $n,
		 reflected => undef, ir_per_reflected_exit => undef, objects => undef,
		 top_functions => undef, intr => undef, status => 'n/a', reason => undef,
		 attempts => undef);
	my %run = (build => $a{build}, config => $a{config}, tmp => $a{tmp},
		   timeout => $a{timeout});
	my $with = _run(%run, args => "pio80 $n");
	my $without = _run(%run, args => 'pio80 0');
	$m{attempts} = $with->{attempts} + $without->{attempts};

	for my $r ($with, $without) {
		my $p = Bench::Turtle::problem($r, ['pio80'])
			// ($r->{callgrind} ? undef : 'no callgrind output');
		if ($p) {
			$m{reason} = $p;
			return \%m;
		}
	}
	my $refl = $with->{counters}{nested}{reflected} - $without->{counters}{nested}{reflected};
	if ($refl <= 0) {
		$m{reason} = 'no reflected exits';
		return \%m;
	}
	my ($cw, $c0) = ($with->{callgrind}, $without->{callgrind});
	my $per = sub { my ($k, $set) = @_; (($cw->{$set}{$k} // 0) - ($c0->{$set}{$k} // 0)) / $refl };
	$m{status} = 'ok';
	$m{reflected} = $refl;
	$m{ir_per_reflected_exit} = int(($cw->{total} - $c0->{total}) / $refl + 0.5);
	my %objs = map { $_ => 1 } keys %{$cw->{objects}}, keys %{$c0->{objects}};
	$m{objects} = { map { $_ => int($per->($_, 'objects') + 0.5) } keys %objs };
	my @fns = sort { $b->[1] <=> $a->[1] }
		  map { [$_, $per->($_, 'functions')] } keys %{$cw->{functions}};
	splice(@fns, $TOP) if @fns > $TOP;
	$m{top_functions} = [map { { function => $_->[0], ir => int($_->[1] + 0.5) } } @fns];
	# Kicks (L0's timer) depend on time, and callgrind slows L0: they are
	# the part of the count that is not the workload's.
	$m{intr} = { map { my $r = $_; ($r == $with ? 'with' : 'without') =>
		     { map { $_ => $r->{counters}{levels}{$_}{intr} } keys %{$r->{counters}{levels}} } }
		     $with, $without };
	return \%m;
}

1;
