/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/cli/version.h: the one place the release version is spelled. */
#ifndef L0__VERSION_H
#define L0__VERSION_H

#define TURTLE_VERSION "0.1.0"

#endif /* L0__VERSION_H */
