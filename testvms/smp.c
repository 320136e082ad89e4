/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * smp.elf [ITER]: the other CPUs of the machine, as a kernel starts and
 * uses them.  The BSP finds the CPUs in the ACPI MADT (and fw_cfg's count
 * where fw_cfg exists), starts every AP with INIT and two SIPIs (SDM Vol.
 * 3A 9.4.4.1, the MP specification's universal start-up algorithm), each
 * AP goes from real mode to long mode through the trampoline below and
 * checks in; then fixed IPIs from the BSP to each AP, from each AP to the
 * BSP and one broadcast to all but self, counted per CPU; then every CPU
 * increments one shared counter ITER times (default 1,000,000) with a
 * LOCK-prefixed instruction, all starting together after a barrier, and
 * the total must be exactly CPUs x ITER; then every CPU enters VMX
 * operation with a VMCS of its own (where the BSP may set CR4.VMXE).  Only
 * the BSP prints (the console is not SMP-safe); the APs end in cli; hlt
 * loops.
 *
 * Rows, for N CPUs: 3N + 3 (the fw_cfg row is a SKIP where there is no
 * fw_cfg and the machine is not Turtle, e.g. Bochs), and N VMX rows or
 * one VMX SKIP.
 */
#include "testvms/lib/acpi.h"
#include "testvms/lib/apic.h"
#include "testvms/lib/guest.h"
#include "testvms/lib/pc_timers.h"
#include "testvms/lib/turtle.h"

#define STR(x)		#x
#define XSTR(x)		STR(x)

/*
 * The page the APs start in: a SIPI's vector VV starts an AP in real mode
 * at VV << 12 (SDM Vol. 3A 10.1.1, Table 10-1), so it must be below
 * 1 MiB, and vectors 0xA0-0xBF are reserved (SDM Vol. 3A 11.6.1).  0x8000
 * (vector 0x08) is free RAM on both machines this image runs on: Turtle's
 * loader puts the Multiboot information at 0x1000 and up (a few hundred
 * bytes for a short command line), everything else above 1 MiB or in the
 * BIOS area (l0/boot/loader.h); on Bochs the BIOS keeps 0-0x4FF and
 * 0x9FC00 up, and GRUB, which ran at 0x8000, is gone once the image runs.
 * Whatever a loader left in low memory is no longer needed by then:
 * setup__start() copies the command line and reads the module list
 * before main().
 */
#define TRAMPOLINE	0x8000
#define SIPI_VECTOR	(TRAMPOLINE >> 12)

/* APIC IDs are slot indexes: the MADT's must be below MAX_CPUS. */
#define MAX_CPUS	32
#define AP_STACK_SIZE	8192
#define APIC_ID_MMIO	0xfee00020
#define DEFAULT_ITER	1000000ul

/* ICR delivery modes and level (SDM Vol. 3A 11.6.1). */
#define ICR_INIT	(5u << 8)
#define ICR_STARTUP	(6u << 8)
#define ICR_ASSERT	(1u << 14)
#define SVR_ENABLE	(1u << 8)
/* Polls of the delivery-status bit before an ICR write counts as stuck. */
#define ICR_POLLS	100000

/* SDM Vol. 3A 9.4.4.1: 10 ms after INIT, 200 us after each SIPI. */
#define INIT_DELAY_US	10000
#define SIPI_DELAY_US	200
/* Bounds on waits for the other CPUs, in PM-timer time. */
#define CHECKIN_US	2000000
#define IPI_US		1000000
#define STALL_US	5000000
/* Increments between two PM-timer reads: the timer wraps every 4.7 s,
 * and at CPL0 on the kvm engine here an increment takes ~5 us. */
#define COUNT_CHUNK	65536

/*
 * IPI vectors, IPI_VECTOR + a slot of struct cpu's ipis[]: one for the
 * BSP's fixed IPIs, one for its broadcast, and one per sending AP, since
 * IPIs of one vector that meet in the receiver's IRR merge into one
 * (SDM Vol. 3A 11.8.4): the BSP could not count its APs' otherwise.
 */
#define IPI_VECTOR	0x40
#define SLOT_FROM_BSP	0
#define SLOT_BROADCAST	1
#define SLOT_FROM_AP(id) (2 + (id))
#define NR_SLOTS	SLOT_FROM_AP(MAX_CPUS)
#define SPURIOUS_VECTOR	0xff

/* What the BSP waits for in turn. */
enum ipi_step { STEP_FROM_BSP, STEP_TO_BSP, STEP_BROADCAST };

enum phase { PHASE_START, PHASE_IPI_BACK, PHASE_COUNT, PHASE_VMX };

/* What each CPU writes about itself, indexed by APIC ID. */
struct cpu {
	u32 checkins;		/* times it ran the AP start-up path */
	u32 icr_stuck;		/* its ICR writes whose delivery status stayed set */
	u32 ipis[NR_SLOTS];	/* received, by slot */
	u64 efer;
	u64 idt_base;
	u64 iters;		/* its own increments of the shared counter */
	u64 first, last;	/* the shared counter before and after them */
	u64 count_us;		/* how long they took, PM-timer time */
	u32 vmx_fails;		/* its VMX instructions that did not VMsucceed */
	u64 vmx_rsp;		/* GUEST_RSP its VMCS read back */
	u64 vmx_ptr;		/* VMPTRST: its current VMCS */
	bool vmx_done;
} __attribute__((aligned(64)));

struct table_desc {
	u16 limit;
	u64 base;
} __attribute__((packed));

static volatile struct cpu cpus[MAX_CPUS];
static volatile u32 phase, arrived, finished, participants, vmx_written;
static volatile u64 shared_counter;
static u64 iterations;
static u32 bsp_id;
/* The BSP's descriptor tables, which every AP loads (read by the asm). */
static struct table_desc bsp_gdtr __attribute__((used));
static struct table_desc bsp_idtr __attribute__((used));
static u8 ap_stacks[MAX_CPUS][AP_STACK_SIZE] __attribute__((aligned(16), noinit, used));

static void ap_main(u32 id) __attribute__((used, noreturn));

/*
 * The AP trampoline, assembled here and copied to TRAMPOLINE, so every
 * address in it is TRAMPOLINE + its offset.  The SIPI leaves CS.base =
 * TRAMPOLINE, IP = 0 in real mode (Table 10-1); from there to protected
 * mode (SDM Vol. 3A 10.9.1) with the trampoline's own flat GDT, then to
 * IA-32e mode as entry.S does (10.8.5) with the image's identity map,
 * then a 64-bit jump to ap_entry64 in the image itself.  There: a stack by APIC ID, the
 * BSP's GDT (KERNEL_CS is the 64-bit code segment its IDT's gates name)
 * and IDT, then ap_main(APIC ID).  An APIC ID past MAX_CPUS parks the AP:
 * it never checks in, which the BSP reports.
 */
#define TRAMP_ADDR(label) XSTR(TRAMPOLINE) " + (" #label " - ap_trampoline)"
asm(".pushsection .text.smp_trampoline, \"ax\"\n"
    "	.balign 16\n"
    "	.code16\n"
    "ap_trampoline:\n"
    "	cli\n"
    "	mov %cs, %ax\n"
    "	mov %ax, %ds\n"
    "	lgdtl ap_gdtr - ap_trampoline\n"
    "	mov %cr0, %eax\n"
    "	or $1, %eax\n"				/* PE */
    "	mov %eax, %cr0\n"
    "	ljmpl $0x08, $" TRAMP_ADDR(ap_pm32) "\n"
    "	.code32\n"
    "ap_pm32:\n"
    "	mov $0x10, %eax\n"
    "	mov %eax, %ds\n"
    "	mov %eax, %es\n"
    "	mov %eax, %ss\n"
    "	mov $pml4, %eax\n"
    "	mov %eax, %cr3\n"
    "	mov %cr4, %eax\n"
    "	or $0x20, %eax\n"			/* PAE */
    "	mov %eax, %cr4\n"
    "	mov $0xc0000080, %ecx\n"		/* IA32_EFER */
    "	rdmsr\n"
    "	or $0x100, %eax\n"			/* LME */
    "	wrmsr\n"
    "	mov %cr0, %eax\n"
    "	or $0x80000000, %eax\n"			/* PG */
    "	mov %eax, %cr0\n"
    "	ljmp $0x18, $" TRAMP_ADDR(ap_lm64) "\n"
    "	.code64\n"
    "ap_lm64:\n"
    "	mov $ap_entry64, %eax\n"
    "	jmp *%rax\n"
    "	.balign 8\n"
    "ap_gdt:\n"
    "	.quad 0\n"
    "	.quad 0x00cf9a000000ffff\n"		/* 0x08: 32-bit code */
    "	.quad 0x00cf92000000ffff\n"		/* 0x10: flat data */
    "	.quad 0x00af9a000000ffff\n"		/* 0x18: 64-bit code */
    "ap_gdtr:\n"
    "	.word ap_gdtr - ap_gdt - 1\n"
    "	.long " TRAMP_ADDR(ap_gdt) "\n"
    "ap_trampoline_end:\n"
    "\n"
    "ap_entry64:\n"
    "	mov $" XSTR(APIC_ID_MMIO) ", %edx\n"
    "	mov (%rdx), %eax\n"
    "	shr $24, %eax\n"
    "	cmp $" XSTR(MAX_CPUS) ", %eax\n"
    "	jae 2f\n"
    "	mov %eax, %edi\n"
    "	lea 1(%rax), %ecx\n"
    "	imul $" XSTR(AP_STACK_SIZE) ", %ecx\n"
    "	lea ap_stacks(%rcx), %rsp\n"
    "	lgdt bsp_gdtr(%rip)\n"
    "	pushq $" XSTR(KERNEL_CS) "\n"
    "	lea 1f(%rip), %rax\n"
    "	push %rax\n"
    "	lretq\n"
    "1:	mov $" XSTR(KERNEL_DS) ", %eax\n"
    "	mov %eax, %ds\n"
    "	mov %eax, %es\n"
    "	mov %eax, %ss\n"
    "	xor %eax, %eax\n"
    "	mov %eax, %fs\n"
    "	mov %eax, %gs\n"
    "	lidt bsp_idtr(%rip)\n"
    "	call ap_main\n"
    "2:	cli\n"
    "	hlt\n"
    "	jmp 2b\n"
    ".popsection");
extern const u8 ap_trampoline[], ap_trampoline_end[];

/*
 * PM-timer time at the FADT's port (PM_TMR_BLK, ACPI 6.4 5.2.9): Turtle's
 * is 0x608, which lib/pc_timers.c assumes, Bochs' 0xB008.  Elapsed time
 * across the 24-bit wrap, for as long as it is read at least every 4.6 s.
 */
static u16 pm_port = PM_TIMER_PORT;

struct pm_clock {
	u32 last;
	u64 ticks;
};

static void pm_start(struct pm_clock *c)
{
	c->last = inl(pm_port) & 0xffffff;
	c->ticks = 0;
}

static u64 pm_us(struct pm_clock *c)
{
	u32 now = inl(pm_port) & 0xffffff;

	c->ticks += (now - c->last) & 0xffffff;
	c->last = now;
	return c->ticks * 1000000ul / PM_TIMER_HZ;
}

static void pm_wait_us(u64 us)
{
	struct pm_clock c;

	pm_start(&c);
	while (pm_us(&c) < us)
		;
}

static void pause(void)
{
	asm volatile("pause" ::: "memory");
}

static void lock_inc(volatile u32 *p)
{
	asm volatile("lock incl %0" : "+m"(*p) :: "memory");
}

static u32 my_apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

/* An IPI from this CPU (slot id); a delivery status that never clears
 * is counted against the sender. */
static void send_ipi(u32 id, u32 icr, u32 dest)
{
	unsigned i;

	apic_icr(icr, dest);
	for (i = 0; i < ICR_POLLS && (apic_read(APIC_ICR) & APIC_DELIVS); i++)
		pause();
	if (i == ICR_POLLS)
		cpus[id].icr_stuck++;
}

/* Every IPI vector: counted in the receiving CPU's slot. */
static void ipi_handler(struct ex_regs *regs)
{
	u32 id = my_apic_id();

	if (id < MAX_CPUS)
		cpus[id].ipis[regs->vector - IPI_VECTOR]++;
	apic_eoi();
}

/* All CPUs start together: each arrives, then waits for the others;
 * each counts and times itself. */
static void count(u32 id)
{
	volatile struct cpu *c = &cpus[id];
	struct pm_clock clk;
	u64 n = iterations;

	lock_inc(&arrived);
	pm_start(&clk);
	while (arrived < participants && pm_us(&clk) < CHECKIN_US)
		pause();
	c->first = shared_counter;
	pm_start(&clk);
	while (n) {
		u64 chunk = n < COUNT_CHUNK ? n : COUNT_CHUNK;

		n -= chunk;
		asm volatile("1:\n\t"
			     "lock incq %0\n\t"
			     "incq %1\n\t"
			     "dec %2\n\t"
			     "jnz 1b"
			     : "+m"(shared_counter), "+m"(c->iters), "+r"(chunk)
			     :: "memory");
		c->count_us = pm_us(&clk);
	}
	c->last = shared_counter;
}

/* ---- VMX, each CPU its own ---- */

#define MSR_FEATURE_CONTROL	0x3a
#define FC_LOCKED		(1ul << 0)
#define FC_VMX_OUTSIDE_SMX	(1ul << 2)
#define MSR_VMX_BASIC		0x480
#define CPUID_1_ECX_VMX		(1u << 5)
#define CR0_NE			(1ul << 5)
#define CR4_VMXE		(1ul << 13)
#define VMCS_GUEST_RSP		0x681cul	/* SDM Appendix B */
#define VMX_RSP(id)		(0x5000ul + (id))

/* A VMXON region and a VMCS per CPU (SDM 25.2, 25.11.5). */
static u8 vmx_pages[MAX_CPUS][2][4096] __attribute__((aligned(4096)));
static bool vmx_run;	/* the BSP found CR4.VMXE accepted */

/* VMsucceed: CF = ZF = 0 (SDM 31.2). */
#define VMX_OK(insn, ...) ({						\
	u8 fail_;							\
	asm volatile(insn "; setbe %0" : "=q"(fail_) : __VA_ARGS__ : "cc", "memory");	\
	!fail_;								\
})

