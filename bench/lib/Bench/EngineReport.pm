# SPDX-License-Identifier: GPL-2.0-only
# Bench::EngineReport: the L1-engine axis' tables of table.md: the CPL0
# loops per engine, the bare KVM_RUN round trip, L0's instructions per
# reflected exit (callgrind) and the goals.
package Bench::EngineReport;
use strict;
use warnings;

use Bench::Turtle;

sub _ips {
	my ($v) = @_;
	return sprintf('%.3g G/s', $v / 1e9) if $v >= 1e9;
	return sprintf('%.3g M/s', $v / 1e6) if $v >= 1e6;
	return sprintf('%.3g k/s', $v / 1e3);
}

sub _count {
	my ($v) = @_;
	return '' unless defined $v;
	1 while $v =~ s/^(\d+)(\d{3})/$1,$2/;
	return $v;
}

sub _cpl0 {
	my ($doc, $notes) = @_;
	my $cells = $doc->{cpl0} // [];
	my @engines = qw(kvm tcg bochs);
	my @head = ('phase', 'loop', (map { "$_ (instructions/s)" } @engines),
		    'tcg/kvm', 'Bochs/kvm');
	my $t = Bench::Report::md_row(@head) . Bench::Report::md_row(map { '---' } @head);
	my %seen;
	for my $phase (grep { !$seen{$_}++ } map { $_->{phase} } @$cells) {
		my %c = map { $_->{engine} => $_ } grep { $_->{phase} eq $phase } @$cells;
		my ($what) = map { $_->{what} } values %c;
		my @row = ($phase, $what);
		for my $e (@engines) {
			my $c = $c{$e};
			push @row, !$c ? '' : $c->{status} eq 'ok'
				? Bench::Report::spread_str($c->{insns_per_s}, \&_ips)
				: _na("$e: $c->{reason}", $notes);
		}
		push @row, map { Bench::Report::spread_str($c{$_} && $c{$_}{speedup_over_kvm},
							   \&Bench::Report::x_str) } qw(tcg bochs);
		$t .= Bench::Report::md_row(@row);
	}
	return $t;
}

sub _na {
	my ($text, $notes) = @_;
	my ($k) = grep { $notes->[$_] eq $text } 0 .. $#$notes;
	if (!defined $k) {
		push @$notes, $text;
		$k = $#$notes;
	}
	return 'n/a [' . ($k + 1) . ']';
}

sub _kvm_run {
	my ($doc) = @_;
	my $k = $doc->{kvm_run} or return "Not measured.\n";
	return "n/a: $k->{reason}\n" if $k->{status} ne 'ok';
	return Bench::Report::spread_str($k->{ns}, \&Bench::Report::time_str)
	     . " per round trip (thread CPU time "
	     . Bench::Report::spread_str($k->{cpu_ns}, \&Bench::Report::time_str)
	     . "), median of $k->{repetitions} repetitions (min–max): $k->{what}.\n";
}

# Objects of the turtle process, in the table's columns.
my @OBJECTS = (['L0 (turtle)', qr/^turtle$/], ['libunicorn', qr/^libunicorn/],
	       ['code generated for L1', qr/^\?\?\?$/], ['libc', qr/^libc\.so/],
	       ['capstone', qr/^libcapstone/]);

