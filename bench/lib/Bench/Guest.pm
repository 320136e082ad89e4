# SPDX-License-Identifier: GPL-2.0-only
# Bench::Guest: what bench-ops.elf (and l1-hv around it) print, read back.
# Lines come as [host_seconds, text]; the host time is that of the line's
# arrival when the driver reads the serial stream live (Bochs), else undef.
package Bench::Guest;
use strict;
use warnings;

# Terminal escapes GRUB writes on the serial line before the guest starts.
my $ESCAPE = qr/\e\[[0-9;?]*[A-Za-z]/;

sub parse {
	my (@lines) = @_;
	my %r = (phases => {}, begin => {}, tests => undef, failures => undef, fail => undef);

	for my $l (@lines) {
		my ($t, $text) = @$l;
		$text =~ s/$ESCAPE//g;
		$text =~ s/[\r\n]+$//;
		# Not anchored: the first guest line follows GRUB's last output.
		if ($text =~ /bench: begin (\w+)$/) {
			$r{begin}{$1} = $t;
		} elsif ($text =~ /bench: end (\w+) ops=(\d+) tsc=(\d+) check=([0-9a-f]+)$/) {
			$r{phases}{$1} = { ops => $2 + 0, tsc => $3 + 0, check => $4,
					   wall_s => defined $t && defined $r{begin}{$1}
						     ? $t - $r{begin}{$1} : undef };
		} elsif ($text =~ /^FAIL: (.*)$/) {
			$r{fail} //= $1;
		} elsif ($text =~ /^SUMMARY: (\d+) tests, (\d+) failures/) {
			# The last one wins: l1-hv's, which counts L2's status too.
			($r{tests}, $r{failures}) = ($1, $2);
		}
	}
	return \%r;
}

# Why a run that should have produced phases did not, or undef when it did.
sub problem {
	my ($r, $phases) = @_;

	return $r->{fail} if defined $r->{fail};
	return 'no SUMMARY line: the guest did not finish' unless defined $r->{failures};
	for my $p (@$phases) {
		return "no figures for phase $p" unless $r->{phases}{$p};
	}
	return undef;
}

1;
