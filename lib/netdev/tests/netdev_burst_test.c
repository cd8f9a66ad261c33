/* SPDX-License-Identifier: BSD-3-Clause */
/* Tests of lib/netdev's data path with the tests' loopback device
 * (loopdev.h): bursts beyond the ring taken in part, zero copy both ways,
 * statistics per queue, interrupt mode (and a thread sleeping in it), an
 * exhausted receive pool, bad transmit buffers, and a queue busy in a
 * burst. */
#include <errno.h>
#include <string.h>
#include <tess/compiler.h>
#include <tess/netdev_driver.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>
#include <tess/test.h>
#include <tess/test_util.h>

#include "loopdev.h"

TESS_TEST(netdev,
	  a_burst_beyond_the_ring_is_taken_in_part_the_rest_stays_the_callers)
{
	struct tess_netbuf *bufs[6];
	struct tess_netdev_stats st;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(loopdev_setup(&loop0, 1, 8, 4, loopdev_rx_pool), 0);
	ASSERT_EQ(tess_netdev_stats_reset(loop0.dev), 0);
	ASSERT_TRUE(loopdev_frames(bufs, 6, 100));
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, bufs, 6), 4);
	/* Zero copy: the ring holds the caller's very buffers. */
	ASSERT_EQ(loop0.sending[0].count, 4);
	for (unsigned int i = 0; i < 4; i++)
		EXPECT_TRUE(loopdev_ring_at(&loop0.sending[0], i) == bufs[i]);
	/* The two refused are still the caller's to free. */
	EXPECT_EQ(tess_netbuf_free(bufs[4]), 0);
	EXPECT_EQ(tess_netbuf_free(bufs[5]), 0);
	tess_netdev_stats_get(loop0.dev, &st);
	EXPECT_EQ_U(st.tx[0].packets, 4);
	EXPECT_EQ_U(st.tx[0].bytes, 400);
	EXPECT_EQ_U(st.tx[0].drops, 2);
	EXPECT_EQ_U(st.tx[0].errors, 0);
	/* Sent, then freed by the next burst, even an empty one. */
	loopdev_wire_run(&loop0, 0);
	EXPECT_EQ(tess_netbuf_pool_available(loopdev_tx_pool),
		  LOOPDEV_POOL_COUNT - 4);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, NULL, 0), 0);
	EXPECT_EQ(tess_netbuf_pool_available(loopdev_tx_pool),
		  LOOPDEV_POOL_COUNT);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs, 6), 4);
	EXPECT_EQ(tess_netbuf_free_bulk(bufs, 4), 4);
	loopdev_teardown(&loop0);
}

TESS_TEST(netdev, received_frames_are_in_the_buffers_the_driver_posted)
{
	struct tess_netbuf *out[3], *in[8], *posted[3];
	const uint16_t lens[3] = {60, 1000,
				  LOOPDEV_MTU + TESS_NETDEV_ETH_HEADER_LEN};
	struct tess_netdev_stats st;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(loopdev_setup(&loop0, 1, 8, 8, loopdev_rx_pool), 0);
	ASSERT_EQ(tess_netdev_stats_reset(loop0.dev), 0);
	for (unsigned int i = 0; i < 3; i++) {
		out[i] = loopdev_frame(lens[i], i);
		ASSERT_NOT_NULL(out[i]);
		posted[i] = loopdev_ring_at(&loop0.posted[0], i);
	}
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, in, 8), 0);
	ASSERT_EQ(tess_netdev_tx_burst(loop0.dev, 0, out, 3), 3);
	loopdev_wire_run(&loop0, 0);
	ASSERT_EQ(tess_netdev_rx_burst(loop0.dev, 0, in, 8), 3);
	for (unsigned int i = 0; i < 3; i++) {
		EXPECT_TRUE(in[i] == posted[i]);
		EXPECT_TRUE(in[i]->pool == loopdev_rx_pool);
		EXPECT_EQ(in[i]->len, lens[i]);
		/* Where the device wrote it: at the pool's headroom. */
		EXPECT_EQ(tess_netbuf_headroom(in[i]), 64);
		EXPECT_EQ(((unsigned char *)in[i]->data)[-1], 0xee);
		EXPECT_TRUE(tess_test_pattern_intact(
			(char *)in[i]->data + TESS_NETDEV_ETH_HEADER_LEN,
			lens[i] - TESS_NETDEV_ETH_HEADER_LEN, i));
	}
	EXPECT_EQ(loop0.posted[0].count, 8); /* reposted from the pool */
	tess_netdev_stats_get(loop0.dev, &st);
	EXPECT_EQ_U(st.rx[0].packets, 3);
	EXPECT_EQ_U(st.rx[0].bytes,
		    60 + 1000 + LOOPDEV_MTU + TESS_NETDEV_ETH_HEADER_LEN);
	EXPECT_EQ(tess_netbuf_free_bulk(in, 3), 3);
	loopdev_teardown(&loop0);
}

