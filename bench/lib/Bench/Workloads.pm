# SPDX-License-Identifier: GPL-2.0-only
# Bench::Workloads: bench/workloads.def, the one list of workloads, as perl
# data.  The guest compiles the same file as an X-macro; here each
# X(...) row is one line, parsed by position.
package Bench::Workloads;
use strict;
use warnings;

use Bench::Def;

my @FIELDS = qw(name phases op levels route turtle_n bochs_n bochs_l2_n smoke_n what);

# Returns a list of hashes, in the file's order, one per workload.
sub load {
	my ($path) = @_;
	my @list = Bench::Def::load($path, 'workloads', @FIELDS);

	$_->{phases} = [split ' ', $_->{phases}] for @list;
	return @list;
}

# N for a platform and configuration (nested when $nested), or the smoke N.
sub n {
	my ($w, $platform, $nested, $smoke) = @_;
	return $w->{smoke_n} if $smoke;
	return $w->{bochs_l2_n} if $platform eq 'bochs' && $nested;
	return $w->{"${platform}_n"};
}

# Can this configuration (single or nested) run the workload?
sub runs_at {
	my ($w, $nested) = @_;
	return $nested || $w->{levels} ne 'NESTED';
}

1;
