/* SPDX-License-Identifier: BSD-3-Clause */
/* Sizes and guest command lines as tess and tess-vmm parse and build them. */
#include <stdbool.h>
#include <string.h>

#include "host_parse.h"
#include "../../plat/kvm/include/tess/kvm_abi.h"

bool tess_kvm_mem_valid(uint64_t bytes)
{
	return bytes >= TESS_KVM_MEM_MIN && bytes <= TESS_KVM_MEM_MAX &&
	       bytes % 4096 == 0;
}

/*
 * "SIZE" is decimal with an optional K, M or G suffix (powers of 1024),
 * the form tess-vmm's --mem takes. Returns 0, or -1 for anything else,
 * including zero and values that overflow 64 bits.
 */
int tess_size_parse(const char *text, uint64_t *bytes)
{
	uint64_t value = 0;
	unsigned int shift = 0;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (value > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		value = value * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case '\0': break;
	case 'k':
	case 'K':
		shift = 10;
		p++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		p++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		p++;
		break;
	default: return -1;
	}
	if (*p != '\0' || value == 0 || value > (UINT64_MAX >> shift))
		return -1;
	*bytes = value << shift;
	return 0;
}

/* Characters the guest's tokenizer (lib/argparse) treats specially. */
static bool needs_quotes(const char *arg)
{
	return *arg == '\0' || strpbrk(arg, " \t\n'\"\\") != NULL;
}

/* Bytes arg takes on the command line, quotes included, separator not. */
static size_t quoted_length(const char *arg)
{
	size_t n = 2;

	if (!needs_quotes(arg))
		return strlen(arg);
	for (; *arg; arg++)
		n += *arg == '\'' ? 4 : 1;
	return n;
}

/*
 * Appends arg to the NUL-terminated command line buf (size bytes, *len
 * used), after a space unless it is the first. An argument with blanks,
 * quotes or backslashes, or an empty one, is put in single quotes, a
 * quote inside written as '\'' (close, escaped quote, reopen): the same
 * command line tess-vmm builds, so the guest sees the same argv under
 * either monitor. Returns -1, leaving buf unchanged, when it does not fit.
 */
int tess_cmdline_append(char *buf, size_t size, size_t *len, const char *arg)
{
	size_t sep = *len > 0 ? 1 : 0;
	size_t need = quoted_length(arg);
	char *out;

	if (*len + sep + need + 1 > size)
		return -1;
	out = buf + *len;
	if (sep)
		*out++ = ' ';
	if (!needs_quotes(arg)) {
		memcpy(out, arg, need);
		out += need;
	} else {
		*out++ = '\'';
		for (; *arg; arg++) {
			if (*arg == '\'') {
				memcpy(out, "'\\''", 4);
				out += 4;
			} else {
				*out++ = *arg;
			}
		}
		*out++ = '\'';
	}
	*out = '\0';
	*len = (size_t)(out - buf);
	return 0;
}
