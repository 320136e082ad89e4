/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/engine.c: engine and event names. */
#include <string.h>

#include "l0/engine/engine.h"

static const char *const kind_names[ENGINE_KIND_COUNT] = {
	[ENGINE_KVM] = "kvm",
	[ENGINE_TCG] = "tcg",
};

/* Named as KVM names its exits where the two coincide, so that stats and
 * traces read the same on both engines. */
static const char *const event_names[ENGINE_EV_COUNT] = {
	[ENGINE_EV_IO] = "IO",
	[ENGINE_EV_MMIO] = "MMIO",
	[ENGINE_EV_HLT] = "HLT",
	[ENGINE_EV_RDMSR] = "X86_RDMSR",
	[ENGINE_EV_WRMSR] = "X86_WRMSR",
	[ENGINE_EV_CPUID] = "CPUID",
	[ENGINE_EV_CR_WRITE] = "CR_WRITE",
	[ENGINE_EV_INSN] = "INTERNAL_ERROR",
	[ENGINE_EV_SHUTDOWN] = "SHUTDOWN",
	[ENGINE_EV_KICK] = "INTR",
	[ENGINE_EV_IRQ_WINDOW] = "IRQ_WINDOW_OPEN",
	[ENGINE_EV_FAIL] = "FAIL",
};

int engine__parse(const char *name)
{
	for (int k = 0; k < ENGINE_KIND_COUNT; k++)
		if (!strcmp(name, kind_names[k]))
			return k;
	return -1;
}

const char *engine__name(enum engine_kind k)
{
	return k < ENGINE_KIND_COUNT ? kind_names[k] : "?";
}

const char *engine__event_name(enum engine_event_kind k)
{
	return k < ENGINE_EV_COUNT ? event_names[k] : "?";
}
