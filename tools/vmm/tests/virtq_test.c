/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of the monitor's virtqueue (tools/vmm/virtq.c): chains as
 * a driver posts them, and every way a hostile guest can break the rules,
 * each refused with its sentence and without a read outside guest RAM
 * (built with ASan and UBSan: guest RAM is a heap block of its own).
 */
#include <stdlib.h>
#include <string.h>

#define HOST_CHECK_PREFIX "virtq: "
#include "../../common/host_check.h"
#include "../virtq.h"

#define RAM_START 0x100000ULL
#define RAM_SIZE  (64 * 1024)
#define NUM	  16
/* The rings' guest addresses. */
#define DESC  (RAM_START + 0x0000)
#define AVAIL (RAM_START + 0x1000)
#define USED  (RAM_START + 0x2000)
#define DATA  (RAM_START + 0x4000)

static struct virtq_ram ram;
static struct virtq q;
static struct virtq_chain chain;

static void *at(uint64_t gpa)
{
	return ram.base + (gpa - RAM_START);
}

static struct tess_virtq_desc *desc(unsigned int i)
{
	return (struct tess_virtq_desc *)at(DESC) + i;
}

static struct tess_virtq_avail *avail(void)
{
	return at(AVAIL);
}

static struct tess_virtq_used *used(void)
{
	return at(USED);
}

/* A fresh queue over zeroed RAM. */
static void fresh(bool event_idx)
{
	memset(ram.base, 0, RAM_SIZE);
	virtq_setup(&q, &ram, NUM, DESC, AVAIL, USED, event_idx);
}

static void set_desc(unsigned int i, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	*desc(i) = (struct tess_virtq_desc){addr, len, flags, next};
}

/* Makes head available, as a driver does. */
static void post(uint16_t head)
{
	avail()->ring[avail()->idx % NUM] = head;
	avail()->idx++;
}

/* The queue breaks on the next pop, saying something containing what. */
static int breaks_with(const char *what)
{
	return virtq_pop(&q, &chain) == -1 && q.broken &&
	       strstr(q.why, what) != NULL && virtq_pop(&q, &chain) == -1;
}

static void test_setup(void)
{
	check(virtq_setup(&q, &ram, NUM, DESC, AVAIL, USED, false) == 0 &&
		      !q.broken,
	      "a queue inside RAM with aligned rings is set up");
	check(virtq_setup(&q, &ram, 0, DESC, AVAIL, USED, false) < 0 &&
		      virtq_setup(&q, &ram, 12, DESC, AVAIL, USED, false) < 0 &&
		      virtq_setup(&q, &ram, 65536, DESC, AVAIL, USED, false) < 0 &&
		      strstr(q.why, "power of two"),
	      "sizes 0, 12 and 65536 are refused");
	check(virtq_setup(&q, &ram, NUM, DESC + 8, AVAIL, USED, false) < 0 &&
		      virtq_setup(&q, &ram, NUM, DESC, AVAIL + 1, USED, false) < 0 &&
		      virtq_setup(&q, &ram, NUM, DESC, AVAIL, USED + 2, false) < 0 &&
		      strstr(q.why, "misaligned"),
	      "misaligned rings are refused");
	check(virtq_setup(&q, &ram, NUM, RAM_START + RAM_SIZE - 128, AVAIL,
			  USED, false) < 0 &&
		      virtq_setup(&q, &ram, NUM, DESC, AVAIL, RAM_START - 64,
				  false) < 0 &&
		      virtq_setup(&q, &ram, NUM, DESC, 0xfffffffffffffff0ULL,
				  USED, false) < 0 &&
		      strstr(q.why, "not inside guest RAM"),
	      "rings across the end of RAM, below it or wrapping are refused");
}

