/* SPDX-License-Identifier: GPL-2.0-only */
/* Everything a test image usually needs, in one include. */
#ifndef TESTVMS__GUEST_H
#define TESTVMS__GUEST_H

#include "testvms/lib/alloc.h"
#include "testvms/lib/args.h"
#include "testvms/lib/desc.h"
#include "testvms/lib/exceptions.h"
#include "testvms/lib/libc.h"
#include "testvms/lib/processor.h"
#include "testvms/lib/report.h"
#include "testvms/lib/setup.h"
#include "testvms/lib/usermode.h"

#endif
