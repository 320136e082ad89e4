#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/bench_smoke.t: bench/run with tiny counts, 2 repetitions
# and, unless BENCH_SMOKE_BOCHS=1, without Bochs; checks that results.json
# is valid and that every cell has every field, and the exit counts that
# are exact.  No timing is asserted.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use JSON::PP;
use Test::More;

my $root = dirname(__FILE__) . '/../..';
my $build = $ENV{TURTLE_BUILD} // "$root/build";
for my $f ("$build/turtle", "$build/bench/bench-ops.elf", "$build/bench/tsc-hz") {
	BAIL_OUT("$f is missing (make all)") unless -e $f;
}
my $out = tempdir('bench-smoke.XXXXXX', TMPDIR => 1, CLEANUP => 1);
my @bochs = $ENV{BENCH_SMOKE_BOCHS} ? () : ('--no-bochs');
my $log = `'$root/bench/run' --build '$build' --out '$out' --smoke @bochs 2>&1`;
is($? >> 8, 0, 'bench/run --smoke exits 0') or diag($log);

my $doc = eval { local (@ARGV, $/) = ("$out/results.json"); decode_json(<>) };
ok($doc, 'results.json is valid JSON') or BAIL_OUT("no results: $@");
is($doc->{schema}, 'turtle-bench/1', 'schema turtle-bench/1');
is($doc->{repetitions}, 2, 'smoke: 2 repetitions');
ok($doc->{machine}{$_}, "machine.$_ recorded") for qw(nproc cpu kernel kvm_module tsc_hz);

# The fields the results promise (bench/README.md), in every cell.
my @fields = qw(workload phase op N ops platform level repetitions status reason
	time_source per_op_ns guest_tsc_per_op ratio ratio_raw_to_pv exits exits_per_op
	reflected_per_op exit_multiplication deterministic ioctls_per_op
	ioctls_per_reflected_exit kvm_run_floor l0_cpu_ns_per_switch
	l0_cpu_ns_per_reflected_exit guest_ns_per_op turtle_stats);
my $cells = $doc->{cells};
my %levels = (turtle => [qw(single nested-raw nested-pv)], bochs => [qw(single nested-raw)]);
my @workloads = map { /^X\((\w+),\s*"([^"]*)"/ ? [$1, split ' ', $2] : () }
		do { local @ARGV = ("$root/bench/workloads.def"); <> };
my $expected = 0;
$expected += (@$_ - 1) * 5 for @workloads;
is(scalar @$cells, $expected, "a cell per phase, platform and level ($expected)");

for my $w (@workloads) {
	my ($name, @phases) = @$w;
	for my $phase (@phases) {
		for my $platform (sort keys %levels) {
			for my $level (@{$levels{$platform}}) {
				my @c = grep { $_->{phase} eq $phase && $_->{platform} eq $platform
					       && $_->{level} eq $level } @$cells;
				my $id = "$platform $level $phase";
				is(scalar @c, 1, "$id: one cell") or next;
				my $c = $c[0];
				my @missing = grep { !exists $c->{$_} } @fields;
				is("@missing", '', "$id: every field");
				is($c->{workload}, $name, "$id: workload $name");
				check_cell($c, $id);
			}
		}
	}
}

