# SPDX-License-Identifier: GPL-2.0-only
# Bench::Machine: what the figures were measured on, for results.json and
# the README: they are only comparable with figures from the same kind of
# machine (../shared/host-facts.md).
package Bench::Machine;
use strict;
use warnings;

sub _first_line {
	my ($cmd) = @_;
	my $out = `$cmd 2>/dev/null` // '';
	$out =~ s/\n.*//s;
	return $out;
}

sub describe {
	my ($build) = @_;
	my %m = (nproc => 0 + _first_line('nproc'), kernel => _first_line('uname -r'));
	my $cpuinfo = do { local (@ARGV, $/) = ('/proc/cpuinfo'); <> } // '';

	($m{cpu}) = $cpuinfo =~ /^model name\s*:\s*(.*)$/m;
	my ($flags) = $cpuinfo =~ /^flags\s*:\s*(.*)$/m;
	my %f = map { $_ => 1 } split ' ', $flags // '';
	$m{is_vm} = $f{hypervisor} ? JSON::PP::true() : JSON::PP::false();
	$m{constant_tsc} = $f{constant_tsc} ? JSON::PP::true() : JSON::PP::false();
	$m{kvm_module} = -d '/sys/module/kvm_pvm' ? 'kvm_pvm (PVM: no VT-x, shadow paging, '
		. 'guest CPL0 emulated)' : -d '/sys/module/kvm_intel' ? 'kvm_intel'
		: -d '/sys/module/kvm_amd' ? 'kvm_amd' : 'unknown';
	$m{tsc_hz} = 0 + _first_line("'$build/bench/tsc-hz'");
	$m{bochs} = _first_line(q{dpkg-query -W -f='${Version}' bochs}) || undef;
	return \%m;
}

1;
