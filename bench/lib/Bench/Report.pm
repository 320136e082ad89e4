# SPDX-License-Identifier: GPL-2.0-only
# Bench::Report: the cells as results.json, as Markdown tables (table.md,
# also printed) and as PNG bar charts drawn by gnuplot.  The engine axis'
# own tables (CPL0 loops, KVM_RUN, callgrind, goals): Bench::EngineReport.
package Bench::Report;
use strict;
use warnings;
use JSON::PP;

use Bench::EngineReport;

# The columns of the time table, and of the plots: [platform, level].
our @COLUMNS = (['turtle', 'single'], ['turtle', 'nested-raw'], ['turtle', 'nested-pv'],
		['turtle', 'nested-raw-tcg'], ['turtle', 'nested-pv-tcg'],
		['turtle', 'nested-native-tcg'], ['bochs', 'single'], ['bochs', 'nested-raw']);
my %PLATFORM_NAME = (turtle => 'Turtle', bochs => 'Bochs');

# Every cell of the document: L1 on kvm and Bochs, then L1 on tcg.
sub all_cells {
	my ($doc) = @_;
	return [@{$doc->{cells}}, @{$doc->{engine_cells} // []}];
}

sub write_json {
	my ($path, $doc) = @_;
	open(my $fh, '>', $path) or die "bench: $path: $!\n";
	print $fh JSON::PP->new->canonical->pretty->encode($doc);
	close $fh or die "bench: $path: $!\n";
}

sub _find {
	my ($cells, $platform, $level, $phase) = @_;
	my ($c) = grep { $_->{platform} eq $platform && $_->{level} eq $level
			 && $_->{phase} eq $phase } @$cells;
	return $c;
}

sub time_str {
	my ($ns) = @_;
	return sprintf('%.3g ms', $ns / 1e6) if $ns >= 1e6;
	return sprintf('%.3g µs', $ns / 1e3) if $ns >= 1e3;
	return sprintf('%.3g ns', $ns);
}

sub spread_str {
	my ($s, $fmt) = @_;
	return '' unless $s;
	return $fmt->($s->{median}) . ' (' . $fmt->($s->{min}) . '–' . $fmt->($s->{max}) . ')';
}

sub x_str { return $_[0] >= 1000 ? sprintf('%.0fx', $_[0]) : sprintf('%.3gx', $_[0]) }

# "n/a [k]", the reason numbered once in @$notes.
sub _na {
	my ($c, $notes) = @_;
	my $text = "$PLATFORM_NAME{$c->{platform}} $c->{level}: $c->{reason}";
	my ($k) = grep { $notes->[$_] eq $text } 0 .. $#$notes;
	if (!defined $k) {
		push @$notes, $text;
		$k = $#$notes;
	}
	return 'n/a [' . ($k + 1) . ']';
}

sub md_row { return '| ' . join(' | ', @_) . " |\n" }

sub _time_table {
	my ($cells, $phases, $notes) = @_;
	my @head = ('phase', 'op');
	for my $col (@COLUMNS) {
		push @head, "$PLATFORM_NAME{$col->[0]} $col->[1]";
		push @head, 'ratio' if $col->[1] ne 'single';
	}
	my $t = md_row(@head) . md_row(map { '---' } @head);
	for my $p (@$phases) {
		my @row = ($p->{phase}, $p->{op});
		for my $col (@COLUMNS) {
			my $c = _find($cells, @$col, $p->{phase});
			my $nested = $col->[1] ne 'single';
			if (!$c) {
				push @row, '', $nested ? ('') : ();
			} elsif ($c->{status} ne 'ok') {
				push @row, _na($c, $notes), $nested ? ('') : ();
			} else {
				push @row, spread_str($c->{per_op_ns}, \&time_str);
				push @row, $c->{ratio} ? spread_str($c->{ratio}, \&x_str) : '' if $nested;
			}
		}
		$t .= md_row(@row);
	}
	return $t;
}

sub _exit_table {
	my ($cells, $phases) = @_;
	my @head = ('phase', 'level', 'exits/op L1', 'exits/op L2', 'in KVM_RUN (tcg: translator)/op L1',
		    'L2', 'reflected/op', 'exit multiplication',
		    'ioctls per reflected exit (floor: kvm 2, tcg 1)',
		    'L0 CPU per reflected exit', 'L0 CPU per level switch', 'raw/pv time', 'tcg/kvm time');
	my $t = md_row(@head) . md_row(map { '---' } @head);
	my $num = sub { defined $_[0] ? $_[0] : '' };
	for my $p (@$phases) {
		for my $level (map { $_->[1] } grep { $_->[0] eq 'turtle' } @COLUMNS) {
			my $c = _find($cells, 'turtle', $level, $p->{phase});
			next unless $c && $c->{status} eq 'ok';
			my $e = $c->{exits_per_op} // {};
			my $g = $c->{guest_ns_per_op} // {};
			$t .= md_row($p->{phase}, $level, $num->($e->{L1}), $num->($e->{L2}),
				   (map { defined $g->{$_} ? time_str($g->{$_}) : '' } qw(L1 L2)),
				   $num->($c->{reflected_per_op}), $num->($c->{exit_multiplication}),
				   $num->($c->{ioctls_per_reflected_exit}),
				   spread_str($c->{l0_cpu_ns_per_reflected_exit}, \&time_str),
				   spread_str($c->{l0_cpu_ns_per_switch}, \&time_str),
				   spread_str($c->{ratio_raw_to_pv}, \&x_str),
				   spread_str($c->{ratio_to_kvm}, \&x_str));
		}
	}
	return $t;
}

# The Markdown text of table.md.
sub tables {
	my ($doc) = @_;
	my $cells = all_cells($doc);
	my (%seen, @phases, @notes);

	for my $c (@$cells) {
		push @phases, $c unless $seen{$c->{phase}}++;
	}
	my $r = $doc->{repetitions};
	return "### Time per operation and nested/single ratio\n\n"
	     . "Median of $r repetitions (min–max); ratios per repetition, nested over "
	     . "single level of the same repetition. The -tcg columns run L1 on tcg "
	     . "(L2 stays on KVM).\n\n"
	     . _time_table($cells, \@phases, \@notes) . "\n"
	     . join('', map { '[' . ($_ + 1) . "] $notes[$_]\n\n" } 0 .. $#notes)
	     . Bench::EngineReport::failures_section($doc) . "\n"
	     . "### Turtle: exits and L0 work per operation (from --stats)\n\n"
	     . "Exits per operation: the run with N minus a run with N = 0, INTR exits "
	     . "(timer kicks) left out, so exact. Exit multiplication: L1 exits (traps "
	     . "to L0) per reflected L2 exit. L0 CPU per level switch: turtle's own "
	     . "`nested.l0_cpu_ns_per_switch` over the whole run. In KVM_RUN: "
	     . "time inside KVM_RUN per operation, per level (median); with L1 on tcg, "
	     . "L1's is the time in the translator's run, and L1 exits are returns from it "
	     . "(no ioctl). tcg/kvm time: per repetition, the same flavour with L1 on "
	     . "tcg over L1 on kvm.\n\n"
	     . _exit_table($cells, \@phases) . "\n"
	     . Bench::EngineReport::tables($doc);
}

1;