TESS_TEST(netdev, statistics_are_per_queue_with_totals_and_reset)
{
	struct tess_netbuf *bufs[5];
	struct tess_netdev_stats st;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(loopdev_setup(&loop0, 2, 8, 8, loopdev_rx_pool), 0);
	ASSERT_EQ(tess_netdev_stats_reset(loop0.dev), 0);
	ASSERT_TRUE(loopdev_frames(bufs, 5, 60));
	bufs[2]->len = bufs[3]->len = bufs[4]->len = 100;
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, bufs, 2), 2);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 1, bufs + 2, 3), 3);
	loopdev_wire_run(&loop0, 0);
	loopdev_wire_run(&loop0, 1);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 1, bufs, 5), 3);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs + 3, 2), 2);
	EXPECT_EQ(tess_netbuf_free_bulk(bufs, 5), 5);
	tess_netdev_txq_losses_add(loop0.dev, 1, 0, 2);
	tess_netdev_rxq_losses_add(loop0.dev, 0, 4, 1);
	ASSERT_EQ(tess_netdev_stats_get(loop0.dev, &st), 0);
	EXPECT_EQ(st.rx_queues, 2);
	EXPECT_EQ(st.tx_queues, 2);
	EXPECT_EQ_U(st.tx[0].packets, 2);
	EXPECT_EQ_U(st.tx[0].bytes, 120);
	EXPECT_EQ_U(st.tx[1].packets, 3);
	EXPECT_EQ_U(st.tx[1].bytes, 300);
	EXPECT_EQ_U(st.tx[1].errors, 2);
	EXPECT_EQ_U(st.rx[0].packets, 2);
	EXPECT_EQ_U(st.rx[0].drops, 4);
	EXPECT_EQ_U(st.rx[0].errors, 1);
	EXPECT_EQ_U(st.rx[1].bytes, 300);
	EXPECT_EQ_U(st.rx_total.packets, 5);
	EXPECT_EQ_U(st.rx_total.bytes, 420);
	EXPECT_EQ_U(st.tx_total.packets, 5);
	EXPECT_EQ_U(st.tx_total.errors, 2);
	/* A queue beyond the configured ones has no bursts. */
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 2, bufs, 5), 0);
	EXPECT_EQ(tess_netdev_stats_reset(loop0.dev), 0);
	tess_netdev_stats_get(loop0.dev, &st);
	EXPECT_EQ_U(st.rx_total.packets + st.tx_total.packets +
			    st.rx_total.drops + st.tx_total.errors,
		    0);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, NULL, 0), 0);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 1, NULL, 0), 0);
	loopdev_teardown(&loop0);
}

/* What the wake callback saw. */
static volatile unsigned int wakes;
static volatile uint16_t woken_queue;
static void *volatile woken_arg;

static void on_wake(struct tess_netdev *dev, uint16_t queue, void *arg)
{
	(void)dev;
	wakes++;
	woken_queue = queue;
	woken_arg = arg;
}

/* The device delivers from a timer, in interrupt context. */
static void wire_interrupt(void *arg)
{
	loopdev_wire_run(arg, 1);
}

