/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/cpu_start.c: INIT and SIPI for level-1 vCPUs (cpu_start.h). */
#include "l0/boot/boot_state.h"
#include "l0/cpu_start.h"
#include "l0/machine.h"
#include "l0/nested/nested.h"
#include "l0/platform/irq.h"

/* INIT is blocked in VMX operation; VMX is the BSP's (nested.h). */
static bool init_blocked(struct machine *m, struct vcpu *v)
{
	return m->nested && m->nested->l1 == v && m->nested->cpu.in_vmx;
}

bool cpu_start__before_run(struct machine *m, struct vcpu *v)
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
		return true;		/* a SIPI, if any, is ignored */
	if (vector == IRQ__NONE) {
		irq__wait_sipi(m, v->id);
		return false;
	}
	boot_state__sipi(&start, (uint8_t)vector);
	v->ops->set_state(v, &start);
	c->wait_sipi = false;
	return true;
}
