/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blkcheck: writes, flushes, reads back and verifies patterns on a disk
 * (lib/blkdev), so a disk's driver and the monitor's backend can be
 * checked against the host's own view of the same file.
 *
 * usage: blkcheck list
 *        blkcheck fill DISK SEED [FIRST COUNT]    write, flush, read back
 *        blkcheck verify DISK SEED [FIRST COUNT]  read and compare
 *        blkcheck random DISK SEED OPS            random writes and reads
 *        blkcheck edges DISK                      refusals at the limits
 *        blkcheck bench DISK KIND OPS REPEATS     timed synchronous I/O
 *
 * The pattern: the 8-byte little-endian word w of sector s is
 * mix(SEED, s * 64 + w) (below), which tests/integration/disk.sh
 * recomputes on the host. Exit status 0 when every check held, 1 on a
 * mismatch or an unexpected error, 64 on a bad command line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tess/blkdev.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>

#define SECTOR	     512
#define WORDS	     (SECTOR / 8)
#define CHUNK	     64 /* sectors per request */
#define DEPTH	     8	/* requests in flight */
#define RANDOM_MAX   4096

/* splitmix64's finaliser over the seed and the word's index. */
static uint64_t mix(uint64_t seed, uint64_t index)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + index;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void pattern(uint64_t seed, uint64_t sector, uint32_t count,
		    uint64_t *out)
{
	for (uint64_t s = 0; s < count; s++)
		for (uint64_t w = 0; w < WORDS; w++)
			out[s * WORDS + w] = mix(seed, (sector + s) * WORDS + w);
}

/* The first sector of [sector, sector + count) not as pattern() says,
 * or -1. */
static int64_t mismatch(uint64_t seed, uint64_t sector, uint32_t count,
			const uint64_t *data)
{
	for (uint64_t s = 0; s < count; s++)
		for (uint64_t w = 0; w < WORDS; w++)
			if (data[s * WORDS + w] !=
			    mix(seed, (sector + s) * WORDS + w))
				return (int64_t)(sector + s);
	return -1;
}

/* Up to DEPTH requests in flight, each with its own buffer. */
struct flight {
	struct tess_blk_req req;
	uint64_t buf[CHUNK * WORDS];
	volatile bool busy;
	volatile int status;
};

static struct flight flights[DEPTH];
static struct tess_sched_waitq done_wq = TESS_SCHED_WAITQ_INIT(done_wq);
static uint64_t seed;
static int64_t bad_sector = -1;
static int io_error;

static void flight_done(struct tess_blk_req *req, int status)
{
	struct flight *f = req->arg;

	f->status = status;
	f->busy = false;
	tess_sched_waitq_wake_all(&done_wq);
}

/* Waits until f is back, and checks the read it carried. */
static void flight_wait(struct flight *f)
{
	bool was = tess_plat_irq_save();

	while (f->busy)
		tess_sched_waitq_wait(&done_wq, TESS_SCHED_FOREVER, "blkcheck");
	tess_plat_irq_restore(was);
	if (!f->req.done)
		return;
	if (f->status && !io_error)
		io_error = f->status;
	if (f->status == 0 && f->req.op == TESS_BLK_READ && bad_sector < 0)
		bad_sector = mismatch(seed, f->req.sector, f->req.count,
				      f->buf);
	f->req.done = NULL;
}

/* The next flight in turn, once it is back: DEPTH stay in flight. */
static struct flight *flight_free(void)
{
	static unsigned int next;
	struct flight *f = &flights[next];

	next = (next + 1) % DEPTH;
	flight_wait(f);
	return f;
}

static void drain(void)
{
	for (int i = 0; i < DEPTH; i++)
		flight_wait(&flights[i]);
}

/* Reads (write false) or writes the pattern over [first, first + count),
 * DEPTH requests at a time. Returns 0 or the first error. */
static int sweep(struct tess_blkdev *d, bool write, uint64_t first,
		 uint64_t count)
{
	for (uint64_t at = first; at < first + count; at += CHUNK) {
		struct flight *f = flight_free();
		uint32_t n = (uint32_t)(first + count - at < CHUNK
						? first + count - at
						: CHUNK);
		int err;

		if (write)
			pattern(seed, at, n, f->buf);
		f->req = (struct tess_blk_req){
			.op = write ? TESS_BLK_WRITE : TESS_BLK_READ,
			.sector = at, .count = n, .buf = f->buf,
			.done = flight_done, .arg = f};
		f->busy = true;
		while ((err = tess_blkdev_submit(d, &f->req)) == -EBUSY) {
			/* The driver's queue is full: let it empty. */
			f->busy = false;
			f->req.done = NULL;
			drain();
			f->busy = true;
			f->req.done = flight_done;
		}
		if (err) {
			f->busy = false;
			f->req.done = NULL;
			drain();
			return err;
		}
	}
	drain();
	return io_error;
}

