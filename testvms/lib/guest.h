/* Everything a test image usually needs, in one include. */
#ifndef TESTVMS__GUEST_H
#define TESTVMS__GUEST_H

#include "testvms/lib/alloc.h"
#include "testvms/lib/desc.h"
#include "testvms/lib/exceptions.h"
#include "testvms/lib/libc.h"
#include "testvms/lib/processor.h"
#include "testvms/lib/report.h"
#include "testvms/lib/setup.h"
#include "testvms/lib/usermode.h"

/* argv[i] as an unsigned number (0x.. allowed), or def if absent. */
static inline unsigned long arg_ul(int argc, char **argv, int i,
				   unsigned long def)
{
	return i < argc ? strtoul(argv[i], NULL, 0) : def;
}

#endif
