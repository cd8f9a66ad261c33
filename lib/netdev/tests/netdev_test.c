/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of lib/netdev's control path with the tests' loopback device
 * (loopdev.h): registration and configuration refused before the driver
 * sees them, the life of a device (configure, start, stop, again), the
 * link state, and bad arguments to every call. */
#include <errno.h>
#include <tess/netdev_driver.h>
#include <tess/test.h>
#include <tess/test_util.h>

#include "loopdev.h"

TESS_TEST(netdev, registration_refuses_bad_descriptions_and_taken_names)
{
	struct tess_netdev_ops no_rx = loopdev_ops;
	struct tess_netdev_ops half_interrupts = loopdev_ops;
	struct tess_netdev_info info = loopdev_info("bad0");
	struct tess_netdev_info bad;
	unsigned int found = 0;

	ASSERT_TRUE(loopdev_ensure());
	no_rx.rx_burst = NULL;
	half_interrupts.rxq_interrupts_off = NULL;
	EXPECT_EQ(tess_netdev_register(NULL, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	EXPECT_EQ(tess_netdev_register(&info, NULL, NULL, NULL), -EINVAL);
	EXPECT_EQ(tess_netdev_register(&info, &no_rx, NULL, NULL), -EINVAL);
	EXPECT_EQ(tess_netdev_register(&info, &half_interrupts, NULL, NULL),
		  -EINVAL);
	bad = info, bad.name = NULL;
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	bad = info, bad.name = "";
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	bad = info, bad.name = "a-name-too-long0";
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	bad = info, bad.mtu = TESS_NETDEV_MTU_MIN - 1;
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	bad = info, bad.mtu = TESS_NETDEV_MTU_MAX + 1;
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	bad = info, bad.rx_queues_max = 0;
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	bad = info, bad.tx_queues_max = TESS_NETDEV_QUEUES_MAX + 1;
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	bad = info, bad.ring_size_max = 0;
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	bad = info, bad.ring_size_max = 48;
	EXPECT_EQ(tess_netdev_register(&bad, &loopdev_ops, NULL, NULL),
		  -EINVAL);
	EXPECT_NULL(tess_netdev_find("bad0"));
	info.name = "loop0";
	EXPECT_EQ(tess_netdev_register(&info, &loopdev_ops, NULL, NULL),
		  -EEXIST);

	EXPECT_TRUE(tess_netdev_find("loop0") == loop0.dev);
	EXPECT_NULL(tess_netdev_find(NULL));
	EXPECT_NULL(tess_netdev_get(tess_netdev_count()));
	for (unsigned int i = 0; i < tess_netdev_count(); i++)
		found += tess_netdev_get(i) == loop0.dev ||
			 tess_netdev_get(i) == poll0.dev;
	EXPECT_EQ(found, 2);
	EXPECT_STREQ(tess_netdev_info(loop0.dev)->name, "loop0");
	EXPECT_EQ(tess_netdev_info(loop0.dev)->mac[5], 1);
	EXPECT_EQ(tess_netdev_info(loop0.dev)->mtu, LOOPDEV_MTU);
	EXPECT_TRUE(tess_netdev_priv(loop0.dev) == &loop0);
}

TESS_TEST(netdev, configure_refuses_what_the_device_or_the_pool_cannot_do)
{
	const struct tess_netdev_conf good = {2, 2, 8, 8, NULL};
	struct tess_netbuf_pool *shallow, *small_frames;
	struct tess_netdev_conf c;
	enum tess_log_level level;
	unsigned int calls;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(tess_netbuf_pool_create(&shallow, "shallow", 4, 2048,
					  LOOPDEV_HEADER_LEN - 1),
		  0);
	ASSERT_EQ(tess_netbuf_pool_create(
			  &small_frames, "small", 4,
			  LOOPDEV_MTU + TESS_NETDEV_FRAME_OVERHEAD - 1,
			  LOOPDEV_HEADER_LEN),
		  0);
	calls = poll0.configures;
	level = tess_test_log_quiet(); /* each refusal is logged */
	c = good, c.rx_pool = loopdev_rx_pool, c.rx_queues = 0;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	c.rx_queues = LOOPDEV_QUEUES + 1;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	c = good, c.rx_pool = loopdev_rx_pool, c.tx_queues = 0;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	c = good, c.rx_pool = loopdev_rx_pool, c.rx_ring_size = 6;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	c.rx_ring_size = 2 * LOOPDEV_RING_MAX;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	c = good, c.rx_pool = loopdev_rx_pool, c.tx_ring_size = 3;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	c = good; /* no pool */
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	c.rx_pool = shallow;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	c.rx_pool = small_frames;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -EINVAL);
	tess_test_log_restore(level);
	EXPECT_EQ(poll0.configures, calls); /* none reached the driver */
	EXPECT_EQ(tess_netbuf_pool_destroy(shallow), 0);
	EXPECT_EQ(tess_netbuf_pool_destroy(small_frames), 0);

	/* The driver's own failure leaves the device unconfigured. */
	poll0.configure_error = -ENOMEM;
	c = good, c.rx_pool = loopdev_rx_pool;
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), -ENOMEM);
	poll0.configure_error = 0;
	EXPECT_EQ(tess_netdev_start(poll0.dev), -EINVAL);

	c.rx_ring_size = 0; /* the largest */
	EXPECT_EQ(tess_netdev_configure(poll0.dev, &c), 0);
	EXPECT_EQ(tess_netdev_conf(poll0.dev)->rx_ring_size, LOOPDEV_RING_MAX);
	EXPECT_EQ(poll0.conf.rx_ring_size, LOOPDEV_RING_MAX);
	/* The device now receives into the pool: it stays. */
	EXPECT_EQ(tess_netbuf_pool_destroy(loopdev_rx_pool), -EBUSY);
}

