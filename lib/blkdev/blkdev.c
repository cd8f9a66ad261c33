/* SPDX-License-Identifier: BSD-3-Clause */
/* Block devices: the registry, request checks, completions, statistics and
 * the synchronous wrappers. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tess/alloc.h>
#include <tess/blkdev_driver.h>
#include <tess/debug.h>
#include <tess/plat/irq.h>
#include <tess/plat/time.h>
#include <tess/sched.h>

#define DEVICES_MAX 16
/* How long a synchronous request polls before it sleeps. */
#define POLL_NS (CONFIG_TESS_BLKDEV_POLL_US * 1000ULL)
#define NAME_LEN    15

struct tess_blkdev {
	char name[NAME_LEN + 1];
	struct tess_blkdev_info info;
	const struct tess_blkdev_ops *ops;
	void *priv;
	struct tess_blkdev_stats stats;
};

/* Registered at boot (drivers' init); read afterwards. */
static struct tess_blkdev *devices[DEVICES_MAX];
static unsigned int device_count;

unsigned int tess_blkdev_count(void)
{
	return device_count;
}

struct tess_blkdev *tess_blkdev_get(unsigned int i)
{
	return i < device_count ? devices[i] : NULL;
}

struct tess_blkdev *tess_blkdev_find(const char *name)
{
	for (unsigned int i = 0; name && i < device_count; i++)
		if (strcmp(devices[i]->name, name) == 0)
			return devices[i];
	return NULL;
}

const struct tess_blkdev_info *tess_blkdev_info(const struct tess_blkdev *d)
{
	return &d->info;
}

void *tess_blkdev_priv(const struct tess_blkdev *d)
{
	return d->priv;
}

void tess_blkdev_stats_get(const struct tess_blkdev *d,
			   struct tess_blkdev_stats *out)
{
	bool was = tess_plat_irq_save();

	*out = d->stats;
	tess_plat_irq_restore(was);
}

int tess_blkdev_register(const struct tess_blkdev_info *info,
			 const struct tess_blkdev_ops *ops, void *priv,
			 struct tess_blkdev **out)
{
	struct tess_blkdev *d;

