/* SPDX-License-Identifier: BSD-3-Clause */
/* drivers/block/ramblk: ram0 is registered at boot, starts zeroed, and keeps
 * what is written, sector for sector, up to its last sector. */
#include <errno.h>
#include <string.h>
#include <tess/blkdev.h>
#include <tess/test.h>
#include <tess/test_util.h>

TESS_TEST(ramblk, ram0_keeps_what_is_written_at_every_place)
{
	static unsigned char out[4 * 512], in[4 * 512];
	struct tess_blkdev *d = tess_blkdev_find("ram0");
	const struct tess_blkdev_info *info;
	struct tess_test_rng rng;
	uint64_t last;

	ASSERT_NOT_NULL(d);
	info = tess_blkdev_info(d);
	EXPECT_EQ(info->sector_size, 512);
	ASSERT_GE_U(info->sectors, 8);
	last = info->sectors - 4;
	EXPECT_EQ(tess_blkdev_read(d, last, 4, in), 0);
	for (unsigned int i = 0; i < sizeof(in); i++)
		ASSERT_EQ(in[i], 0);
	tess_test_rng_seed(&rng, 7);
	for (int round = 0; round < 50; round++) {
		uint64_t at = round == 0 ? last : tess_test_rng_below(&rng, (uint32_t)last);

		for (unsigned int i = 0; i < sizeof(out); i++)
			out[i] = (unsigned char)tess_test_rng_below(&rng, 256);
		ASSERT_EQ(tess_blkdev_write(d, at, 4, out), 0);
		ASSERT_EQ(tess_blkdev_read(d, at, 4, in), 0);
		ASSERT_EQ(memcmp(in, out, sizeof(in)), 0);
	}
	EXPECT_EQ(tess_blkdev_flush(d), 0);
	EXPECT_EQ(tess_blkdev_read(d, info->sectors - 3, 4, in), -ERANGE);
}
