/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/stats.h: the counters behind `--stats` (schema in docs/stats.md).
 *
 * Counters are per level, in an array indexed by level (L1 = 1, L2 = 2), so
 * the nested work adds a level without touching the schema.  Only the vCPU
 * thread writes them; the main thread reads them after joining it.
 */
#ifndef L0__STATS_H
#define L0__STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "l0/platform/devices.h"
#include "l0/error.h"
#include "exit-forwarder/exit_counters.h"
#include "l0/engine/engine.h"
#include "l0/engine/kvm/kvm_exits.h"
#include "l0/nested/vmx_decode.h"
#include "vmcs-merge/entry_check.h"

#define STATS__SCHEMA	"turtle-stats/2"
#define STATS__LEVELS	3	/* [0] unused, [1] L1, [2] L2 */
#define STATS__PORTS	0x10000

/* Why the run ended: result.reason in the JSON. */
#define STATS__REASONS(X) \
	X(NONE,		"none") \
	X(DEBUG_EXIT,	"debug-exit") \
	X(TIMEOUT,	"timeout") \
	X(SIGNAL,	"signal") \
	X(SHUTDOWN,	"shutdown") \
	X(ERROR,	"error")

enum stop_reason {
#define X(id, text) STOP_##id,
	STATS__REASONS(X)
#undef X
};

struct rw_count {
	uint64_t reads, writes;
};

struct level_stats {
	bool active;			/* the level ran: it appears in "levels" */
	const char *engine;		/* "kvm" or "tcg" */
	uint64_t exits;			/* engine events, kicks included */
	uint64_t events[ENGINE_EV_COUNT];
	uint64_t kvm_exits[KVM_EXITS__MAX];	/* kvm engine: KVM_RUN returns */
	uint64_t kvm_exits_other;	/* reasons missing from kvm_exits.def */
	struct rw_count *io_ports;	/* STATS__PORTS entries */
	struct rw_count mmio[DEVICES__MAX];	/* by MMIO registration id */
	struct {
		uint64_t pio_reads, pio_writes, mmio_reads, mmio_writes;
	} unclaimed;
	struct {
		uint64_t user_exits, gp_injected;
	} msrs;
	struct {
		uint64_t guest_ns, l0_ns, l0_cpu_ns;
	} time;
	struct {
		uint64_t kvm_run, other;
	} ioctls;
};

struct run_result {
	int status;			/* turtle's exit status */
	enum stop_reason reason;
	char message[256];		/* why, for humans; "" for a debug exit */
	uint64_t wall_ns;
};

/* How L1's VMX operations reached L0 ("l1_traps_by_transport"). */
#define STATS__TRANSPORTS(X) \
	X(HYPERCALL,	"hypercall") \
	X(RAW,		"raw")

enum stats_transport {
#define X(id, text) STATS_TRANSPORT_##id,
	STATS__TRANSPORTS(X)
#undef X
	STATS_TRANSPORT_COUNT
};

/* The nested work (l0/nested*.c): L1's traps, L2's exits by VMX reason
 * and route, and the level switches between them. */
struct stats_nested {
	uint64_t l1_traps[STATS_TRANSPORT_COUNT][VMX_OP_COUNT];
	uint64_t l1_traps_since_entry;	/* traps after L1's first VM entry */
	uint64_t hypercalls_other;	/* VERSION, ENABLE_VMX, EVMCS_ENABLE, DUMP */
	struct exit_counters exits;
	uint64_t entries, entry_failures, unmet_wishes;
	uint64_t entry_vmfails;		/* VMLAUNCH/VMRESUME VMfailValid 7 or 8 */
	struct entry_check_stats entry_checks;	/* failures by check id */
	uint64_t switches, switch_cpu_ns;
	/* Eager compositions of EPT12 (new EPTP, INVEPT) and the tables
	 * they read (docs/ept.md, "Cost"). */
	uint64_t ept_compositions, ept_tables_read;
	/* Reflection windows: from the L2 exit L0 reflects (its KVM_RUN
	 * included) to the next VM entry.  The floor is two KVM_RUNs: L2's
	 * that exits and L1's that handles it and traps back. */
	uint64_t reflect_ioctls;	/* ioctls inside closed windows */
	uint64_t reflect_windows;	/* windows closed by a VM entry */
	uint64_t window_start;		/* all levels' ioctls when one opened */
	int in_window;
};

/* The machine the levels ran on (--smp). */
struct stats_machine {
	uint64_t vcpus;			/* level-1 vCPUs */
	uint64_t lock_kicks;		/* holders of the machine lock kicked by a
					 * waiting vCPU thread (l0/machine_lock.h) */
};

struct stats {
	struct level_stats level[STATS__LEVELS];
	struct stats_nested nested;
	struct stats_machine machine;
};

/* The "nested" object and the L1/L2 additions (l0/observe/stats_nested.c). */
void stats_nested__add_json(const struct stats *s, json_t *levels, json_t *doc);
/* Every KVM ioctl of every level so far. */
uint64_t stats__ioctls_total(const struct stats *s);

int stats__init(struct stats *s);
void stats__release(struct stats *s);
const char *stats__reason_name(enum stop_reason r);
static inline const char *stats__level_name(unsigned level)
{
	return level == 1 ? "L1" : level == 2 ? "L2" : "L?";
}

/* The whole document; the caller json_decref()s it. */
json_t *stats__to_json(const struct stats *s, const struct devices *d, const char *image,
		       const struct run_result *r);
/* A regular file (or a new one) is replaced atomically: a temporary file
 * in the same directory, then rename.  Anything else (a symlink, device,
 * FIFO, /dev/stdout) is written in place, never replaced or created. */
int stats__write_file(json_t *doc, const char *path, struct error *err);
/* The same document as an aligned table. */
void stats__print_table(json_t *doc, FILE *f);

#endif /* L0__STATS_H */