TESS_TEST(netdev, interrupt_mode_wakes_once_then_the_queue_polls)
{
	struct tess_netbuf *bufs[8];
	struct tess_sched_timer timer;
	int tag;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(loopdev_setup(&loop0, 2, 8, 8, loopdev_rx_pool), 0);
	wakes = 0;
	ASSERT_TRUE(loopdev_frames(bufs, 3, 60));
	ASSERT_EQ(tess_netdev_tx_burst(loop0.dev, 1, bufs, 2), 2);
	/* Sent but not yet received: nothing waits, the queue is armed. */
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(loop0.dev, 1, on_wake, &tag),
		  0);
	EXPECT_TRUE(loop0.interrupts[1]);
	tess_sched_timer_init(&timer, wire_interrupt, &loop0);
	ASSERT_EQ(tess_sched_timer_start(&timer,
					 tess_plat_monotonic_ns() + 1000000),
		  0);
	for (int i = 0; i < 2000 && !wakes; i++)
		tess_sched_sleep_ns(1000000);
	tess_sched_timer_stop(&timer); /* in case it never fired */
	EXPECT_EQ(wakes, 1);
	EXPECT_EQ(woken_queue, 1);
	EXPECT_TRUE(woken_arg == &tag);
	EXPECT_FALSE(loop0.interrupts[1]); /* back in poll mode */
	/* More frames, and the driver's wake again: no second call. */
	ASSERT_EQ(tess_netdev_tx_burst(loop0.dev, 1, bufs + 2, 1), 1);
	loopdev_wire_run(&loop0, 1);
	tess_netdev_rxq_wake(loop0.dev, 1);
	EXPECT_EQ(wakes, 1);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 1, bufs, 8), 3);
	EXPECT_EQ(tess_netbuf_free_bulk(bufs, 3), 3);

	/* Frames already waiting: 1, poll mode kept, no wake to come. */
	ASSERT_TRUE(loopdev_frames(bufs, 1, 60));
	ASSERT_EQ(tess_netdev_tx_burst(loop0.dev, 1, bufs, 1), 1);
	loopdev_wire_run(&loop0, 1);
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(loop0.dev, 1, on_wake, &tag),
		  1);
	EXPECT_FALSE(loop0.interrupts[1]);
	tess_netdev_rxq_wake(loop0.dev, 1);
	EXPECT_EQ(wakes, 1);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 1, bufs, 8), 1);
	EXPECT_EQ(tess_netbuf_free(bufs[0]), 0);

	/* Off before any frame: no wake. Stop disarms too. */
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(loop0.dev, 0, on_wake, NULL),
		  0);
	EXPECT_EQ(tess_netdev_rxq_interrupts_off(loop0.dev, 0), 0);
	EXPECT_FALSE(loop0.interrupts[0]);
	EXPECT_EQ(tess_netdev_rxq_interrupts_off(loop0.dev, 0), 0);
	tess_netdev_rxq_wake(loop0.dev, 0);
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(loop0.dev, 1, on_wake, NULL),
		  0);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 1, NULL, 0), 0);
	loopdev_teardown(&loop0);
	tess_netdev_rxq_wake(loop0.dev, 1);
	EXPECT_EQ(wakes, 1);
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(loop0.dev, 1, on_wake, NULL),
		  -EINVAL); /* stopped */
}

static void wake_waiters(struct tess_netdev *dev, uint16_t queue, void *arg)
{
	(void)dev, (void)queue;
	tess_sched_waitq_wake_all(arg);
}

/* The way to sleep (docs/lib/netdev.md): arm and block under one
 * interrupt mask, so a frame in between cannot be missed. */
TESS_TEST(netdev, a_thread_sleeps_in_interrupt_mode_until_a_frame_comes)
{
	struct tess_sched_waitq frames = TESS_SCHED_WAITQ_INIT(frames);
	struct tess_netbuf *bufs[4];
	struct tess_sched_timer timer;
	int armed, woken = -1;
	bool was;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(loopdev_setup(&loop0, 2, 8, 8, loopdev_rx_pool), 0);
	ASSERT_TRUE(loopdev_frames(bufs, 2, 60));
	ASSERT_EQ(tess_netdev_tx_burst(loop0.dev, 1, bufs, 2), 2);
	tess_sched_timer_init(&timer, wire_interrupt, &loop0);
	ASSERT_EQ(tess_sched_timer_start(&timer,
					 tess_plat_monotonic_ns() + 2000000),
		  0);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 1, bufs, 4), 0);
	was = tess_plat_irq_save();
	armed = tess_netdev_rxq_interrupts_on(loop0.dev, 1, wake_waiters,
					      &frames);
	if (armed == 0)
		woken = tess_sched_waitq_wait(
			&frames,
			tess_sched_deadline_after(2 * TESS_NSEC_PER_SEC),
			"frames");
	tess_plat_irq_restore(was);
	tess_sched_timer_stop(&timer);
	EXPECT_EQ(armed, 0);
	EXPECT_EQ(woken, 0); /* not -ETIMEDOUT */
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 1, bufs, 4), 2);
	EXPECT_EQ(tess_netbuf_free_bulk(bufs, 2), 2);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 1, NULL, 0), 0);
	loopdev_teardown(&loop0);
}

