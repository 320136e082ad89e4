/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printf family: one formatter writing into a sink that is either a
 * buffer (snprintf) or the console (printf).  Integer formatting only:
 * the guests are built without SSE, so there is no floating point.
 */
#include "testvms/lib/libc.h"

struct sink {
	char *buf;	/* NULL: write to the console */
	size_t size;
	size_t len;	/* characters produced, also beyond size */
};

struct spec {
	bool zero_pad, left;
	int width;
};

static void emit(struct sink *s, char c)
{
	if (!s->buf)
		putchar(c);
	else if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void emit_padded(struct sink *s, const struct spec *sp,
			const char *str, int len, bool negative)
{
	int pad = sp->width - len - negative;

	if (negative && sp->zero_pad)
		emit(s, '-');
	for (; !sp->left && pad > 0; pad--)
		emit(s, sp->zero_pad ? '0' : ' ');
	if (negative && !sp->zero_pad)
		emit(s, '-');
	while (len--)
		emit(s, *str++);
	for (; pad > 0; pad--)
		emit(s, ' ');
}

static void emit_number(struct sink *s, const struct spec *sp, u64 v,
			unsigned int base, bool upper, bool negative)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = sizeof(tmp);

	do {
		tmp[--n] = digits[v % base];
		v /= base;
	} while (v);
	emit_padded(s, sp, tmp + n, sizeof(tmp) - n, negative);
}

/* Reads an integer argument of the size given by the length modifier. */
static u64 fetch(va_list *ap, int longs, bool is_signed)
{
	if (longs)
		return is_signed ? (u64)va_arg(*ap, long) : va_arg(*ap, unsigned long);
	return is_signed ? (u64)(s64)va_arg(*ap, int) : va_arg(*ap, unsigned int);
}

/* va_list by pointer: as a parameter it decays to a pointer on x86-64. */
static void format(struct sink *s, const char *fmt, va_list *ap)
{
	for (; *fmt; fmt++) {
		struct spec sp = { 0 };
		const char *str;
		int longs = 0;
		s64 sv;

		if (*fmt != '%') {
			emit(s, *fmt);
			continue;
		}
		for (fmt++; *fmt == '0' || *fmt == '-'; fmt++)
			*(*fmt == '0' ? &sp.zero_pad : &sp.left) = true;
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp.width = sp.width * 10 + *fmt - '0';
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			longs++;
		if (sp.left)
			sp.zero_pad = false;

		switch (*fmt) {
		case 'd':
		case 'i':
			sv = fetch(ap, longs, true);
			emit_number(s, &sp, sv < 0 ? -(u64)sv : (u64)sv, 10,
				    false, sv < 0);
			break;
		case 'u':
			emit_number(s, &sp, fetch(ap, longs, false), 10, false, false);
			break;
		case 'x':
		case 'X':
			emit_number(s, &sp, fetch(ap, longs, false), 16,
				    *fmt == 'X', false);
			break;
		case 'p':
			emit(s, '0');
			emit(s, 'x');
			emit_number(s, &sp, (u64)va_arg(*ap, void *), 16, false, false);
			break;
		case 's':
			str = va_arg(*ap, const char *);
			if (!str)
				str = "(null)";
			emit_padded(s, &sp, str, strlen(str), false);
			break;
		case 'c':
			emit(s, (char)va_arg(*ap, int));
			break;
		case '\0':
			return;
		default:	/* '%' and unknown conversions print themselves */
			emit(s, *fmt);
			break;
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size };
	va_list copy;

	va_copy(copy, ap);
	format(&s, fmt, &copy);
	va_end(copy);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	struct sink s = { 0 };
	va_list copy;

	va_copy(copy, ap);
	format(&s, fmt, &copy);
	va_end(copy);
	return s.len;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
