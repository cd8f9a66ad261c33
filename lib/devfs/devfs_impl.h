/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/devfs's internals: how a kind of device registers its nodes. */
#ifndef TESS_DEVFS_IMPL_H
#define TESS_DEVFS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tess/compiler.h>
#include <tess/vfs.h>

/* Linux's cap on the bytes one read or write moves (MAX_RW_COUNT). */
#define DEVFS_RW_MAX 0x7ffff000L

/* What a device does; priv is its devfs_device's. NULL read or write:
 * -EINVAL; NULL ioctl: -ENOTTY; NULL fsync: nothing to do; NULL size: 0.
 * devfs has checked the iovecs (count, no NULL base with a length). */
struct devfs_driver {
	long (*read)(void *priv, const struct tess_iovec *iov, int count,
		     uint64_t offset, bool nonblock);
	long (*write)(void *priv, const struct tess_iovec *iov, int count,
		      uint64_t offset, bool nonblock);
	long (*ioctl)(void *priv, unsigned long request, unsigned long arg);
	int (*fsync)(void *priv);
	uint64_t (*size)(void *priv);
};

#define DEVFS_NAME_MAX 31

/* One node of /dev. */
struct devfs_device {
	char name[DEVFS_NAME_MAX + 1];
	uint32_t mode; /* type (S_IFCHR, S_IFBLK) and permissions */
	uint64_t rdev;
	const struct devfs_driver *driver;
	void *priv;
};

/*
 * A kind of device: a fixed table, or devices found when devfs is
 * mounted (count() of them, the i-th filled in by get: 0, or -errno to
 * leave it out), or both. Registered with DEVFS_PROVIDER in a source
 * that the Makefile compiles only when the kind's library is selected,
 * so devfs.c names no optional library.
 */
struct devfs_provider {
	const struct devfs_device *table;
	unsigned table_len;
	unsigned (*count)(void);
	int (*get)(unsigned i, struct devfs_device *out);
};
#define DEVFS_PROVIDER(id, ...)                                                \
	static const struct devfs_provider devfs_provider_##id = {             \
		__VA_ARGS__};                                                  \
	static const struct devfs_provider *const devfs_provider_rec_##id      \
		__attribute__((used, retain, section("tess_devfs_providers"),  \
			       aligned(sizeof(void *)))) =                     \
			&devfs_provider_##id
extern const struct devfs_provider *const __start_tess_devfs_providers[]
	__attribute__((weak));
extern const struct devfs_provider *const __stop_tess_devfs_providers[]
	__attribute__((weak));

/* Linux's device number encoding for st_rdev (new_encode_dev); a
 * constant expression, for tables. */
#define DEVFS_RDEV(major, minor)                                               \
	(((uint64_t)(minor)&0xffu) | ((uint64_t)(major) << 8) |                \
	 (((uint64_t)(minor) & ~(uint64_t)0xff) << 12))

/* The bytes iov holds, capped at DEVFS_RW_MAX (what a device that
 * swallows everything has written). */
long devfs_iov_len(const struct tess_iovec *iov, int count);

#endif /* TESS_DEVFS_IMPL_H */
