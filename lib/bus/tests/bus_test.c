/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of the driver model with drivers of the test's own on an id no
 * real device has: the first driver that takes a device binds it, one
 * that declines or fails is passed over, a device no driver takes stays
 * unbound.
 */
#include <errno.h>
#include <tess/bus.h>
#include <tess/test.h>

#define TEST_ID_DECLINES 0x7e570001u /* one driver, which declines */
#define TEST_ID_TWO	 0x7e570002u /* a failing driver, then one that takes */
#define TEST_ID_NONE	 0x7e570003u /* no driver */

static unsigned int declined, failed, taken;

static int probe_declines(struct tess_device *dev)
{
	(void)dev;
	declined++;
	return -ENODEV;
}

static int probe_fails(struct tess_device *dev)
{
	(void)dev;
	failed++;
	return -EIO;
}

static int probe_takes(struct tess_device *dev)
{
	taken++;
	dev->driver_data = &taken;
	return 0;
}

static const struct tess_driver test_declines = {
	"test-declines", TESS_BUS_VIRTIO, TEST_ID_DECLINES, probe_declines};
static const struct tess_driver test_fails = {"test-fails", TESS_BUS_VIRTIO,
					      TEST_ID_TWO, probe_fails};
static const struct tess_driver test_takes = {"test-takes", TESS_BUS_VIRTIO,
					      TEST_ID_TWO, probe_takes};
TESS_DRIVER(test_declines);
TESS_DRIVER(test_fails);
TESS_DRIVER(test_takes);

TESS_TEST(bus, the_first_driver_that_takes_a_device_binds_it)
{
	struct tess_device dev = {.bus = TESS_BUS_VIRTIO, .id = TEST_ID_TWO,
				  .name = "test@0"};

	failed = taken = 0;
	EXPECT_EQ(tess_bus_attach(&dev), 0);
	/* Drivers are tried in link order: the failing one may come first
	 * (and then must not stop the search) or not at all. */
	EXPECT_LE(failed, 1);
	EXPECT_EQ(taken, 1);
	EXPECT_TRUE(dev.driver == &test_takes);
	EXPECT_TRUE(dev.driver_data == &taken);
}

TESS_TEST(bus, a_device_no_driver_takes_stays_unbound)
{
	struct tess_device declined_dev = {.bus = TESS_BUS_VIRTIO,
					   .id = TEST_ID_DECLINES,
					   .name = "test@1"};
	struct tess_device orphan = {.bus = TESS_BUS_VIRTIO,
				     .id = TEST_ID_NONE, .name = "test@2"};
	struct tess_device other_bus = {.bus = TESS_BUS_PLATFORM,
					.id = TEST_ID_TWO, .name = "test@3"};

	declined = taken = 0;
	EXPECT_EQ(tess_bus_attach(&declined_dev), -ENODEV);
	EXPECT_EQ(declined, 1);
	EXPECT_NULL(declined_dev.driver);
	EXPECT_EQ(tess_bus_attach(&orphan), -ENODEV);
	EXPECT_NULL(orphan.driver);
	/* Same id on another bus: not the virtio drivers' device. */
	EXPECT_EQ(tess_bus_attach(&other_bus), -ENODEV);
	EXPECT_EQ(taken, 0);
}

TESS_TEST(bus, ids_have_names_for_logs)
{
	EXPECT_STREQ(tess_bus_id_name(TESS_BUS_VIRTIO, 2), "block");
	EXPECT_STREQ(tess_bus_id_name(TESS_BUS_VIRTIO, 1), "net");
	EXPECT_NULL(tess_bus_id_name(TESS_BUS_VIRTIO, 1000));
	EXPECT_STREQ(tess_bus_id_name(TESS_BUS_PLATFORM,
				      TESS_PLAT_DEVICE_VIRTIO_MMIO),
		     "virtio-mmio");
}
