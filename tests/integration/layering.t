#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/layering.t: the arrows between the host code's files run
# one way (docs/architecture.md, "Layers").
#
#  - Rooms: a pure library includes only the libraries below it
#    (exit-forwarder -> vmcs-merge -> ept-compose), never l0 or l1-shim;
#    l0 includes anything but the guests.
#  - Include circles: none among the modules of l0 and the libraries.  A
#    module is a .c file with the .h of the same name; a room's internal
#    header NAME_int.h belongs to module NAME.
#  - Call circles: none among the objects of l0 and the libraries, from
#    the symbols each object defines and uses (nm on the build).
#  - File-scope static helpers, anywhere in the tree, are named without a
#    leading underscore (C11 7.1.3 reserves such names at file scope).
use strict;
use warnings;
use File::Basename qw(dirname);
use Test::More;

my $root = dirname(__FILE__) . '/../..';
my $build = $ENV{TURTLE_BUILD} // "$root/build";
my @rooms = qw(l0 vmcs-merge ept-compose exit-forwarder);
my %may_include = (
	'exit-forwarder' => [qw(vmcs-merge ept-compose)],
	'vmcs-merge'     => [qw(ept-compose)],
	'ept-compose'    => [],
	'l0'             => [qw(vmcs-merge ept-compose exit-forwarder l1-shim)],
);

chdir $root or BAIL_OUT("cannot enter $root");
my @files = grep { m{^(?:l0|vmcs-merge|ept-compose|exit-forwarder)/.*\.[ch]$} }
	    split /\n/, `git ls-files`;
BAIL_OUT('no host source files found (git ls-files)') unless @files > 50;

sub room { my ($p) = @_; $p =~ m{^([^/]+)/} ? $1 : '' }
sub module { my ($p) = @_; $p =~ s/\.[ch]$//; $p =~ s/_int$//; $p }

# Strongly connected components of more than one node, each as a list.
sub circles {
	my ($edges) = @_;
	my ($n, %index, %low, %on, @stack, @found) = (0);
	my $visit;
	$visit = sub {
		my ($v) = @_;
		$index{$v} = $low{$v} = $n++;
		push @stack, $v;
		$on{$v} = 1;
		for my $w (sort keys %{ $edges->{$v} // {} }) {
			if (!defined $index{$w}) {
				$visit->($w);
				$low{$v} = $low{$w} if $low{$w} < $low{$v};
			} elsif ($on{$w}) {
				$low{$v} = $index{$w} if $index{$w} < $low{$v};
			}
		}
		if ($low{$v} == $index{$v}) {
			my @c;
			while (1) {
				my $w = pop @stack;
				$on{$w} = 0;
				push @c, $w;
				last if $w eq $v;
			}
			push @found, [sort @c] if @c > 1;
		}
	};
	$visit->($_) for grep { !defined $index{$_} } sort keys %$edges;
	return @found;
}

# The arrows of a circle, for the failure message.
sub show_arrows {
	my ($edges, $c, $why) = @_;
	my %in = map { $_ => 1 } @$c;
	for my $a (@$c) {
		for my $b (sort grep { $in{$_} } keys %{ $edges->{$a} }) {
			diag("  $a -> $b" . ($why ? ": $why->{$a}{$b}" : ''));
		}
	}
}

# Includes.
my (%inc, @bad_room, @static_underscore);
for my $f (@files) {
	open my $fh, '<', $f or BAIL_OUT("$f: $!");
	my $ln = 0;
	while (my $line = <$fh>) {
		$ln++;
		next unless $line =~ /^\s*#\s*include\s+"([^"]+)"/;
		my $t = $1;
		my ($from, $to) = (room($f), room($t));
		push @bad_room, "$f includes $t"
			if $from ne $to && !grep { $_ eq $to } @{ $may_include{$from} };
		next unless $t =~ /\.h$/ && grep { $_ eq $to } @rooms;
		my ($a, $b) = (module($f), module($t));
		$inc{$a}{$b} = 1 if $a ne $b;
	}
}
is(scalar @bad_room, 0, 'each room includes only the rooms below it')
	or diag(join '', map { "  $_\n" } @bad_room);

my @inc_circles = circles(\%inc);
is(scalar @inc_circles, 0, 'no include circle among the modules of l0 and the libraries')
	or do { diag('circle: ' . join(' ', @$_)), show_arrows(\%inc, $_) for @inc_circles };

# Calls, from the objects make built.
my @objs = grep { m{/obj/(?:l0|vmcs-merge|ept-compose|exit-forwarder)/} }
	   split /\n/, `find '$build/obj' -name '*.o' 2>/dev/null`;
ok(@objs > 50, 'the objects of l0 and the libraries are built (' . scalar(@objs) . ')')
	or BAIL_OUT("no objects under $build/obj (make all)");
my (%defined, %uses);
for my $o (@objs) {
	(my $m = $o) =~ s{^.*/obj/}{};
	$m =~ s/\.o$//;
	for (split /\n/, `nm '$o'`) {
		$defined{$1} = $m if /^\S+\s+[TDBRC]\s+(\S+)$/;
		push @{ $uses{$m} }, $1 if /^\s+U\s+(\S+)$/;
	}
}
my (%calls, %why);
for my $m (keys %uses) {
	for my $s (@{ $uses{$m} }) {
		my $d = $defined{$s} or next;
		next if $d eq $m;
		$calls{$m}{$d} = 1;
		$why{$m}{$d} .= ($why{$m}{$d} ? ' ' : '') . $s;
	}
}
my @call_circles = circles(\%calls);
is(scalar @call_circles, 0, 'no call circle among the objects of l0 and the libraries')
	or do { diag('circle: ' . join(' ', @$_)), show_arrows(\%calls, $_, \%why) for @call_circles };

# Every C file of the tree, guests and tests too: a static helper's name is
# on its "static" line or at the start of the next.
for my $f (grep { /\.[ch]$/ } split /\n/, `git ls-files`) {
	open my $fh, '<', $f or BAIL_OUT("$f: $!");
	my ($ln, $prev) = (0, '');
	while (my $line = <$fh>) {
		$ln++;
		push @static_underscore, "$f:$ln: $1"
			if $line =~ /^static\b[^=;(]*?\b(_[A-Za-z0-9]\w*)\s*\(/
			   || ($prev =~ /^static\b[^;{=(]*$/ && $line =~ /^(_[A-Za-z0-9]\w*)\s*\(/);
		$prev = $line;
	}
}
is(scalar @static_underscore, 0, 'no file-scope static helper named with a leading underscore (C11 7.1.3)')
	or diag(join '', map { "  $_\n" } @static_underscore);

done_testing();
