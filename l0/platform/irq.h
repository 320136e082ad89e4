/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/irq.h: interrupts, as the run loop, the engines and the
 * nested code see them.
 *
 * Every interrupt controller is an L0 userspace model (local APIC per
 * vCPU, I/O APIC, the 8259 pair; no in-kernel irqchip), so L0 sees and
 * routes every interrupt.  A device raises a line (irq__set_line,
 * irq__pulse); the controllers decide which vCPU's local APIC gets which
 * vector; the vCPU is kicked (irq__kick) so that its run loop looks.
 * Before each entry into a level-1 guest the loop calls irq__before_run:
 * it fires due timers, delivers a pending NMI or the highest-priority
 * interrupt if the engine can take it now (SDM vol. 3A 6.8.1: RFLAGS.IF,
 * no STI/MOV-SS shadow), else asks the engine to stop when it can
 * (interrupt window), and arms the host timer for the next deadline.
 * A level-2 vCPU's entries are the nested code's: on a KICK of L2's vcpu
 * (L1's timers still kick the thread) it calls irq__update, then asks
 * irq__pending_vector/irq__ack for L1's interrupts while L2 runs
 * (external-interrupt exiting, acknowledge-interrupt-on-exit).
 *
 * Time is the host's CLOCK_MONOTONIC: the APIC timer, the PIT and the
 * PM timer count it, so guest time is wall time on both engines.
 *
 * `cpu` is the vCPU index of level 1 (its APIC ID), 0 for the BSP.
 */
#ifndef L0__PLATFORM__IRQ_H
#define L0__PLATFORM__IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "l0/platform/platform.h"

struct machine;
struct vcpu;

#define IRQ__NONE	(-1)
#define IRQ__MAX_CPUS	PLATFORM__MAX_CPUS
#define IRQ__NR_GSI	24	/* I/O APIC pins; ISA IRQs 0-15 are GSIs 0-15 */

/* The vector the vCPU would take now if RFLAGS.IF allowed it: its local
 * APIC's highest pending interrupt above the processor priority (SDM
 * 11.8.3.1), or the 8259's through LINT0 in ExtINT mode (or with the APIC
 * globally disabled); IRQ__NONE when none.  Changes nothing. */
int irq__pending_vector(struct machine *m, unsigned cpu);
/* The interrupt-acknowledge cycle for that interrupt: IRR -> ISR in the
 * controller that owns it; returns the vector to deliver (the spurious
 * vector if it vanished meanwhile, as on hardware). */
int irq__ack(struct machine *m, unsigned cpu);

/* NMI, INIT and SIPI (ICR, LVT with NMI delivery): pending until taken. */
bool irq__nmi_pending(struct machine *m, unsigned cpu);
void irq__nmi_taken(struct machine *m, unsigned cpu);
bool irq__take_init(struct machine *m, unsigned cpu);
/* The start-up vector of a pending SIPI, or IRQ__NONE; takes it. */
int irq__take_sipi(struct machine *m, unsigned cpu);

/* A device's interrupt line: 0-15 are the ISA IRQs, wired to the 8259
 * pair and to the I/O APIC pin of the same number except IRQ 0, which is
 * pin 2 (the MADT's interrupt source override, as on PCs); 16-23 are I/O
 * APIC pins only.  Level-sensitive inputs follow `high`; edge-sensitive
 * ones latch on the rising edge. */
void irq__set_line(struct machine *m, unsigned line, bool high);
/* A rising then falling edge.  False when a controller that would take it
 * still has the previous one pending (the timers keep such ticks for
 * later instead of losing them); true also when no controller listens. */
bool irq__pulse(struct machine *m, unsigned line);
/* A device model's registers changed (an EOI, a mask, a line): fire
 * what is due and kick every vCPU that now has something to take. */
void irq__update(struct machine *m);

/* The vCPU's interrupt state changed: make its run loop look soon (a kick
 * if it runs guest code on another thread; a wake-up if it halts; on its
 * own thread the engine's safe stop, see engine_ops.kick). */
void irq__kick(struct machine *m, unsigned cpu);

/* Fire every timer that is due now; the next deadline (CLOCK_MONOTONIC
 * ns), 0 when none is armed. */
uint64_t irq__run_timers(struct machine *m);
/* Before each run of a level-1 vcpu (run.c): timers, NMI or interrupt
 * delivery or the interrupt window, the host timer for the next
 * deadline. */
void irq__before_run(struct machine *m, struct vcpu *v);
/* While the CPU runs level 2 (the nested code's entries): fire due timers
 * and arm the host timer for the next deadline, as irq__before_run does,
 * but deliver nothing: the nested code decides whether L1's interrupt
 * exits L2 or goes to it.  Returns the next deadline, 0 when none. */
uint64_t irq__tick(struct machine *m, unsigned cpu);
/* HLT: wait, without spinning, until the vCPU has something to take (an
 * interrupt it accepts, RFLAGS.IF being 1; an NMI, INIT, SIPI), a timer is
 * due, or a stop is requested; then the caller re-enters the guest.
 * False at once when nothing can ever wake it: IF = 0 or no timer armed,
 * nothing pending, and every other vCPU waiting the same way (with one
 * vCPU, at once). */
bool irq__halt(struct machine *m, struct vcpu *v);
/* A vCPU in wait-for-SIPI: wait (as irq__halt) until an INIT or a SIPI
 * is pending for it, or a stop; false at once when every other vCPU
 * waits with nothing to wake it either. */
bool irq__wait_sipi(struct machine *m, unsigned cpu);
/* The host thread that runs level-1 vCPU cpu, known before it starts so
 * that an IPI to it kicks the right thread. */
void irq__set_thread(struct machine *m, unsigned cpu, pthread_t thread);
/* The level-1 vCPU index this thread runs (set by irq__before_run). */
unsigned irq__this_cpu(void);

/* The controllers and timers at power-on, nr_cpus local APICs; release
 * the host timers. */
void irq__init(struct machine *m, unsigned nr_cpus);
void irq__release(struct machine *m);

/* The host clock all models count. */
uint64_t irq__now_ns(void);

#endif /* L0__PLATFORM__IRQ_H */