sub _callgrind {
	my ($doc) = @_;
	my $cg = $doc->{callgrind} // {};
	return "Not run: $cg->{note}\n" if $cg->{note};
	my @head = ('level', 'reflected exits', 'instructions per reflected exit',
		    (map { $_->[0] } @OBJECTS), 'other', 'top functions (self)');
	my $t = Bench::Report::md_row(@head) . Bench::Report::md_row(map { '---' } @head);
	for my $m (@{$cg->{configs} // []}) {
		if ($m->{status} ne 'ok') {
			$t .= Bench::Report::md_row($m->{level}, "n/a: $m->{reason}", ('') x (@head - 2));
			next;
		}
		my %o = %{$m->{objects}};
		my @cols;
		for my $obj (@OBJECTS) {
			my $sum = 0;
			for (grep { $_ =~ $obj->[1] } keys %o) {
				$sum += $o{$_};
				delete $o{$_};
			}
			push @cols, _count($sum);
		}
		my $other = 0;
		$other += $_ for values %o;
		my @top = map { "$_->{function} " . _count($_->{ir}) } @{$m->{top_functions}}[0 .. 2];
		$t .= Bench::Report::md_row($m->{level}, $m->{reflected}, _count($m->{ir_per_reflected_exit}),
					    @cols, _count($other), join('; ', @top));
	}
	return $t;
}

sub _goals {
	my ($doc) = @_;
	my @head = ('goal', 'phase', 'level', 'figure: median (min–max)', 'limit', 'met');
	my $t = Bench::Report::md_row(@head) . Bench::Report::md_row(map { '---' } @head);
	for my $g (@{$doc->{goals} // []}) {
		$t .= Bench::Report::md_row($g->{text}, $g->{phase}, $g->{level},
			$g->{figure} ? Bench::Report::spread_str($g->{figure}, \&Bench::Report::x_str) : 'n/a',
			"$g->{comparison} $g->{limit}",
			!defined $g->{met} ? '' : $g->{met} ? 'yes' : 'no');
	}
	return $t;
}

# Turtle runs that failed and were made again (Bench::Turtle::run_retried),
# once per configuration and workload.
sub _failures {
	my ($doc) = @_;
	my (%seen, @rows);
	for my $c (@{Bench::Report::all_cells($doc)}, @{$doc->{cpl0} // []}) {
		next unless $c->{failed_runs};
		my $what = $c->{workload} // 'cpl0';
		my $level = $c->{level} // "single --engine $c->{engine}";
		next if $seen{"$level/$what"}++;
		my $r = $c->{failure_reasons};
		push @rows, Bench::Report::md_row($level, $what, $c->{failed_runs}, $c->{repetitions},
			join('; ', map { "$_ ($r->{$_}x)" } sort { $r->{$b} <=> $r->{$a} || $a cmp $b } keys %$r));
	}
	return "None.\n" unless @rows;
	my @head = ('level', 'workload', 'failed runs', 'good repetitions', 'why they failed');
	return Bench::Report::md_row(@head) . Bench::Report::md_row(map { '---' } @head) . join('', @rows);
}

sub failures_section {
	my ($doc) = @_;
	return "### Turtle runs that failed and were made again\n\n"
	     . "A run that fails (the N = 0 run too) is made again, up to "
	     . "$Bench::Turtle::ATTEMPTS runs in all; the repetition counts once one succeeds, "
	     . "and the configuration is n/a from the repetition where all of them fail.\n\n"
	     . _failures($doc);
}

sub tables {
	my ($doc) = @_;
	my @notes;
	my $cpl0 = _cpl0($doc, \@notes);

	return "### L1's CPL0 code, per engine (bench/cpl0.def)\n\n"
	     . "cpl0.elf at CPL0, single level: Turtle `--engine kvm` and `--engine tcg`, "
	     . "and Bochs. Instructions per second, median of the repetitions (min–max); "
	     . "speed over kvm's per repetition.\n\n" . $cpl0 . "\n"
	     . join('', map { '[' . ($_ + 1) . "] $notes[$_]\n\n" } 0 .. $#notes)
	     . "### One bare KVM_RUN round trip\n\n" . _kvm_run($doc) . "\n"
	     . "### L0's instructions per reflected exit (callgrind)\n\n"
	     . "User-space instructions of the turtle process per reflected exit (pio80, "
	     . "the run with N minus the run with N = 0), by object. What KVM does inside "
	     . "KVM_RUN (with L1 on kvm: all of L1's code) is the kernel's and not counted.\n\n"
	     . _callgrind($doc) . "\n"
	     . "### Goals\n\n"
	     . "Per repetition, the figure over what it is held against in the same repetition; "
	     . "met when the median is within the limit.\n\n" . _goals($doc);
}

1;
