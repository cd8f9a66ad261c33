/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the 9P server (p9_serve) fed messages of the fuzzer's
 * making over a temporary folder (on /dev/shm where there is one) holding
 * a file, a folder and symlinks out of it, next to a folder it must never
 * reach. Each input: its first byte picks the read-write or the read-only
 * server, which starts a session (Tversion, fids 0-4: the root, a folder,
 * the file opened, the folder opened, a symlink); then records
 * of flags[1] length[2] bytes[length], each one message (flags bit 0:
 * the harness writes the true size field; bits 1-2: the reply buffer, 11,
 * 64, 300 bytes or all of it). Every reply must be well-formed, and after
 * every input the folder outside must be as it was: anything else aborts
 * (a crash for the fuzzer), as do ASan and UBSan findings. The shared
 * folder is made afresh every 256 inputs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../p9_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct p9_server rw, ro;
static char base[64], share[96], outside[96];
static uint8_t msg[70000], resp[P9_MSIZE_MAX];
static unsigned long inputs;

static void put(const char *rel, const char *text)
{
	char path[200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", rel[0] == '/' ? "" : share, rel);
	f = fopen(rel[0] == '/' ? rel : path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int open_up(const char *path, const struct stat *st, int flag,
		   struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D && !S_ISLNK(st->st_mode))
		chmod(path, 0700);
	return 0;
}

static int remove_below(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st, (void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

/* The shared folder's contents, made afresh (the folder itself stays:
 * the servers hold it). */
static void tree_make(void)
{
	char path[200];

	chmod(share, 0755);
	nftw(share, open_up, 16, FTW_PHYS);
	nftw(share, remove_below, 16, FTW_DEPTH | FTW_PHYS);
	snprintf(path, sizeof(path), "%s/dir", share);
	mkdir(path, 0755);
	put("dir/f", "f");
	put("file", "0123456789");
	snprintf(path, sizeof(path), "%s/out", share);
	symlink("../outside", path);
	snprintf(path, sizeof(path), "%s/abs", share);
	symlink(outside, path);
}

/* The folder the server must never reach, as it was made. */
static void outside_check(void)
{
	char path[200], text[32] = "";
	int entries = 0;
	DIR *d = opendir(outside);
	FILE *f;

	while (d && readdir(d))
		entries++;
	if (d)
		closedir(d);
	snprintf(path, sizeof(path), "%s/secret", outside);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(text, sizeof(text), f))
			text[0] = '\0';
		fclose(f);
	}
	if (entries != 3 || strcmp(text, "top secret") != 0) {
		fprintf(stderr, "the folder outside the share changed\n");
		abort();
	}
}

static void cleanup(void)
{
	char path[200];

	p9_server_destroy(&rw);
	p9_server_destroy(&ro);
	chmod(share, 0755);
	nftw(base, open_up, 16, FTW_PHYS);
	nftw(share, remove_below, 16, FTW_DEPTH | FTW_PHYS);
	rmdir(share);
	snprintf(path, sizeof(path), "%s/secret", outside);
	unlink(path);
	rmdir(outside);
	rmdir(base);
}

static void setup(void)
{
	char why[200];

	snprintf(base, sizeof(base), "%s/p9fuzz-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(base))
		abort();
	snprintf(share, sizeof(share), "%s/share", base);
	snprintf(outside, sizeof(outside), "%s/outside", base);
	mkdir(share, 0755);
	mkdir(outside, 0755);
	{
		char path[200];

		snprintf(path, sizeof(path), "%s/secret", outside);
		put(path, "top secret");
	}
	p9_fd_limit_raise();
	if (p9_server_init(&rw, p9_share_open(share), false, why,
			   sizeof(why)) ||
	    p9_server_init(&ro, p9_share_open(share), true, why, sizeof(why))) {
		fprintf(stderr, "%s\n", why);
		abort();
	}
	atexit(cleanup);
}

/* Serves n bytes of msg with a reply buffer of cap; aborts on a reply
 * that is not well-formed. */
static void serve(struct p9_server *s, size_t n, size_t cap)
{
	size_t r = p9_serve(s, msg, n, resp, cap);
	uint32_t size;

	if (r == 0 && cap >= 11)
		abort();
	if (r == 0)
		return;
	size = (uint32_t)(resp[0] | resp[1] << 8 | resp[2] << 16 |
			  (uint32_t)resp[3] << 24);
	if (r > cap || size != r || r < 7 ||
	    (resp[4] != P9_RLERROR && (n < 5 || resp[4] != msg[4] + 1)))
		abort();
}

/* A message built here: type, then fields ('4' a u32, '2' a u16, 's'
 * a string), the size field written. */
static size_t build(uint8_t type, const char *fields, ...)
{
	va_list ap;
	size_t n = 7;

	va_start(ap, fields);
	msg[4] = type;
	msg[5] = 1;
	msg[6] = 0;
	for (const char *f = fields; *f; f++) {
		if (*f == 's') {
			const char *text = va_arg(ap, const char *);
			size_t len = strlen(text);

			msg[n++] = (uint8_t)len;
			msg[n++] = 0;
			memcpy(msg + n, text, len);
			n += len;
		} else {
			uint32_t v = va_arg(ap, uint32_t);

			for (int i = 0; i < *f - '0'; i++)
				msg[n++] = (uint8_t)(v >> (8 * i));
		}
	}
	va_end(ap);
	msg[0] = (uint8_t)n;
	msg[1] = (uint8_t)(n >> 8);
	msg[2] = msg[3] = 0;
	return n;
}

/* A session with fids to start from: 0 the root, 1 "dir", 2 "file"
 * opened to read and write (read-only on the read-only share), 3 "dir"
 * opened (for Treaddir), 4 the symlink "out". */
static void session(struct p9_server *s)
{
	size_t n;

	n = build(P9_TVERSION, "4s", 65536u, P9_VERSION);
	serve(s, n, sizeof(resp));
	n = build(P9_TATTACH, "44ss4", 0u, P9_NOFID, "", "", 0u);
	serve(s, n, sizeof(resp));
	n = build(P9_TWALK, "442s", 0u, 1u, 1u, "dir");
	serve(s, n, sizeof(resp));
	n = build(P9_TWALK, "442s", 0u, 2u, 1u, "file");
	serve(s, n, sizeof(resp));
	n = build(P9_TLOPEN, "44", 2u, s->read_only ? 0u : 2u);
	serve(s, n, sizeof(resp));
	n = build(P9_TWALK, "442s", 0u, 3u, 1u, "dir");
	serve(s, n, sizeof(resp));
	n = build(P9_TLOPEN, "44", 3u, 0u);
	serve(s, n, sizeof(resp));
	n = build(P9_TWALK, "442s", 0u, 4u, 1u, "out");
	serve(s, n, sizeof(resp));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[4] = {11, 64, 300, sizeof(resp)};
	struct p9_server *s;
	size_t at = 1;

	if (!base[0])
		setup();
	if (size == 0)
		return 0;
	if (inputs++ % 256 == 0) {
		p9_server_reset(&rw);
		p9_server_reset(&ro);
		tree_make();
	}
	s = data[0] & 1 ? &ro : &rw;
	session(s);
	while (at + 3 <= size) {
		uint8_t flags = data[at];
		size_t len = (size_t)(data[at + 1] | data[at + 2] << 8);

		at += 3;
		if (len > size - at)
			len = size - at;
		memcpy(msg, data + at, len);
		at += len;
		if ((flags & 1) && len >= 4) {
			msg[0] = (uint8_t)len;
			msg[1] = (uint8_t)(len >> 8);
			msg[2] = msg[3] = 0;
		}
		serve(s, len, caps[(flags >> 1) & 3]);
	}
	p9_server_reset(s);
	outside_check();
	return 0;
}
