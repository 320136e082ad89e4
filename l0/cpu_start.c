/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/cpu_start.c: INIT and SIPI for level-1 vCPUs (cpu_start.h). */
#include "l0/boot/boot_state.h"
#include "l0/cpu_start.h"
#include "l0/machine.h"
#include "l0/nested/nested.h"
#include "l0/platform/irq.h"

/* INIT is blocked in VMX operation (nested.h). */
static bool init_blocked(struct machine *m, struct vcpu *v)
{
	return m->nested[v->id] && m->nested[v->id]->cpu.in_vmx;
}

enum cpu_start cpu_start__before_run(struct machine *m, struct vcpu *v)
{
	struct irq_cpu *c = &m->platform.cpu[v->id];
	struct lapic *l = &m->platform.lapic[v->id];
	struct cpu_state start;
	int vector;

	if (l->init && !init_blocked(m, v)) {
		irq__take_init(m, v->id);
		lapic__init_reset(l);
		c->wait_sipi = true;
	}
	vector = irq__take_sipi(m, v->id);
	if (!c->wait_sipi)
		return CPU_START_RUN;	/* a SIPI, if any, is ignored */
	if (vector == IRQ__NONE) {
		if (irq__wait_sipi(m, v->id))
			return CPU_START_WAITED;
		machine__set_result(m, TURTLE_STATUS_CRASH, STOP_SHUTDOWN,
				    "every vCPU waits with no wake-up source (vCPU %u for a SIPI)",
				    v->id);
		return CPU_START_DEAD;
	}
	boot_state__sipi(&start, (uint8_t)vector);
	v->ops->set_state(v, &start);
	c->wait_sipi = false;
	return CPU_START_RUN;
}
