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
/*
 * Bounded wait: a UART whose LSR never says empty must not hang the guest
 * (each poll is an exit, so the bound also caps what a broken device costs).
 */
#define UART_POLLS	64
#define DEBUG_EXIT_PORT	0xF4

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
	outl(code, DEBUG_EXIT_PORT);
	/* Only reached if the port is missing. */
	for (;;)
		hlt();
}
