/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu devices: none in the platform's table. A process reaches the
 * host's devices through its own drivers (a tap, a file), not registers. */
#include <errno.h>
#include <stddef.h>
#include <tess/plat/device.h>

int tess_plat_device_get(unsigned int idx, struct tess_plat_device *out)
{
	(void)idx;
	(void)out;
	return -ENOENT;
}

volatile void *tess_plat_device_map(const struct tess_plat_device *d)
{
	(void)d;
	return NULL;
}