TESS_TEST(netdev, start_and_stop_follow_the_life_of_a_device)
{
	struct tess_netdev_conf c = {1, 1, 4, 4, NULL};
	unsigned int starts, stops;

	ASSERT_TRUE(loopdev_ensure());
	c.rx_pool = loopdev_rx_pool;
	ASSERT_EQ(tess_netdev_configure(loop0.dev, &c), 0);
	starts = loop0.starts, stops = loop0.stops;
	EXPECT_EQ(tess_netdev_stop(loop0.dev), -EALREADY);
	EXPECT_EQ(tess_netdev_start(loop0.dev), 0);
	EXPECT_EQ(loop0.posted[0].count, 4); /* its ring filled */
	EXPECT_EQ(tess_netdev_start(loop0.dev), -EALREADY);
	EXPECT_EQ(tess_netdev_configure(loop0.dev, &c), -EBUSY);
	EXPECT_EQ(tess_netdev_stop(loop0.dev), 0);
	EXPECT_EQ(tess_netdev_stop(loop0.dev), -EALREADY);
	EXPECT_EQ(loop0.starts - starts, 1);
	EXPECT_EQ(loop0.stops - stops, 1);
	EXPECT_EQ(tess_netbuf_pool_available(loopdev_rx_pool),
		  LOOPDEV_POOL_COUNT);
	/* Stopped, then reconfigured and started again. */
	c.rx_queues = 2, c.tx_queues = 2;
	EXPECT_EQ(tess_netdev_configure(loop0.dev, &c), 0);
	EXPECT_EQ(tess_netdev_start(loop0.dev), 0);
	EXPECT_EQ(loop0.posted[1].count, 4);
	loopdev_teardown(&loop0);
}

TESS_TEST(netdev, link_state_is_live)
{
	ASSERT_TRUE(loopdev_ensure());
	tess_netdev_link_set(loop0.dev, true);
	EXPECT_TRUE(tess_netdev_info(loop0.dev)->link_up);
	tess_netdev_link_set(loop0.dev, false);
	EXPECT_FALSE(tess_netdev_info(loop0.dev)->link_up);
}

static void never_woken(struct tess_netdev *dev, uint16_t queue, void *arg)
{
	(void)dev, (void)queue, (void)arg;
}

TESS_TEST(netdev, bad_arguments_never_reach_the_driver_nor_crash)
{
	struct tess_netdev_conf c = {1, 1, 8, 8, NULL};
	struct tess_netbuf *bufs[2] = {0};
	struct tess_netdev_stats st;
	unsigned int tx_calls;

	ASSERT_TRUE(loopdev_ensure());
	c.rx_pool = loopdev_rx_pool;
	EXPECT_EQ(tess_netdev_configure(NULL, &c), -EINVAL);
	EXPECT_EQ(tess_netdev_start(NULL), -EINVAL);
	EXPECT_EQ(tess_netdev_stop(NULL), -EINVAL);
	EXPECT_EQ(tess_netdev_rx_burst(NULL, 0, bufs, 2), 0);
	EXPECT_EQ(tess_netdev_tx_burst(NULL, 0, bufs, 2), 0);
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(NULL, 0, never_woken, NULL),
		  -EINVAL);
	EXPECT_EQ(tess_netdev_rxq_interrupts_off(NULL, 0), -EINVAL);
	EXPECT_EQ(tess_netdev_stats_get(NULL, &st), -EINVAL);
	EXPECT_EQ(tess_netdev_stats_reset(NULL), -EINVAL);
	EXPECT_NULL(tess_netdev_info(NULL));
	EXPECT_NULL(tess_netdev_priv(NULL));
	EXPECT_NULL(tess_netdev_conf(NULL));
	tess_netdev_rxq_wake(NULL, 0);
	tess_netdev_rxq_losses_add(NULL, 0, 1, 1);
	tess_netdev_txq_losses_add(NULL, 0, 1, 1);
	tess_netdev_link_set(NULL, true);

	/* Stopped: no bursts. */
	EXPECT_EQ(tess_netdev_configure(loop0.dev, &c), 0);
	tx_calls = loop0.tx_calls;
	ASSERT_TRUE(loopdev_frames(bufs, 1, 60));
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, bufs, 1), 0);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs + 1, 1), 0);
	ASSERT_EQ(tess_netdev_start(loop0.dev), 0);
	EXPECT_EQ(tess_netdev_configure(loop0.dev, NULL), -EINVAL);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, NULL, 2), 0);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs + 1, 0), 0);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, UINT16_MAX, bufs + 1, 1), 0);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, NULL, 2), 0);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 1, bufs, 1), 0);
	EXPECT_EQ(loop0.tx_calls, tx_calls);
	EXPECT_EQ(tess_netdev_stats_get(loop0.dev, NULL), -EINVAL);
	tess_netdev_rxq_wake(loop0.dev, UINT16_MAX);
	tess_netdev_rxq_losses_add(loop0.dev, UINT16_MAX, 1, 1);
	EXPECT_EQ(tess_netbuf_free(bufs[0]), 0);
	loopdev_teardown(&loop0);
}