TESS_TEST(netdev, interrupt_mode_refuses_bad_queues_and_devices_without)
{
	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(loopdev_setup(&loop0, 1, 8, 8, loopdev_rx_pool), 0);
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(loop0.dev, 1, on_wake, NULL),
		  -EINVAL);
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(loop0.dev, 0, NULL, NULL),
		  -EINVAL);
	EXPECT_EQ(tess_netdev_rxq_interrupts_off(loop0.dev, 1), -EINVAL);
	loopdev_teardown(&loop0);
	ASSERT_EQ(loopdev_setup(&poll0, 1, 8, 8, loopdev_rx_pool), 0);
	EXPECT_EQ(tess_netdev_rxq_interrupts_on(poll0.dev, 0, on_wake, NULL),
		  -ENOTSUP);
	EXPECT_EQ(tess_netdev_rxq_interrupts_off(poll0.dev, 0), 0);
	loopdev_teardown(&poll0);
}

TESS_TEST(netdev, an_empty_pool_makes_the_device_drop_until_buffers_come_back)
{
	struct tess_netbuf_pool *few;
	struct tess_netbuf *bufs[8];
	struct tess_netdev_stats st;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(tess_netbuf_pool_create(&few, "few", 3, 2048,
					  LOOPDEV_HEADER_LEN),
		  0);
	ASSERT_EQ(loopdev_setup(&loop0, 1, 8, 8, few), 0);
	ASSERT_EQ(tess_netdev_stats_reset(loop0.dev), 0);
	EXPECT_EQ(loop0.posted[0].count, 3); /* all the pool has */
	EXPECT_EQ(tess_netbuf_pool_available(few), 0);
	ASSERT_TRUE(loopdev_frames(bufs, 5, 60));
	ASSERT_EQ(tess_netdev_tx_burst(loop0.dev, 0, bufs, 5), 5);
	loopdev_wire_run(&loop0, 0);
	tess_netdev_stats_get(loop0.dev, &st);
	EXPECT_EQ_U(st.rx[0].drops, 2);
	/* The application holds every buffer: nothing to repost. */
	ASSERT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs, 8), 3);
	EXPECT_EQ(loop0.posted[0].count, 0);
	ASSERT_TRUE(loopdev_frames(bufs + 3, 1, 60));
	ASSERT_EQ(tess_netdev_tx_burst(loop0.dev, 0, bufs + 3, 1), 1);
	loopdev_wire_run(&loop0, 0);
	tess_netdev_stats_get(loop0.dev, &st);
	EXPECT_EQ_U(st.rx[0].drops, 3);
	/* Freed, they are posted again at the next burst. */
	EXPECT_EQ(tess_netbuf_free_bulk(bufs, 3), 3);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs, 8), 0);
	EXPECT_EQ(loop0.posted[0].count, 3);
	ASSERT_TRUE(loopdev_frames(bufs, 1, 60));
	ASSERT_EQ(tess_netdev_tx_burst(loop0.dev, 0, bufs, 1), 1);
	loopdev_wire_run(&loop0, 0);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs, 8), 1);
	EXPECT_EQ(tess_netbuf_free(bufs[0]), 0);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, NULL, 0), 0);
	loopdev_teardown(&loop0);
	EXPECT_EQ(tess_netbuf_pool_available(few), 3);
	/* The pool is the device's until another replaces it. */
	EXPECT_EQ(tess_netbuf_pool_destroy(few), -EBUSY);
	ASSERT_EQ(loopdev_setup(&loop0, 1, 8, 8, loopdev_rx_pool), 0);
	loopdev_teardown(&loop0);
	EXPECT_EQ(tess_netbuf_pool_destroy(few), 0);
}

