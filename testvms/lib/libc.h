/* SPDX-License-Identifier: GPL-2.0-only */
/* The bits of a C library the test guests use. */
#ifndef TESTVMS__LIBC_H
#define TESTVMS__LIBC_H

#include "testvms/lib/types.h"

/* console.c: 16550 UART at 0x3F8 and the debug-exit port 0xF4 */
void putchar(int c);
void puts(const char *s);
void exit(int code) __attribute__((noreturn));

/* printf.c: %d %i %u %x %X %p %s %c %%, flags '0' '-', width, l ll z */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vprintf(const char *fmt, va_list ap);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* string.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
char *strchr(const char *s, int c);
unsigned long strtoul(const char *s, char **end, int base);
int atoi(const char *s);

#endif
