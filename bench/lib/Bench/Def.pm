# SPDX-License-Identifier: GPL-2.0-only
# Bench::Def: the bench's X-macro lists (workloads.def, cpl0.def) as perl
# data.  The guests compile the same files; here each X(...) row is one
# line, its fields by position.
package Bench::Def;
use strict;
use warnings;

# The rows of PATH as hashes keyed by FIELDS, in the file's order; dies
# on a row with another number of fields, or on an empty list (WHAT).
sub load {
	my ($path, $what, @fields) = @_;
	my @list;

	open(my $fh, '<', $path) or die "bench: $path: $!\n";
	while (my $line = <$fh>) {
		next unless $line =~ /^X\((.*)\)\s*$/;
		my @v = ($1 =~ /\s*("[^"]*"|[^,]+)\s*(?:,|$)/g);
		die "bench: $path:$.: expected " . @fields . " fields\n" unless @v == @fields;
		s/^"(.*)"$/$1/ for @v;
		my %row;
		@row{@fields} = @v;
		push @list, \%row;
	}
	close $fh;
	die "bench: $path: no $what\n" unless @list;
	return @list;
}

1;
