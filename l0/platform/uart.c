/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/uart.c: a write-only 16550: enough for a guest's polling console.
 * Register layout from the PC16550D data sheet (offsets 0-7, DLAB in LCR bit 7). */
#include <string.h>

#include "l0/platform/platform.h"

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define LCR_DLAB	0x80
#define LSR_THRE	0x20	/* transmit holding register empty */
#define LSR_TEMT	0x40	/* transmitter empty */
#define IIR_NO_INT	0x01
#define MSR_CTS_DSR_DCD	0xb0

static uint8_t uart_read(struct uart *u, uint64_t reg)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case RBR_THR:	return dlab ? u->dll : 0;	/* no input: RBR empty */
	case IER:	return dlab ? u->dlm : u->ier;
	case IIR_FCR:	return IIR_NO_INT;
	case LCR:	return u->lcr;
	case MCR:	return u->mcr;
	case LSR:	return LSR_THRE | LSR_TEMT;	/* output is instantaneous */
	case MSR:	return MSR_CTS_DSR_DCD;
	default:	return u->scr;
	}
}

static void uart_write(struct uart *u, uint64_t reg, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case RBR_THR:
		if (dlab)
			u->dll = v;
		else if (u->out)
			putc(v, u->out);
		break;
	case IER:
		if (dlab)
			u->dlm = v;
		else
			u->ier = v;
		break;
	case LCR:	u->lcr = v; break;
	case MCR:	u->mcr = v; break;
	case SCR:	u->scr = v; break;
	default:	break;	/* FCR, LSR, MSR: accepted, no effect */
	}
}

/* A wider access covers consecutive registers, one byte each. */
void uart__io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	unsigned i;

	for (i = 0; i < size && offset + i < 8; i++) {
		if (write)
			uart_write(opaque, offset + i, data[i]);
		else
			data[i] = uart_read(opaque, offset + i);
	}
}
