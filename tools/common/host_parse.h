/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one size parser and the one command-line quoting of the host tools
 * (tools/tess and tools/vmm), so that `tess run --mem` and `tess-vmm --mem`
 * accept the same sizes and a guest sees the same argv under either
 * monitor. Pure functions, covered by tools/tess's host unit tests.
 */
#ifndef TESS_HOST_PARSE_H
#define TESS_HOST_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "SIZE": decimal with an optional K, M or G suffix (powers of 1024).
 * Returns 0 with *bytes set, or -1 (bytes untouched) for anything else,
 * zero and values that overflow 64 bits included. */
int tess_size_parse(const char *text, uint64_t *bytes);

/* Appends arg, quoted for the guest's tokenizer where it needs it, to the
 * NUL-terminated line buf (size bytes, *len used). Returns -1, leaving
 * buf unchanged, when it does not fit. */
int tess_cmdline_append(char *buf, size_t size, size_t *len, const char *arg);

/* A --mem a kvm guest can have under tess-vmm: whole 4 KiB pages from
 * TESS_KVM_MEM_MIN to TESS_KVM_MEM_MAX (plat/kvm's tess/kvm_abi.h). */
bool tess_kvm_mem_valid(uint64_t bytes);

#endif /* TESS_HOST_PARSE_H */
