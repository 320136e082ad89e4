/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/machine.c: set up and tear down a machine; read the files it boots. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "l0/machine.h"
#include "l0/observe/output.h"

#define CMDLINE_MAX 4096

/* The guest wrote to a serial whose reader is gone: the run loop decides
 * (m->serial_gone). */
static bool serial_broken_pipe(void *opaque)
{
	struct machine *m = opaque;

	return m->serial_gone && m->serial_gone(m);
}

static int open_serial(struct machine *m, const char *where, struct error *err)
{
	struct output_serial s = { .fd = STDOUT_FILENO, .quiet = m->quiet, .name = "stdout",
				   .broken_pipe = serial_broken_pipe, .opaque = m };
	bool stdio = !strcmp(where, "stdio");

	m->serial = NULL;
	if (!strcmp(where, "none"))
		return 0;
	if (!stdio) {
		s.fd = output__open("serial", where, err);
		if (s.fd < 0)
			return -1;
		s.own = true;
		s.name = where;
	}
	/* stdio is line-buffered: a guest that prints and then spins still
	 * shows its lines. */
	m->serial = output__serial(&s, stdio);
	if (!m->serial) {
		if (s.own)
			close(s.fd);
		return error__set(err, "serial '%s': out of memory", where);
	}
	return 0;
}

int machine__init(struct machine *m, const struct options *o, struct error *err)
{
	enum dev_status st;

	memset(m, 0, sizeof(*m));
	m->opts = o;
	m->quiet = o->quiet;
	/* By default only someone watching a terminal wants the explanation
	 * and its vmcs12 dump; scripts ask for it. */
	m->explain_vmfail = o->explain_vmfail == OPTIONS__ON ||
			    (o->explain_vmfail == OPTIONS__AUTO && !o->quiet &&
			     isatty(STDERR_FILENO));
	m->ram_size = o->mem;
	m->ram = mmap(NULL, m->ram_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->ram == MAP_FAILED) {
		m->ram = NULL;
		return error__set(err, "guest RAM of %lluM: %s",
				  (unsigned long long)(m->ram_size >> 20), strerror(errno));
	}
	guest_ram__init(m);
	if (machine_lock__init(&m->lock, o->smp))
		return error__set(err, "cannot create the machine lock");
	if (stats__init(&m->stats))
		return error__set(err, "stats: out of memory");
	if (open_serial(m, o->serial, err))
		return -1;
	st = platform__register(&m->platform, &m->devices, m->serial, o->qemu_exit_codes,
				m->ram_size, o->smp);
	if (st != DEV_OK)
		return error__set(err, "devices: %s", devices__status_name(st));
	return trace__open(&m->trace, o->trace, err);
}

/* The whole file in memory, if it is a regular file of at most max bytes;
 * what names it goes in the error.  Opened without waiting (a FIFO would
 * block open() until a writer comes) and checked before anything is
 * read. */
static int read_file(const char *what, const char *path, uint64_t max, void **buf,
		     size_t *len, struct error *err)
{
	struct stat sb;
	ssize_t got = 0;
	int fd;

	*buf = NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return error__set(err, "%s '%s': %s", what, path, strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return error__set(err, "%s '%s': not a regular file", what, path);
	}
	if ((uint64_t)sb.st_size > max) {
		close(fd);
		return error__set(err, "%s '%s': %llu bytes, more than the %llu bytes of guest RAM left for it",
				  what, path, (unsigned long long)sb.st_size, (unsigned long long)max);
	}
	*len = sb.st_size;
	*buf = malloc(*len ? *len : 1);
	if (!*buf) {
		close(fd);
		return error__set(err, "%s '%s': out of memory", what, path);
	}
	while ((size_t)got < *len) {
		ssize_t n = read(fd, (char *)*buf + got, *len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error__set(err, "%s '%s': %s", what, path, n ? strerror(errno) : "short read");
			close(fd);
			free(*buf);
			*buf = NULL;
			return -1;
		}
		got += n;
	}
	close(fd);
	return 0;
}

int machine__load(struct machine *m, struct loader_boot *boot, struct error *err)
{
	const struct options *o = m->opts;
	struct loader_module mods[OPTIONS__MAX_MODULES] = { 0 };
	char strings[OPTIONS__MAX_MODULES][CMDLINE_MAX];
	char cmdline[CMDLINE_MAX];
	struct loader_input in = { .cmdline = cmdline, .modules = mods,
				   .nr_modules = o->nr_modules };
	void *image = NULL;
	uint64_t left = m->ram_size, used;	/* a bound for the modules: checked before reading */
	int rc = -1;
	unsigned i;

	if (loader__cmdline(cmdline, sizeof(cmdline), o->image, o->args, o->nr_args) < 0)
		return error__set(err, "guest command line longer than %d bytes", CMDLINE_MAX - 1);
	for (i = 0; i < o->nr_modules; i++) {
		const struct option_module *om = &o->modules[i];
		char *args = om->args;

		if (loader__cmdline(strings[i], sizeof(strings[i]), om->file, &args, args ? 1 : 0) < 0) {
			error__set(err, "module '%s': string longer than %d bytes", om->file,
				   CMDLINE_MAX - 1);
			goto out;
		}
		mods[i].string = strings[i];
		if (read_file("module", om->file, left, (void **)&mods[i].data, &mods[i].size, err))
			goto out;
		/* Each module starts on a page of its own. */
		used = ((uint64_t)mods[i].size + 0xfff) & ~0xfffull;
		left = used < left ? left - used : 0;
	}
	/* An image may be larger than what it loads (symbols, debug info). */
	if (read_file("image", o->image, UINT64_MAX, &image, &in.image_size, err))
		goto out;
	in.image = image;
	if (loader__load(m->ram, m->ram_size, &in, boot, err) == LOADER_OK)
		rc = 0;
	else {	/* prefix the image name: the loader only sees bytes */
		char why[ERROR__MSG_MAX];

		memcpy(why, err->msg, sizeof(why));
		error__set(err, "image '%s': %.200s", o->image, why);
	}
out:
	free(image);
	for (i = 0; i < o->nr_modules; i++)
		free((void *)mods[i].data);
	return rc;
}

void machine__release(struct machine *m)
{
	machine_lock__release(&m->lock);
	trace__close(&m->trace, NULL);
	if (m->serial)
		fclose(m->serial);
	m->serial = NULL;
	stats__release(&m->stats);
	for (unsigned l = 0; l < sizeof(m->cpuid) / sizeof(m->cpuid[0]); l++) {
		free(m->cpuid[l]);
		m->cpuid[l] = NULL;
	}
	if (m->ram)
		munmap(m->ram, m->ram_size);
	m->ram = NULL;
}

void machine__request_stop(struct machine *m, enum stop_reason reason, int signo)
{
	int none = STOP_NONE;

	/* The vCPU thread reads both only after the kick that follows. */
	if (atomic_compare_exchange_strong(&m->stop_request, &none, (int)reason))
		atomic_store(&m->stop_signo, signo);
}

bool machine__stopping(struct machine *m)
{
	return atomic_load(&m->stop_request) != STOP_NONE || atomic_load(&m->run_over);
}

void machine__set_result(struct machine *m, int status, enum stop_reason reason,
			 const char *fmt, ...)
{
	va_list ap;

	if (atomic_load(&m->run_over))
		return;
	m->result.status = status;
	m->result.reason = reason;
	va_start(ap, fmt);
	vsnprintf(m->result.message, sizeof(m->result.message), fmt, ap);
	va_end(ap);
}