sub check_cell {
	my ($c, $id) = @_;

	if ($c->{status} ne 'ok') {
		is($c->{status}, 'n/a', "$id: ok or n/a");
		ok(length($c->{reason} // ''), "$id: n/a says why: " . ($c->{reason} // ''));
		ok(!defined $c->{per_op_ns}, "$id: n/a has no figure");
		return;
	}
	my $s = $c->{per_op_ns};
	ok($s && $s->{min} <= $s->{median} && $s->{median} <= $s->{max},
	   "$id: per_op_ns min <= median <= max");
	is($c->{repetitions}, 2, "$id: 2 repetitions");
	ok($c->{ops} > 0, "$id: ops > 0");
	ok(!defined $c->{ratio} || $c->{ratio}{to} eq 'single', "$id: ratio is to single level")
		if $c->{level} ne 'single';
}

# Exact counts, single level under Turtle (testvms/README.md, host-facts):
# an OUT is one exit to L0, KVM keeps RDMSR/WRMSR of 0x174 and a CPL3 loop.
my %exits = (pio80 => 1, pio81 => 1, msr => 0, compute => 0);
for my $phase (sort keys %exits) {
	my ($c) = grep { $_->{phase} eq $phase && $_->{platform} eq 'turtle'
			 && $_->{level} eq 'single' } @$cells;
	is($c && $c->{status}, 'ok', "turtle single $phase ran");
	is($c && $c->{exits_per_op}{L1}, $exits{$phase}, "turtle single $phase: $exits{$phase} exit(s) per op");
	ok($c && $c->{deterministic}, "turtle single $phase: same exit count in both repetitions");
}
# Nested, where it runs: each OUT to 0x80 and each HLT is one reflected
# exit, each OUT to 0x81 none (l1-hv's bitmaps, testvms/l1-hv).
my %reflected = (pio80 => 1, hlt => 1, pio81 => 0, compute => 0);
for my $level (qw(nested-raw nested-pv)) {
	for my $phase (sort keys %reflected) {
		my ($c) = grep { $_->{phase} eq $phase && $_->{platform} eq 'turtle'
				 && $_->{level} eq $level } @$cells;
		SKIP: {
			skip "turtle $level $phase: n/a", 2 unless $c && $c->{status} eq 'ok';
			is($c->{reflected_per_op}, $reflected{$phase},
			   "turtle $level $phase: $reflected{$phase} reflected exit(s) per op");
			ok($c->{deterministic}, "turtle $level $phase: same exit counts in both repetitions");
		}
	}
}
# L1 on tcg (engine_cells, the same fields): every phase on the three tcg
# levels; per OUT to 0x80 one reflected exit, one ioctl (L2's KVM_RUN),
# and as many L1 traps as the flavour makes: 6 raw and native (VMREADs and
# VMWRITEs trap), 1 pv (the enlightened VMCS).
my %mult = ('nested-raw-tcg' => 6, 'nested-pv-tcg' => 1, 'nested-native-tcg' => 6);
for my $w (@workloads) {
	my ($name, @phases) = @$w;
	for my $phase (@phases) {
		for my $level (sort keys %mult) {
			my @c = grep { $_->{phase} eq $phase && $_->{level} eq $level }
				@{$doc->{engine_cells}};
			is(scalar @c, 1, "$level $phase: one cell") or next;
			my @missing = grep { !exists $c[0]{$_} } @fields;
			is("@missing", '', "$level $phase: every field");
		}
	}
}
# The README's figures per reflected exit (its table "Per reflected exit
# (pio80) under Turtle": L1 exits, ioctls) are the exact counts of this run.
my $readme = do { local (@ARGV, $/) = ("$root/README.md"); <> };
my ($per_exit) = $readme =~ /^Per reflected exit \(pio80\).*?\n\n(\|.*?)\n\n/ms;
my %readme_rows = map { /^\| (nested-[\w-]+) \| (\d+) \| (\d+) \|/ ? ($1 => [$2, $3]) : () }
		  split /\n/, $per_exit // '';
is(join(' ', sort keys %readme_rows), join(' ', sort(qw(nested-raw nested-pv), keys %mult)),
   'README: a row per reflected exit for every nested level');
for my $level (sort keys %readme_rows) {
	my ($l1_exits, $ioctls) = @{$readme_rows{$level}};
	my ($c) = grep { $_->{phase} eq 'pio80' && $_->{level} eq $level && ($_->{platform} // 'turtle') eq 'turtle' }
		  @$cells, @{$doc->{engine_cells}};
	is($c && $c->{status}, 'ok', "$level pio80 ran");
	is($c && $c->{reflected_per_op}, 1, "$level pio80: 1 reflected exit per op");
	is($c && $c->{exit_multiplication}, $l1_exits, "$level pio80: $l1_exits L1 exit(s) per reflected exit, as README says");
	is($c && $c->{ioctls_per_reflected_exit}, $ioctls, "$level pio80: $ioctls ioctl(s) per reflected exit, as README says");
	is($l1_exits, $mult{$level}, "$level: README's L1 exits are the flavour's traps") if $mult{$level};
}
# The CPL0 loops, each on both engines.
for my $engine (qw(kvm tcg)) {
	my @c = grep { ($_->{engine} // '') eq $engine } @{$doc->{cpl0}};
	is(scalar @c, 2, "cpl0: 2 loops on $engine");
}

my ($hlt) = grep { $_->{phase} eq 'hlt' && $_->{level} eq 'single' } @$cells;
is($hlt->{status}, 'n/a', 'hlt at single level is n/a (no wake-up source)');

ok(-s "$out/table.md", 'table.md written');
my $table = do { local (@ARGV, $/) = ("$out/table.md"); <> };
like($table, qr/\| \Q$_->[1]\E \|/, "table has $_->[1]") for @workloads;
SKIP: {
	skip 'gnuplot not installed', 2 if system('command -v gnuplot >/dev/null 2>&1');
	ok(-s "$out/$_", "$_ drawn") for qw(ratio.png per_op.png);
}
done_testing();
