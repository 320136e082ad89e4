/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Output through the 16550 UART at 0x3F8, and the end of every run: a
 * write of the exit status to the debug-exit port 0xF4.
 */
#include "testvms/lib/libc.h"
#include "testvms/lib/processor.h"

#define UART_BASE	0x3F8
#define UART_THR	0	/* transmit holding register */
#define UART_LSR	5	/* line status register */
#define UART_LSR_THRE	0x20	/* THR empty */
#define UART_LSR_TEMT	0x40	/* THR and shift register empty */
/*
 * Bounded wait: a UART whose LSR never says empty must not hang the guest
 * (each poll is an exit, so the bound also caps what a broken device costs).
 */
#define UART_POLLS	64
#define UART_DRAIN_POLLS	0x10000	/* a full FIFO at any baud rate */
#define DEBUG_EXIT_PORT	0xF4
/*
 * Bochs has no debug-exit device; it powers off when "Shutdown" is written
 * to its port 0x8900, so the same images also end a Bochs run (bench/).
 */
#define BOCHS_SHUTDOWN_PORT	0x8900

void putchar(int c)
{
	int i;

	for (i = 0; i < UART_POLLS; i++)
		if (inb(UART_BASE + UART_LSR) & UART_LSR_THRE)
			break;
	outb(c, UART_BASE + UART_THR);
}

void puts(const char *s)
{
	while (*s)
		putchar(*s++);
}

void exit(int code)
{
	const char *p;
	int i;

	outl(code, DEBUG_EXIT_PORT);
	/*
	 * Only reached if the port is missing.  Let the UART send what it holds
	 * first: a power-off drops its FIFO.
	 */
	for (i = 0; i < UART_DRAIN_POLLS; i++)
		if (inb(UART_BASE + UART_LSR) & UART_LSR_TEMT)
			break;
	for (p = "Shutdown"; *p; p++)
		outb(*p, BOCHS_SHUTDOWN_PORT);
	for (;;)
		hlt();
}