TESS_TEST(netdev, a_bad_buffer_ends_a_transmit_burst_before_the_driver)
{
	struct tess_netbuf *bufs[4], *held;
	struct tess_netdev_stats st;
	unsigned int calls;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(loopdev_setup(&loop0, 1, 8, 8, loopdev_rx_pool), 0);
	ASSERT_EQ(tess_netdev_stats_reset(loop0.dev), 0);
	ASSERT_TRUE(loopdev_frames(bufs, 4, 60));
	bufs[2]->len = TESS_NETDEV_ETH_HEADER_LEN - 1;
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, bufs, 4), 2);
	EXPECT_EQ(loop0.sending[0].count, 2);
	tess_netdev_stats_get(loop0.dev, &st);
	EXPECT_EQ_U(st.tx[0].packets, 2);
	EXPECT_EQ_U(st.tx[0].errors, 1);
	EXPECT_EQ_U(st.tx[0].drops, 0);

	/* Each kind of bad first buffer: the driver is not called. */
	calls = loop0.tx_calls;
	held = bufs[2];
	held->len = LOOPDEV_MTU + TESS_NETDEV_FRAME_OVERHEAD + 1;
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, &held, 1), 0);
	held->len = 60;
	held->data = held->storage + held->capacity - 59;
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, &held, 1), 0);
	held->data = &held->len; /* before storage */
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, &held, 1), 0);
	held->data = held->storage + 64;
	held->pool = NULL;
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, &held, 1), 0);
	held->pool = loopdev_tx_pool;
	bufs[0] = NULL;
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, bufs, 1), 0);
	EXPECT_EQ(loop0.tx_calls, calls);
	tess_netdev_stats_get(loop0.dev, &st);
	EXPECT_EQ_U(st.tx[0].errors, 6);

	/* The largest frame is fine. */
	held->len = LOOPDEV_MTU + TESS_NETDEV_FRAME_OVERHEAD;
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, &held, 1), 1);
	EXPECT_EQ(tess_netbuf_free(bufs[3]), 0);
	loopdev_wire_run(&loop0, 0);
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs, 4), 3);
	EXPECT_EQ(tess_netbuf_free_bulk(bufs, 3), 3);
	EXPECT_EQ(tess_netdev_tx_burst(loop0.dev, 0, NULL, 0), 0);
	loopdev_teardown(&loop0);
}

/* Run inside loop0's rx_burst on queue 0: what another thread would find
 * while that burst is in the driver. */
static int inner_results[5];

static void during_a_burst(void)
{
	struct tess_netbuf *bufs[1];
	struct tess_netdev_conf c = {1, 1, 8, 8, loopdev_rx_pool};

	loop0.in_rx_burst = NULL;
	inner_results[0] = tess_netdev_rx_burst(loop0.dev, 0, bufs, 1);
	inner_results[1] = tess_netdev_stop(loop0.dev);
	inner_results[2] =
		tess_netdev_rxq_interrupts_on(loop0.dev, 0, on_wake, NULL);
	inner_results[3] = tess_netdev_configure(loop0.dev, &c);
	inner_results[4] = tess_netdev_tx_burst(loop0.dev, 0, NULL, 0);
}

TESS_TEST(netdev, a_queue_in_a_burst_refuses_a_second_burst_and_a_stop)
{
	struct tess_netbuf *bufs[1];
	unsigned int calls;

	ASSERT_TRUE(loopdev_ensure());
	ASSERT_EQ(loopdev_setup(&loop0, 1, 8, 8, loopdev_rx_pool), 0);
	calls = loop0.tx_calls;
	loop0.in_rx_burst = during_a_burst;
	EXPECT_EQ(tess_netdev_rx_burst(loop0.dev, 0, bufs, 1), 0);
	EXPECT_EQ(inner_results[0], 0);
	EXPECT_EQ(inner_results[1], -EBUSY);
	EXPECT_EQ(inner_results[2], -EBUSY);
	EXPECT_EQ(inner_results[3], -EBUSY);
	/* The transmit queue is another queue: free. */
	EXPECT_EQ(inner_results[4], 0);
	EXPECT_EQ(loop0.tx_calls - calls, 1);
	loopdev_teardown(&loop0);
}