static int report(const char *what, struct tess_blkdev *d, int err)
{
	if (err) {
		printf("blkcheck: %s %s: error %d (%s)\n", what,
		       tess_blkdev_info(d)->name, err, strerror(-err));
		return 1;
	}
	if (bad_sector >= 0) {
		printf("blkcheck: %s %s: sector %lld differs from the pattern\n",
		       what, tess_blkdev_info(d)->name,
		       (long long)bad_sector);
		return 1;
	}
	return 0;
}

static int cmd_fill(struct tess_blkdev *d, uint64_t first, uint64_t count)
{
	int err = sweep(d, true, first, count);

	if (err)
		return report("write", d, err);
	err = tess_blkdev_flush(d);
	if (err)
		return report("flush", d, err);
	if (report("read back", d, sweep(d, false, first, count)))
		return 1;
	printf("blkcheck: %s: %llu sectors from %llu written, flushed, read "
	       "back and verified\n",
	       tess_blkdev_info(d)->name, (unsigned long long)count,
	       (unsigned long long)first);
	return 0;
}

static int cmd_verify(struct tess_blkdev *d, uint64_t first, uint64_t count)
{
	if (report("verify", d, sweep(d, false, first, count)))
		return 1;
	printf("blkcheck: %s: %llu sectors from %llu verified\n",
	       tess_blkdev_info(d)->name, (unsigned long long)count,
	       (unsigned long long)first);
	return 0;
}

/* Random writes and reads of 1-8 sectors, each write stamped with its own
 * seed; every read must show the last stamp of each sector. */
static int cmd_random(struct tess_blkdev *d, unsigned long ops)
{
	static uint64_t sectors[RANDOM_MAX], stamps[RANDOM_MAX];
	static uint64_t buf[8 * WORDS];
	uint64_t total = tess_blkdev_info(d)->sectors, state = seed;
	unsigned long writes = 0, reads = 0, known = 0;

	for (unsigned long op = 0; op < ops; op++) {
		uint64_t r = mix(state, op);
		uint32_t n = 1 + (uint32_t)(r & 7);
		uint64_t at = (r >> 8) % (total > n ? total - n : 1);
		bool write = known == 0 || (r >> 4) % 3 != 0;
		int err;

		if (!write) {
			unsigned long k = (unsigned long)((r >> 5) % known);

			at = sectors[k];
			n = 1;
			err = tess_blkdev_read(d, at, n, buf);
			if (err)
				return report("random read", d, err);
			reads++;
			bad_sector = mismatch(stamps[k], at, 1, buf);
			if (bad_sector >= 0)
				return report("random read", d, 0);
			continue;
		}
		pattern(r, at, n, buf);
		err = tess_blkdev_write(d, at, n, buf);
		if (err)
			return report("random write", d, err);
		writes++;
		/* Each sector once in the table, with its last stamp (a full
		 * table only stops recording sectors it does not hold). */
		for (uint32_t s = 0; s < n; s++) {
			unsigned long j = 0;

			while (j < known && sectors[j] != at + s)
				j++;
			if (j == known && known == RANDOM_MAX)
				continue;
			sectors[j] = at + s;
			stamps[j] = r;
			if (j == known)
				known++;
		}
	}
	if (tess_blkdev_flush(d))
		return report("flush", d, -EIO);
	printf("blkcheck: %s: %lu random writes and %lu reads verified\n",
	       tess_blkdev_info(d)->name, writes, reads);
	return 0;
}

static int expect(const char *what, int got, int want)
{
	printf("blkcheck: %s: %d%s\n", what, got,
	       got == want ? "" : " (unexpected)");
	return got != want;
}

static int cmd_edges(struct tess_blkdev *d)
{
	const struct tess_blkdev_info *info = tess_blkdev_info(d);
	static uint64_t buf[2 * WORDS];
	int bad = 0;

	bad |= expect("read of the last sector", tess_blkdev_read(d, info->sectors - 1, 1, buf), 0);
	bad |= expect("read past the end", tess_blkdev_read(d, info->sectors, 1, buf), -ERANGE);
	bad |= expect("read across the end", tess_blkdev_read(d, info->sectors - 1, 2, buf), -ERANGE);
	bad |= expect("read at sector 2^64-1", tess_blkdev_read(d, ~0ULL, 2, buf), -ERANGE);
	bad |= expect("write of the last sector",
		      tess_blkdev_write(d, info->sectors - 1, 1, buf),
		      info->read_only ? -EROFS : 0);
	bad |= expect("flush", tess_blkdev_flush(d), 0);
	return bad;
}