static unsigned vmread_fails(u64 field, u64 *val)
{
	u8 fail;

	asm volatile("vmread %2, %1; setbe %0" : "=q"(fail), "=r"(*val) : "r"(field) : "cc");
	return fail;
}

static unsigned vmptrst_fails(u64 *ptr)
{
	u8 fail;

	asm volatile("vmptrst %1; setbe %0" : "=q"(fail), "=m"(*ptr) :: "cc");
	return fail;
}

static u64 cr(int n)
{
	u64 v;

	if (n == 0)
		asm volatile("mov %%cr0, %0" : "=r"(v));
	else
		asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* VMXON with its own region, its own VMCS current, GUEST_RSP written;
 * once every CPU has written its own, read back; VMXOFF (SDM 24.7, 31.3).
 * Each CPU's VMX state is its own: a shared one would give the last
 * writer's value, or VMfail for a second VMXON. */
static void vmx_own(u32 id)
{
	volatile struct cpu *c = &cpus[id];
	u64 vmxon_pa = (u64)vmx_pages[id][0], vmcs_pa = (u64)vmx_pages[id][1], rsp = 0, ptr = 0;
	u32 rev = (u32)rdmsr(MSR_VMX_BASIC) & 0x7fffffffu;
	u64 fc = rdmsr(MSR_FEATURE_CONTROL), cr4 = cr(4);
	struct pm_clock clk;
	unsigned fails = 0;

	if (!(fc & FC_LOCKED))
		wrmsr(MSR_FEATURE_CONTROL, fc | FC_LOCKED | FC_VMX_OUTSIDE_SMX);
	asm volatile("mov %0, %%cr0" :: "r"(cr(0) | CR0_NE));
	asm volatile("mov %0, %%cr4" :: "r"(cr4 | CR4_VMXE));
	memcpy(vmx_pages[id][0], &rev, 4);
	memcpy(vmx_pages[id][1], &rev, 4);
	fails += !VMX_OK("vmxon %1", "m"(vmxon_pa));
	fails += !VMX_OK("vmclear %1", "m"(vmcs_pa));
	fails += !VMX_OK("vmptrld %1", "m"(vmcs_pa));
	fails += !VMX_OK("vmwrite %2, %1", "r"(VMCS_GUEST_RSP), "r"(VMX_RSP(id)));
	lock_inc(&vmx_written);
	pm_start(&clk);
	while (vmx_written < participants && pm_us(&clk) < CHECKIN_US)
		pause();
	fails += vmread_fails(VMCS_GUEST_RSP, &rsp);
	fails += vmptrst_fails(&ptr);
	fails += !VMX_OK("vmxoff", "i"(0));
	asm volatile("mov %0, %%cr4" :: "r"(cr4));
	c->vmx_fails = fails;
	c->vmx_rsp = rsp;
	c->vmx_ptr = ptr;
	c->vmx_done = true;
}

static void wait_phase(enum phase p)
{
	while (phase < p)
		pause();
}

static void ap_main(u32 id)
{
	volatile struct cpu *c = &cpus[id];
	struct table_desc idtr;

	apic_write(APIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
	asm volatile("sidt %0" : "=m"(idtr));
	c->idt_base = idtr.base;
	c->efer = rdmsr(MSR_EFER);
	lock_inc(&c->checkins);
	sti();
	wait_phase(PHASE_IPI_BACK);
	send_ipi(id, IPI_VECTOR + SLOT_FROM_AP(id), bsp_id);
	wait_phase(PHASE_COUNT);
	count(id);
	lock_inc(&finished);
	wait_phase(PHASE_VMX);
	if (vmx_run)
		vmx_own(id);
	for (;;) {
		cli();
		hlt();
	}
}

/* ---- BSP ---- */

static u32 rd32(const u8 *p) { u32 v; memcpy(&v, p, 4); return v; }

/* A table the RSDT lists (ACPI 6.4 5.2.7), or NULL. */
static const struct acpi_header *find_table(const char *sig)
{
	const u8 *rsdp = acpi__find_rsdp();
	const struct acpi_header *rsdt, *h;

	if (!rsdp)
		return NULL;
	rsdt = (const void *)(u64)rd32(rsdp + 16);
	for (u32 off = 36; off + 4 <= rsdt->length; off += 4) {
		h = (const void *)(u64)rd32((const u8 *)rsdt + off);
		if (!memcmp(h->signature, sig, 4))
			return h;
	}
	return NULL;
}

/* The enabled processors' APIC IDs (ACPI 6.4 5.2.12.2); the BSP alone
 * when there is no MADT. */
static unsigned madt_cpus(u32 *ids)
{
	const struct acpi_header *h = find_table("APIC");
	const u8 *p, *end;
	unsigned n = 0;
	bool ok = h != NULL, me = false;

	for (p = (const u8 *)h + 44, end = (const u8 *)h + (h ? h->length : 0);
	     p + 2 <= end && p[1] >= 2; p += p[1]) {
		if (p[0] != 0 || !(rd32(p + 4) & 1))
			continue;
		if (n == MAX_CPUS || p[3] >= MAX_CPUS) {
			ok = false;
			continue;
		}
		me |= p[3] == bsp_id;
		ids[n++] = p[3];
	}
	report(ok && me, "MADT: %u enabled processors, APIC IDs below %u, this CPU's (%u) among them",
	       n, MAX_CPUS, bsp_id);
	if (!ok || !me) {
		ids[0] = bsp_id;
		return 1;
	}
	/* The BSP first: "AP k" is ids[k], k >= 1. */
	for (unsigned i = 1; i < n; i++)
		if (ids[i] == bsp_id) {
			ids[i] = ids[0];
			ids[0] = bsp_id;
		}
	return n;
}

/* fw_cfg (QEMU's, Turtle has it): its CPU count must be the MADT's. */
static void check_fw_cfg(unsigned n)
{
	char sig[4];
	u16 nb;

	outw(0x00, 0x510);			/* FW_CFG_SIGNATURE */
	for (unsigned i = 0; i < 4; i++)
		sig[i] = inb(0x511);
	if (memcmp(sig, "QEMU", 4) && !turtle__present()) {
		report_skip("fw_cfg: absent (not Turtle)");
		return;
	}
	outw(0x05, 0x510);			/* FW_CFG_NB_CPUS */
	nb = inb(0x511);
	nb |= inb(0x511) << 8;
	report(!memcmp(sig, "QEMU", 4) && nb == n, "fw_cfg: %u CPUs, as the MADT says", nb);
}

/* How many of a step's IPIs have not come yet. */
static unsigned missing(const u32 *ids, unsigned n, enum ipi_step step)
{
	unsigned k, m = 0;

	for (k = 1; k < n; k++)
		switch (step) {
		case STEP_FROM_BSP:
			m += !cpus[ids[k]].ipis[SLOT_FROM_BSP];
			break;
		case STEP_TO_BSP:
			m += !cpus[bsp_id].ipis[SLOT_FROM_AP(ids[k])];
			break;
		case STEP_BROADCAST:
			m += !cpus[ids[k]].ipis[SLOT_BROADCAST];
			break;
		}
	return m;
}

static void wait_ipis(const u32 *ids, unsigned n, enum ipi_step step)
{
	struct pm_clock clk;

	pm_start(&clk);
	while (missing(ids, n, step) && pm_us(&clk) < IPI_US)
		pause();
}

/* SDM Vol. 3A 9.4.4.1: INIT, 10 ms, SIPI, 200 us, SIPI, 200 us; to one AP. */
static void start_ap(u32 id)
{
	send_ipi(bsp_id, ICR_INIT | ICR_ASSERT, id);
	pm_wait_us(INIT_DELAY_US);
	for (unsigned i = 0; i < 2; i++) {
		send_ipi(bsp_id, ICR_STARTUP | ICR_ASSERT | SIPI_VECTOR, id);
		pm_wait_us(SIPI_DELAY_US);
	}
}

/* Starts the APs (ids[1..n-1]); returns how many checked in. */
static unsigned start_aps(const u32 *ids, unsigned n)
{
	u32 early[MAX_CPUS];
	struct table_desc idtr;
	struct pm_clock clk;
	unsigned k, online;

	memcpy((void *)TRAMPOLINE, ap_trampoline, ap_trampoline_end - ap_trampoline);
	asm volatile("sgdt %0; sidt %1" : "=m"(bsp_gdtr), "=m"(bsp_idtr));
	for (k = 1; k < n; k++) {
		early[k] = cpus[ids[k]].checkins;
		start_ap(ids[k]);
	}
	pm_start(&clk);
	do {
		for (k = 1, online = 0; k < n; k++)
			online += cpus[ids[k]].checkins != 0;
	} while (online < n - 1 && pm_us(&clk) < CHECKIN_US);

	asm volatile("sidt %0" : "=m"(idtr));
	for (k = 1; k < n; k++) {
		volatile struct cpu *c = &cpus[ids[k]];
		bool ok = !early[k] && c->checkins == 1 && (c->efer & EFER_LMA) &&
			  c->idt_base == idtr.base;

		if (!ok)
			printf("# AP %u: %u start-ups (%u before its SIPI), EFER 0x%lx, IDT at 0x%lx\n",
			       k, c->checkins, early[k], c->efer, c->idt_base);
		report(ok, "AP %u online, APIC ID %u", k, ids[k]);
	}
	return online;
}

/* Fixed IPIs: BSP -> each AP, each AP -> BSP, then BSP -> all but self. */
static void ipis(const u32 *ids, unsigned n)
{
	unsigned k;

	for (k = 1; k < n; k++)
		send_ipi(bsp_id, IPI_VECTOR + SLOT_FROM_BSP, ids[k]);
	wait_ipis(ids, n, STEP_FROM_BSP);
	phase = PHASE_IPI_BACK;
	wait_ipis(ids, n, STEP_TO_BSP);
	send_ipi(bsp_id, APIC_DEST_OTHERS | (IPI_VECTOR + SLOT_BROADCAST), 0);
	wait_ipis(ids, n, STEP_BROADCAST);
}

static void report_ipis(const u32 *ids, unsigned n)
{
	unsigned i, k, stuck = 0, total[MAX_CPUS] = { 0 };

	for (k = 0; k < n; k++)
		for (i = 0; i < NR_SLOTS; i++)
			total[k] += cpus[ids[k]].ipis[i];
	for (k = 1; k < n; k++) {
		volatile struct cpu *c = &cpus[ids[k]];

		report(c->ipis[SLOT_FROM_BSP] == 1 && c->ipis[SLOT_BROADCAST] == 1 && total[k] == 2,
		       "AP %u: one fixed IPI from the BSP, one broadcast, nothing else (%u, %u, %u)",
		       k, c->ipis[SLOT_FROM_BSP], c->ipis[SLOT_BROADCAST], total[k]);
	}
	for (k = 1, i = 0; k < n; k++)
		i += cpus[bsp_id].ipis[SLOT_FROM_AP(ids[k])] == 1;
	report(i == n - 1 && total[0] == n - 1,
	       "BSP: one fixed IPI from each AP, nothing else (%u of %u APs, %u IPIs)",
	       i, n - 1, total[0]);
	for (k = 0; k < n; k++)
		stuck += cpus[ids[k]].icr_stuck;
	report(stuck == 0, "every ICR write's delivery status cleared (%u stuck)", stuck);
}

/* The shared counter: everyone online counts; waits for the APs while
 * the counter still moves. */
static void atomics(unsigned online)
{
	struct pm_clock clk;
	u64 seen = 0;

	participants = online + 1;
	phase = PHASE_COUNT;
	count(bsp_id);
	pm_start(&clk);
	while (finished < online) {
		if (shared_counter != seen) {
			seen = shared_counter;
			pm_start(&clk);
		} else if (pm_us(&clk) >= STALL_US) {
			printf("# %u of %u APs finished; the counter stopped at %lu\n",
			       finished, online, seen);
			break;
		}
		pause();
	}
}

static void report_atomics(const u32 *ids, unsigned n)
{
	u64 overlaps = 0;
	unsigned i, j;

	for (i = 0; i < n; i++) {
		report(cpus[ids[i]].iters == iterations, "CPU %u: %lu increments", i,
		       cpus[ids[i]].iters);
		printf("# CPU %u counted for %lu us\n", i, cpus[ids[i]].count_us);
	}
	report(shared_counter == n * iterations, "shared counter %lu = %u CPUs x %lu",
	       shared_counter, n, iterations);
	/* Whether the CPUs really counted at the same time (not a check: a
	 * host may run them one after the other). */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			overlaps += cpus[ids[i]].first < cpus[ids[j]].last &&
				    cpus[ids[j]].first < cpus[ids[i]].last;
	printf("# %lu of %u pairs of CPUs counted at the same time\n", overlaps,
	       n * (n - 1) / 2);
}

/* Every CPU in VMX operation at once, each with its own VMCS: where the
 * BSP may set CR4.VMXE (tcg, Bochs; this host's KVM refuses it: an L1 on
 * the kvm engine uses the l1-shim's hypercall instead). */
static void vmx_each(const u32 *ids, unsigned n)
{
	struct pm_clock clk;
	unsigned k;

	if (!(cpuid(1, 0).c & CPUID_1_ECX_VMX) || write_cr4_safe(cr(4) | CR4_VMXE) != NO_EXCEPTION) {
		report_skip("VMX on every CPU: CR4.VMXE refused (no VMX, or L1 on kvm on this host)");
		phase = PHASE_VMX;
		return;
	}
	write_cr4_safe(cr(4) & ~CR4_VMXE);
	vmx_run = true;
	phase = PHASE_VMX;
	vmx_own(bsp_id);
	pm_start(&clk);
	for (k = 0; k < n; k++)
		while (!cpus[ids[k]].vmx_done && pm_us(&clk) < STALL_US)
			pause();
	for (k = 0; k < n; k++) {
		volatile struct cpu *c = &cpus[ids[k]];

		report(c->vmx_done && !c->vmx_fails && c->vmx_rsp == VMX_RSP(ids[k]) &&
		       c->vmx_ptr == (u64)vmx_pages[ids[k]][1],
		       "CPU %u: VMX of its own: VMXON, VMPTRLD, VMWRITE, VMREAD of its own GUEST_RSP "
		       "after every CPU wrote its own, VMXOFF (%u VMfails, 0x%lx)",
		       k, c->vmx_fails, c->vmx_rsp);
	}
}

int main(int argc, char **argv)
{
	const struct acpi_header *fadt;
	u32 ids[MAX_CPUS];
	unsigned n, online;

	if (!args__ulong(argc, argv, 1, DEFAULT_ITER, &iterations))
		return report_summary();
	bsp_id = my_apic_id();
	fadt = find_table("FACP");
	if (fadt && rd32((const u8 *)fadt + 76))
		pm_port = rd32((const u8 *)fadt + 76);
	n = madt_cpus(ids);
	check_fw_cfg(n);

	/* The BSP takes the APs' IPIs: its APIC on, the 8259 quiet. */
	pic_mask(0xffff);
	for (unsigned i = 0; i < NR_SLOTS; i++)
		intr__set_handler(IPI_VECTOR + i, ipi_handler);
	apic_write(APIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
	sti();

	online = start_aps(ids, n);
	ipis(ids, n);
	atomics(online);
	report_ipis(ids, n);
	report_atomics(ids, n);
	vmx_each(ids, n);
	return report_summary();
}
