/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of mailboxes: FIFO order, full and empty behaviour of every
 * variant, timeouts within the tolerance, sends from interrupt context,
 * and a producer/consumer stress run with checksummed payloads.
 */
#include <errno.h>
#include <string.h>
#include <tess/mpi.h>
#include <tess/plat/time.h>
#include <tess/test.h>
#include <tess/test_util.h>

#define MS	     1000000ULL
#define TOLERANCE_NS 20000000ULL

TESS_TEST(mpi_mbox, messages_come_out_in_order_and_try_reports_full_empty)
{
	void *slots[3], *msg = NULL;
	struct tess_mpi_mbox mb;

	EXPECT_EQ(tess_mpi_mbox_init(&mb, slots, 0), -EINVAL);
	EXPECT_EQ(tess_mpi_mbox_init(NULL, slots, 3), -EINVAL);
	ASSERT_EQ(tess_mpi_mbox_init(&mb, slots, 3), 0);
	EXPECT_EQ(tess_mpi_mbox_tryrecv(&mb, &msg), -EAGAIN);
	for (uintptr_t round = 0; round < 3; round++) {
		for (uintptr_t i = 1; i <= 3; i++)
			ASSERT_EQ(tess_mpi_mbox_trysend(
					  &mb, (void *)(round * 10 + i)),
				  0);
		EXPECT_EQ(tess_mpi_mbox_trysend(&mb, (void *)99), -EAGAIN);
		EXPECT_EQ_U(tess_mpi_mbox_count(&mb), 3);
		for (uintptr_t i = 1; i <= 3; i++) {
			ASSERT_EQ(tess_mpi_mbox_recv(&mb, &msg), 0);
			EXPECT_EQ_U((uintptr_t)msg, round * 10 + i);
		}
	}
	EXPECT_EQ(tess_mpi_mbox_tryrecv(&mb, &msg), -EAGAIN);
	EXPECT_EQ(tess_mpi_mbox_destroy(&mb), -EINVAL); /* not from create */
}

TESS_TEST(mpi_mbox, timed_send_and_receive_time_out_within_tolerance)
{
	void *slots[1], *msg;
	struct tess_mpi_mbox mb;
	uint64_t start, end;

	ASSERT_EQ(tess_mpi_mbox_init(&mb, slots, 1), 0);
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_mpi_mbox_timedrecv(&mb, &msg, 3 * MS), -ETIMEDOUT);
	end = tess_plat_monotonic_ns();
	EXPECT_GE_U(end - start, 3 * MS);
	EXPECT_LT_U(tess_sched_lateness_ns(start + 3 * MS, end), TOLERANCE_NS);
	ASSERT_EQ(tess_mpi_mbox_send(&mb, (void *)1), 0);
	start = tess_plat_monotonic_ns();
	EXPECT_EQ(tess_mpi_mbox_timedsend(&mb, (void *)2, 3 * MS), -ETIMEDOUT);
	end = tess_plat_monotonic_ns();
	EXPECT_GE_U(end - start, 3 * MS);
	EXPECT_LT_U(tess_sched_lateness_ns(start + 3 * MS, end), TOLERANCE_NS);
	EXPECT_EQ(tess_mpi_mbox_timedrecv(&mb, &msg, 3 * MS), 0);
	EXPECT_EQ_U((uintptr_t)msg, 1);
}

static void send_from_irq(void *arg)
{
	tess_mpi_mbox_trysend(arg, (void *)0x1234);
}

static void *recv_one(void *arg)
{
	void *msg = NULL;

	tess_mpi_mbox_recv(arg, &msg);
	return msg;
}

TESS_TEST(mpi_mbox, send_from_interrupt_wakes_a_blocked_receiver)
{
	struct tess_sched_timer timer;
	struct tess_mpi_mbox *mb;
	struct tess_thread *t;
	void *got = NULL;
	int err = 0;

	mb = tess_mpi_mbox_create(4, &err);
	ASSERT_NOT_NULL(mb);
	ASSERT_EQ(tess_sched_thread_create(&t, NULL, recv_one, mb), 0);
	tess_sched_yield();
	EXPECT_EQ(tess_mpi_mbox_destroy(mb), -EBUSY); /* t waits on it */
	tess_sched_timer_init(&timer, send_from_irq, mb);
	ASSERT_EQ(tess_sched_timer_start(&timer,
					 tess_plat_monotonic_ns() + 1 * MS),
		  0);
	ASSERT_EQ(tess_sched_thread_join(t, &got), 0);
	EXPECT_EQ_U((uintptr_t)got, 0x1234);
	EXPECT_EQ(tess_mpi_mbox_destroy(mb), 0);
	EXPECT_NULL(tess_mpi_mbox_create(0, &err));
	EXPECT_EQ(err, -EINVAL);
}