	if (!info || !info->name || !info->name[0] ||
	    strlen(info->name) > NAME_LEN || !ops || !ops->submit ||
	    !ops->poll != !ops->interrupts_on ||
	    info->sector_size < 512 || info->sector_size > 65536 ||
	    (info->sector_size & (info->sector_size - 1)) || !info->sectors)
		return -EINVAL;
	if (tess_blkdev_find(info->name))
		return -EEXIST;
	if (device_count == DEVICES_MAX)
		return -ENOMEM;
	d = tess_calloc(tess_alloc_default(), 1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	snprintf(d->name, sizeof(d->name), "%s", info->name);
	d->info = *info;
	d->info.name = d->name;
	d->ops = ops;
	d->priv = priv;
	devices[device_count++] = d;
	tess_pr_info("%s: %llu sectors of %u bytes%s", d->name,
		     (unsigned long long)info->sectors, info->sector_size,
		     info->read_only ? ", read-only" : "");
	if (out)
		*out = d;
	return 0;
}

/* Whether req may go to the driver: 0 or why not. */
static int request_check(const struct tess_blkdev *d,
			 const struct tess_blk_req *req)
{
	if (!req->done)
		return -EINVAL;
	switch (req->op) {
	case TESS_BLK_FLUSH: return 0;
	case TESS_BLK_WRITE:
		if (d->info.read_only)
			return -EROFS;
		/* fall through */
	case TESS_BLK_READ:
		if (!req->buf || !req->count)
			return -EINVAL;
		if (req->sector >= d->info.sectors ||
		    req->count > d->info.sectors - req->sector)
			return -ERANGE;
		return 0;
	default: return -EINVAL;
	}
}

/* Interrupts on for what is in flight (completing what already came);
 * interrupts masked. */
static void interrupts_on(struct tess_blkdev *d)
{
	if (!d->ops->interrupts_on)
		return;
	while (d->ops->interrupts_on(d))
		d->ops->poll(d);
}

static int submit(struct tess_blkdev *d, struct tess_blk_req *req)
{
	bool was;
	int err;

	if (!d || !req)
		return -EINVAL;
	err = request_check(d, req);
	was = tess_plat_irq_save();
	if (!err) {
		d->stats.in_flight++;
		if (d->stats.in_flight > d->stats.in_flight_max)
			d->stats.in_flight_max = d->stats.in_flight;
	} else {
		d->stats.refused++;
	}
	tess_plat_irq_restore(was);
	if (err)
		return err;
	err = d->ops->submit(d, req);
	if (err) {
		was = tess_plat_irq_save();
		d->stats.in_flight--;
		d->stats.refused++;
		tess_plat_irq_restore(was);
	}
	return err;
}

int tess_blkdev_submit(struct tess_blkdev *d, struct tess_blk_req *req)
{
	int err = submit(d, req);
	bool was;

	/* Its completion comes by interrupt: the caller may sleep. */
	if (!err) {
		was = tess_plat_irq_save();
		interrupts_on(d);
		tess_plat_irq_restore(was);
	}
	return err;
}

void tess_blkdev_complete(struct tess_blkdev *d, struct tess_blk_req *req,
			  int status)
{
	bool was = tess_plat_irq_save();

	d->stats.in_flight--;
	if (status) {
		d->stats.errors++;
	} else if (req->op == TESS_BLK_READ) {
		d->stats.reads++;
		d->stats.sectors_read += req->count;
	} else if (req->op == TESS_BLK_WRITE) {
		d->stats.writes++;
		d->stats.sectors_written += req->count;
	} else {
		d->stats.flushes++;
	}
	tess_plat_irq_restore(was);
	req->done(req, status);
}

/* A synchronous request: the caller waits on its own queue. */
struct sync_wait {
	struct tess_sched_waitq wq;
	volatile bool done;
	int status;
};

static void sync_done(struct tess_blk_req *req, int status)
{
	struct sync_wait *w = req->arg;

	w->status = status;
	w->done = true;
	tess_sched_waitq_wake_all(&w->wq);
}

static int sync_request(struct tess_blkdev *d, enum tess_blk_op op,
			uint64_t sector, uint32_t count, void *buf)
{
	struct sync_wait w = {.done = false};
	struct tess_blk_req req = {.op = op,
				   .sector = sector,
				   .count = count,
				   .buf = buf,
				   .done = sync_done,
				   .arg = &w};
	bool was;
	int err;

	tess_sched_waitq_init(&w.wq);
	err = submit(d, &req);
	if (err)
		return err;
	/* Poll a while (a fast device is done within microseconds, and an
	 * interrupt costs more than that where exits are expensive), then
	 * sleep until the completion's interrupt. */
	if (d->ops->poll) {
		uint64_t spin_end = tess_plat_monotonic_ns() + POLL_NS;

		while (!w.done && tess_plat_monotonic_ns() < spin_end) {
			was = tess_plat_irq_save();
			d->ops->poll(d);
			tess_plat_irq_restore(was);
		}
	}
	was = tess_plat_irq_save();
	while (!w.done) {
		if (d->ops->interrupts_on && d->ops->interrupts_on(d))
			d->ops->poll(d);
		else
			tess_sched_waitq_wait(&w.wq, TESS_SCHED_FOREVER,
					      "disk");
	}
	/* Others' requests still in flight complete by interrupt. */
	if (d->stats.in_flight)
		interrupts_on(d);
	tess_plat_irq_restore(was);
	return w.status;
}

int tess_blkdev_read(struct tess_blkdev *d, uint64_t sector, uint32_t count,
		     void *buf)
{
	return sync_request(d, TESS_BLK_READ, sector, count, buf);
}

int tess_blkdev_write(struct tess_blkdev *d, uint64_t sector, uint32_t count,
		      const void *buf)
{
	/* The driver only reads a write's buffer. */
	return sync_request(d, TESS_BLK_WRITE, sector, count, (void *)buf);
}

int tess_blkdev_flush(struct tess_blkdev *d)
{
	return sync_request(d, TESS_BLK_FLUSH, 0, 0, NULL);
}