static void test_chains(void)
{
	fresh(false);
	check(virtq_pop(&q, &chain) == 0, "an empty queue has nothing to pop");
	/* A request: 16 readable bytes, then 512 writable, then 1. */
	set_desc(3, DATA, 16, TESS_VIRTQ_DESC_F_NEXT, 7);
	set_desc(7, DATA + 0x100, 512,
		 TESS_VIRTQ_DESC_F_NEXT | TESS_VIRTQ_DESC_F_WRITE, 1);
	set_desc(1, DATA + 0x400, 1, TESS_VIRTQ_DESC_F_WRITE, 0);
	post(3);
	check(virtq_pop(&q, &chain) == 1 && chain.head == 3 &&
		      chain.nseg == 3 && chain.seg[0].ptr == at(DATA) &&
		      !chain.seg[0].write && chain.seg[1].write &&
		      chain.seg[2].ptr == at(DATA + 0x400) &&
		      chain.read_len == 16 && chain.write_len == 513,
	      "a readable-then-writable chain comes out in order");
	check(virtq_pop(&q, &chain) == 0, "and then nothing more");
	virtq_push(&q, 3, 513);
	check(used()->idx == 1 && used()->ring[0].id == 3 &&
		      used()->ring[0].len == 513,
	      "a push fills the used ring and moves its index");
	/* Through an indirect table of two. */
	{
		struct tess_virtq_desc *table = at(DATA + 0x1000);

		table[0] = (struct tess_virtq_desc){DATA, 8,
						    TESS_VIRTQ_DESC_F_NEXT, 1};
		table[1] = (struct tess_virtq_desc){
			DATA + 0x200, 64, TESS_VIRTQ_DESC_F_WRITE, 0};
		set_desc(5, DATA + 0x1000, 32, TESS_VIRTQ_DESC_F_INDIRECT, 0);
		post(5);
		check(virtq_pop(&q, &chain) == 1 && chain.head == 5 &&
			      chain.nseg == 2 && chain.read_len == 8 &&
			      chain.write_len == 64,
		      "an indirect table's chain comes out whole");
	}
	/* The index wraps at 65536 without trouble. */
	fresh(false);
	q.last_avail = avail()->idx = 65535;
	set_desc(0, DATA, 4, 0, 0);
	post(0);
	post(0);
	{
		int first = virtq_pop(&q, &chain);
		int second = virtq_pop(&q, &chain);

		check(first == 1 && second == 1 && q.last_avail == 1 &&
			      virtq_pop(&q, &chain) == 0,
		      "available indices wrap around 65536");
	}
}

static void test_hostile(void)
{
	fresh(false);
	set_desc(0, RAM_START + RAM_SIZE - 4, 8, 0, 0);
	post(0);
	check(breaks_with("outside guest RAM"),
	      "a buffer across the end of RAM breaks the queue");
	fresh(false);
	set_desc(0, 0xfffffffffffffff8ULL, 16, 0, 0);
	post(0);
	check(breaks_with("outside guest RAM"),
	      "a buffer whose address plus length wraps breaks the queue");
	fresh(false);
	set_desc(0, 0x1000, 16, 0, 0); /* below RAM: the monitor's own */
	post(0);
	check(breaks_with("outside guest RAM"),
	      "a buffer below guest RAM breaks the queue");
	fresh(false);
	set_desc(0, DATA, 0, 0, 0);
	post(0);
	check(breaks_with("length 0"), "a zero-length buffer breaks the queue");
	fresh(false);
	set_desc(0, DATA, 8, TESS_VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, DATA, 8, TESS_VIRTQ_DESC_F_NEXT, 0);
	post(0);
	check(breaks_with("loops"), "a chain in a loop breaks the queue");
	fresh(false);
	set_desc(0, DATA, 8, TESS_VIRTQ_DESC_F_NEXT, NUM);
	post(0);
	check(breaks_with("beyond its table"),
	      "a next index beyond the table breaks the queue");
	fresh(false);
	set_desc(0, DATA, 8, TESS_VIRTQ_DESC_F_WRITE | TESS_VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, DATA, 8, 0, 0);
	post(0);
	check(breaks_with("readable buffer after a writable"),
	      "a readable buffer after a writable one breaks the queue");
	fresh(false);
	avail()->idx = NUM + 1;
	check(breaks_with("more than the queue"),
	      "an available index that jumps past the queue's size breaks it");
	fresh(false);
	post(NUM);
	check(breaks_with("names descriptor"),
	      "an available entry naming no descriptor breaks the queue");
	/* Indirect tables: nested, with next, odd sizes, outside RAM, and
	 * a chain longer than a device takes. */
	{
		struct tess_virtq_desc *table = at(DATA + 0x1000);

		fresh(false);
		table[0] = (struct tess_virtq_desc){
			DATA + 0x1000, 16, TESS_VIRTQ_DESC_F_INDIRECT, 0};
		set_desc(0, DATA + 0x1000, 16, TESS_VIRTQ_DESC_F_INDIRECT, 0);
		post(0);
		check(breaks_with("points to another"),
		      "an indirect table inside an indirect table breaks the queue");
		fresh(false);
		set_desc(0, DATA + 0x1000, 16,
			 TESS_VIRTQ_DESC_F_INDIRECT | TESS_VIRTQ_DESC_F_NEXT, 1);
		post(0);
		check(breaks_with("has a next one"),
		      "an indirect descriptor with a next one breaks the queue");
		fresh(false);
		set_desc(0, DATA + 0x1000, 24, TESS_VIRTQ_DESC_F_INDIRECT, 0);
		post(0);
		check(breaks_with("indirect table of 24 bytes"),
		      "an indirect table of a size not a multiple of 16 breaks the queue");
		fresh(false);
		set_desc(0, RAM_START + RAM_SIZE - 16, 32,
			 TESS_VIRTQ_DESC_F_INDIRECT, 0);
		post(0);
		check(breaks_with("outside guest RAM"),
		      "an indirect table across the end of RAM breaks the queue");
		fresh(false);
		for (unsigned int i = 0; i <= VIRTQ_CHAIN_MAX; i++)
			table[i] = (struct tess_virtq_desc){
				DATA, 8,
				i < VIRTQ_CHAIN_MAX ? TESS_VIRTQ_DESC_F_NEXT : 0,
				(uint16_t)(i + 1)};
		set_desc(0, DATA + 0x1000, 16 * (VIRTQ_CHAIN_MAX + 1),
			 TESS_VIRTQ_DESC_F_INDIRECT, 0);
		post(0);
		check(breaks_with("longer than"),
		      "a chain longer than a device takes breaks the queue");
	}
	/* A broken queue stays broken and pushes nothing. */
	virtq_push(&q, 0, 8);
	check(used()->idx == 0 && !virtq_should_interrupt(&q),
	      "a broken queue takes no push and asks for no interrupt");
}