/* Producer/consumer stress: every message carries a sequence number,
 * its producer, a pseudo-random payload and a checksum over all of it. */
#define PRODUCERS    3
#define CONSUMERS    2
#define PER_PRODUCER 2000
#define PAYLOAD	     48

struct message {
	uint32_t producer;
	uint32_t seq;
	uint8_t payload[PAYLOAD];
	uint32_t checksum;
};

static struct message pool[PRODUCERS][PER_PRODUCER];
static struct tess_mpi_mbox *stress_box;

struct consumer_result {
	unsigned long received;
	unsigned long bad_checksum;
	unsigned long out_of_order;
	uint64_t payload_sum;
};
static struct consumer_result results[CONSUMERS];

/* FNV-1a over the message without its checksum field. */
static uint32_t message_checksum(const struct message *m)
{
	const uint8_t *p = (const uint8_t *)m;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < offsetof(struct message, checksum); i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void *producer(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;
	struct tess_test_rng rng;

	tess_test_rng_seed(&rng, 1000 + id);
	for (uint32_t seq = 0; seq < PER_PRODUCER; seq++) {
		struct message *m = &pool[id][seq];

		m->producer = id;
		m->seq = seq;
		for (int i = 0; i < PAYLOAD; i++)
			m->payload[i] = (uint8_t)tess_test_rng_next(&rng);
		m->checksum = message_checksum(m);
		/* Mix the variants: blocking, timed and retried try. */
		if (seq % 3 == 0)
			tess_mpi_mbox_send(stress_box, m);
		else if (seq % 3 == 1)
			while (tess_mpi_mbox_timedsend(stress_box, m, MS) != 0)
				;
		else
			while (tess_mpi_mbox_trysend(stress_box, m) != 0)
				tess_sched_yield();
	}
	return NULL;
}

static void *consumer(void *arg)
{
	struct consumer_result *r = arg;
	int32_t last_seq[PRODUCERS];
	void *msg;

	for (int i = 0; i < PRODUCERS; i++)
		last_seq[i] = -1;
	for (;;) {
		const struct message *m;

		tess_mpi_mbox_recv(stress_box, &msg);
		if (msg == NULL) /* end marker */
			return NULL;
		m = msg;
		r->received++;
		if (m->checksum != message_checksum(m) ||
		    m->producer >= PRODUCERS) {
			r->bad_checksum++;
			continue;
		}
		/* One FIFO mailbox: each producer's messages arrive in
		 * order at every consumer. */
		if ((int32_t)m->seq <= last_seq[m->producer])
			r->out_of_order++;
		last_seq[m->producer] = (int32_t)m->seq;
		for (int i = 0; i < PAYLOAD; i++)
			r->payload_sum += m->payload[i];
		if (m->seq % 7 == 0)
			tess_sched_yield();
	}
}

TESS_TEST(mpi_stress, producers_and_consumers_pass_checksummed_messages)
{
	struct tess_thread *p[PRODUCERS], *c[CONSUMERS];
	unsigned long received = 0;
	uint64_t sent_sum = 0, got_sum = 0;
	int err;

	stress_box = tess_mpi_mbox_create(8, &err);
	ASSERT_NOT_NULL(stress_box);
	memset(results, 0, sizeof(results));
	for (int i = 0; i < CONSUMERS; i++)
		ASSERT_EQ(tess_sched_thread_create(&c[i], NULL, consumer,
						   &results[i]),
			  0);
	for (int i = 0; i < PRODUCERS; i++)
		ASSERT_EQ(tess_sched_thread_create(&p[i], NULL, producer,
						   (void *)(uintptr_t)i),
			  0);
	for (int i = 0; i < PRODUCERS; i++)
		ASSERT_EQ(tess_sched_thread_join(p[i], NULL), 0);
	for (int i = 0; i < CONSUMERS; i++)
		ASSERT_EQ(tess_mpi_mbox_send(stress_box, NULL), 0);
	for (int i = 0; i < CONSUMERS; i++) {
		ASSERT_EQ(tess_sched_thread_join(c[i], NULL), 0);
		EXPECT_EQ(results[i].bad_checksum, 0);
		EXPECT_EQ(results[i].out_of_order, 0);
		EXPECT_GT(results[i].received, 0); /* both took part */
		received += results[i].received;
		got_sum += results[i].payload_sum;
	}
	for (int i = 0; i < PRODUCERS; i++)
		for (int s = 0; s < PER_PRODUCER; s++)
			for (int b = 0; b < PAYLOAD; b++)
				sent_sum += pool[i][s].payload[b];
	EXPECT_EQ_U(received, PRODUCERS * PER_PRODUCER);
	EXPECT_EQ_U(got_sum, sent_sum);
	EXPECT_EQ(tess_mpi_mbox_destroy(stress_box), 0);
}
