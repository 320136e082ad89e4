# Bench::Report: the cells as results.json, as Markdown tables (table.md,
# also printed) and as PNG bar charts drawn by gnuplot.
package Bench::Report;
use strict;
use warnings;
use JSON::PP;

# The columns of the time table, and of the plots: [platform, level].
our @COLUMNS = (['turtle', 'single'], ['turtle', 'nested-raw'], ['turtle', 'nested-pv'],
		['bochs', 'single'], ['bochs', 'nested-raw']);
my %PLATFORM_NAME = (turtle => 'Turtle', bochs => 'Bochs');

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

sub _time {
	my ($ns) = @_;
	return sprintf('%.3g ms', $ns / 1e6) if $ns >= 1e6;
	return sprintf('%.3g µs', $ns / 1e3) if $ns >= 1e3;
	return sprintf('%.3g ns', $ns);
}

sub _spread {
	my ($s, $fmt) = @_;
	return '' unless $s;
	return $fmt->($s->{median}) . ' (' . $fmt->($s->{min}) . '–' . $fmt->($s->{max}) . ')';
}

sub _x { return sprintf('%.3gx', $_[0]) }

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

sub _row { return '| ' . join(' | ', @_) . " |\n" }

sub _time_table {
	my ($cells, $phases, $notes) = @_;
	my @head = ('phase', 'op');
	for my $col (@COLUMNS) {
		push @head, "$PLATFORM_NAME{$col->[0]} $col->[1]";
		push @head, 'ratio' if $col->[1] ne 'single';
	}
	my $t = _row(@head) . _row(map { '---' } @head);
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
				push @row, _spread($c->{per_op_ns}, \&_time);
				push @row, $c->{ratio} ? _spread($c->{ratio}, \&_x) : '' if $nested;
			}
		}
		$t .= _row(@row);
	}
	return $t;
}

sub _exit_table {
	my ($cells, $phases) = @_;
	my @head = ('phase', 'level', 'exits/op L1', 'exits/op L2', 'in KVM_RUN/op L1', 'L2', 'reflected/op',
		    'exit multiplication', 'ioctls per reflected exit (floor 2)',
		    'L0 CPU per reflected exit', 'L0 CPU per level switch', 'raw/pv time');
	my $t = _row(@head) . _row(map { '---' } @head);
	my $num = sub { defined $_[0] ? $_[0] : '' };
	for my $p (@$phases) {
		for my $level (map { $_->[1] } grep { $_->[0] eq 'turtle' } @COLUMNS) {
			my $c = _find($cells, 'turtle', $level, $p->{phase});
			next unless $c && $c->{status} eq 'ok';
			my $e = $c->{exits_per_op} // {};
			my $g = $c->{guest_ns_per_op} // {};
			$t .= _row($p->{phase}, $level, $num->($e->{L1}), $num->($e->{L2}),
				   (map { defined $g->{$_} ? _time($g->{$_}) : '' } qw(L1 L2)),
				   $num->($c->{reflected_per_op}), $num->($c->{exit_multiplication}),
				   $num->($c->{ioctls_per_reflected_exit}),
				   _spread($c->{l0_cpu_ns_per_reflected_exit}, \&_time),
				   _spread($c->{l0_cpu_ns_per_switch}, \&_time),
				   _spread($c->{ratio_raw_to_pv}, \&_x));
		}
	}
	return $t;
}

# The Markdown text of table.md.
sub tables {
	my ($doc) = @_;
	my $cells = $doc->{cells};
	my (%seen, @phases, @notes);

	for my $c (@$cells) {
		push @phases, $c unless $seen{$c->{phase}}++;
	}
	my $r = $doc->{repetitions};
	return "### Time per operation and nested/single ratio\n\n"
	     . "Median of $r repetitions (min–max); ratios per repetition, nested over "
	     . "single level of the same repetition.\n\n"
	     . _time_table($cells, \@phases, \@notes) . "\n"
	     . join('', map { '[' . ($_ + 1) . "] $notes[$_]\n\n" } 0 .. $#notes)
	     . "### Turtle: exits and L0 work per operation (from --stats)\n\n"
	     . "Exits per operation: the run with N minus a run with N = 0, INTR exits "
	     . "(timer kicks) left out, so exact. Exit multiplication: L1 exits (traps "
	     . "to L0) per reflected L2 exit. L0 CPU per level switch: turtle's own "
	     . "`nested.l0_cpu_ns_per_switch` over the whole run. In KVM_RUN: "
	     . "time inside KVM_RUN per operation, per level (median).\n\n"
	     . _exit_table($cells, \@phases);
}

1;