static void test_notifications(void)
{
	uint16_t *used_event, *avail_event;

	fresh(false);
	set_desc(0, DATA, 8, 0, 0);
	post(0);
	virtq_pop(&q, &chain);
	virtq_push(&q, 0, 0);
	check(virtq_should_interrupt(&q) && !virtq_should_interrupt(&q),
	      "a push asks for one interrupt, once");
	avail()->flags = TESS_VIRTQ_AVAIL_F_NO_INTERRUPT;
	post(0);
	virtq_pop(&q, &chain);
	virtq_push(&q, 0, 0);
	check(!virtq_should_interrupt(&q),
	      "a guest that says NO_INTERRUPT gets none");
	check(!virtq_notifications(&q, false) &&
		      used()->flags == TESS_VIRTQ_USED_F_NO_NOTIFY,
	      "a polling device asks for no doorbells");
	post(0);
	check(virtq_notifications(&q, true) && used()->flags == 0,
	      "asking for doorbells again says an entry came meanwhile");
	/* With EVENT_IDX: the guest's used_event decides. */
	fresh(true);
	used_event = &avail()->ring[NUM];
	avail_event = (uint16_t *)&used()->ring[NUM];
	set_desc(0, DATA, 8, 0, 0);
	for (int i = 0; i < 3; i++)
		post(0);
	*used_event = 2; /* interrupt when the third is used */
	virtq_pop(&q, &chain);
	virtq_push(&q, 0, 0);
	check(!virtq_should_interrupt(&q),
	      "EVENT_IDX: no interrupt before the used_event entry");
	virtq_pop(&q, &chain);
	virtq_pop(&q, &chain);
	virtq_push(&q, 0, 0);
	virtq_push(&q, 0, 0);
	check(virtq_should_interrupt(&q),
	      "EVENT_IDX: an interrupt once the used_event entry is used");
	virtq_notifications(&q, true);
	check(*avail_event == q.last_avail,
	      "EVENT_IDX: asking for doorbells sets avail_event to the next entry");
	virtq_notifications(&q, false);
	check(!tess_virtq_need_event(*avail_event, (uint16_t)(q.last_avail + 1),
				     q.last_avail),
	      "EVENT_IDX: with doorbells off the next posting asks for none");
}

static void test_largest(void)
{
	struct virtq_ram big = {0};
	struct virtq bq;
	/* 512 KiB of descriptors, then the rings (64 KiB and 256 KiB). */
	uint64_t size = 0x100000;

	big.base = calloc(1, size);
	big.start = RAM_START;
	big.size = size;
	check(big.base &&
		      virtq_setup(&bq, &big, TESS_VIRTQ_SIZE_MAX, RAM_START,
				  RAM_START + 0x80000, RAM_START + 0xa0000,
				  false) == 0 &&
		      virtq_pop(&bq, &chain) == 0,
	      "a queue of 32768 entries is set up and is empty");
	free(big.base);
}

int main(void)
{
	ram.base = malloc(RAM_SIZE);
	ram.start = RAM_START;
	ram.size = RAM_SIZE;
	if (!ram.base)
		return 1;
	test_setup();
	test_chains();
	test_hostile();
	test_notifications();
	test_largest();
	free(ram.base);
	printf("# virtq tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