static int usage(const char *why)
{
	printf("blkcheck: %s\nusage: blkcheck list | fill|verify DISK SEED "
	       "[FIRST COUNT] | random DISK SEED OPS | edges DISK | bench DISK "
	       "KIND OPS REPEATS\n",
	       why);
	return 64;
}

/*
 * bench: OPS synchronous requests of one kind, REPEATS times; prints
 * "KIND MIN MEDIAN" in ns per request (bench/blk compares them with a
 * native process's pread/pwrite on the same file). Kinds: randread4k
 * (4 KiB at random 4 KiB-aligned places), seqread1m and seqwrite1m
 * (1 MiB after 1 MiB from the start, wrapping at the end).
 */
#define BENCH_REPEATS_MAX 64
static uint64_t bench_buf[(1 << 20) / 8];

static int cmd_bench(struct tess_blkdev *d, const char *kind, uint64_t ops,
		     uint64_t repeats)
{
	uint64_t sectors = tess_blkdev_info(d)->sectors, times[BENCH_REPEATS_MAX];
	bool random = strcmp(kind, "randread4k") == 0;
	bool write = strcmp(kind, "seqwrite1m") == 0;
	uint32_t count = random ? 8 : (1 << 20) / SECTOR;
	uint64_t at = 0, state = 1;

	if (!random && !write && strcmp(kind, "seqread1m") != 0)
		return usage("bench KIND: randread4k, seqread1m or seqwrite1m");
	if (repeats == 0 || repeats > BENCH_REPEATS_MAX || ops == 0 ||
	    sectors < 2 * count)
		return usage("bench: 1-64 repeats, some ops, a disk of 2 MiB");
	for (uint64_t r = 0; r < repeats; r++) {
		uint64_t start = tess_plat_monotonic_ns();

		for (uint64_t i = 0; i < ops; i++) {
			int err;

			if (random) {
				state = mix(state, i);
				at = (state % (sectors / count)) * count;
			} else if (at + count > sectors) {
				at = 0;
			}
			err = write ? tess_blkdev_write(d, at, count, bench_buf)
				    : tess_blkdev_read(d, at, count, bench_buf);
			if (err)
				return report("bench", d, err);
			if (!random)
				at += count;
		}
		times[r] = (tess_plat_monotonic_ns() - start) / ops;
	}
	/* Sorted: min first, the median in the middle. */
	for (uint64_t i = 1; i < repeats; i++)
		for (uint64_t j = i; j > 0 && times[j - 1] > times[j]; j--) {
			uint64_t t = times[j];

			times[j] = times[j - 1];
			times[j - 1] = t;
		}
	printf("%s %llu %llu\n", kind, (unsigned long long)times[0],
	       (unsigned long long)times[repeats / 2]);
	return 0;
}

static bool number(const char *text, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(text, &end, 0);
	return !errno && end != text && !*end && text[0] != '-';
}


int main(int argc, char *argv[])
{
	struct tess_blkdev *d;
	uint64_t first = 0, count, ops;

	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		for (unsigned int i = 0; i < tess_blkdev_count(); i++) {
			const struct tess_blkdev_info *info =
				tess_blkdev_info(tess_blkdev_get(i));

			printf("%s %llu sectors of %u bytes%s\n", info->name,
			       (unsigned long long)info->sectors,
			       info->sector_size,
			       info->read_only ? " read-only" : "");
		}
		return 0;
	}
	if (argc < 3)
		return usage("no command or disk");
	d = tess_blkdev_find(argv[2]);
	if (!d) {
		printf("blkcheck: no disk %s (blkcheck list names them)\n",
		       argv[2]);
		return 1;
	}
	count = tess_blkdev_info(d)->sectors;
	if (strcmp(argv[1], "edges") == 0)
		return cmd_edges(d);
	if (strcmp(argv[1], "bench") == 0) {
		uint64_t reps;

		if (argc != 6 || !number(argv[4], &ops) || !number(argv[5], &reps))
			return usage("bench DISK KIND OPS REPEATS");
		return cmd_bench(d, argv[3], ops, reps);
	}
	if (argc < 4 || !number(argv[3], &seed))
		return usage("SEED must be a number");
	if (strcmp(argv[1], "random") == 0) {
		if (argc != 5 || !number(argv[4], &ops))
			return usage("random needs OPS");
		return cmd_random(d, (unsigned long)ops);
	}
	if (argc == 6 && (!number(argv[4], &first) || !number(argv[5], &count) ||
			  first > tess_blkdev_info(d)->sectors ||
			  count > tess_blkdev_info(d)->sectors - first))
		return usage("FIRST COUNT must lie on the disk");
	if (argc != 4 && argc != 6)
		return usage("fill and verify take DISK SEED [FIRST COUNT]");
	if (strcmp(argv[1], "fill") == 0)
		return cmd_fill(d, first, count);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(d, first, count);
	return usage("unknown command");
}
