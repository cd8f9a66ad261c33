/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * locks: POSIX record locks within one process (F_SETLK/F_GETLK: a
 * process's own locks never conflict; closing any descriptor of a file
 * drops them), open file description locks (F_OFD_SETLK/F_OFD_GETLK:
 * two descriptions conflict), ranges, splitting and merging, errors,
 * and flock. Usage: locks DIR (works in a fresh folder under DIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include <pthread.h>
#include <sys/file.h>
#include <time.h>

static int lock(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = {.l_type = type,
			   .l_whence = SEEK_SET,
			   .l_start = start,
			   .l_len = len};

	return fcntl(fd, cmd, &fl);
}

/* F_GETLK / F_OFD_GETLK for a range, printed as the lock in the way
 * ("unlocked", or its type, start, length and whether l_pid is -1 (an
 * OFD lock) or ours). */
static void query(const char *what, int fd, int cmd, short type, off_t start,
		  off_t len, const char *want)
{
	struct flock fl = {.l_type = type,
			   .l_whence = SEEK_SET,
			   .l_start = start,
			   .l_len = len};
	char got[96];

	if (fcntl(fd, cmd, &fl) < 0)
		snprintf(got, sizeof(got), "%s", errname(errno));
	else if (fl.l_type == F_UNLCK)
		snprintf(got, sizeof(got), "unlocked");
	else
		snprintf(got, sizeof(got), "%s %lld+%lld%s%s",
			 fl.l_type == F_WRLCK	? "write"
			 : fl.l_type == F_RDLCK ? "read"
						: "?",
			 (long long)fl.l_start, (long long)fl.l_len,
			 fl.l_pid == -1		? " ofd"
			 : fl.l_pid == getpid() ? " ours"
						: " other",
			 fl.l_whence == SEEK_SET ? ""
						 : " (whence not SEEK_SET)");
	pt_str(what, got, want);
}

static void posix_locks(void)
{
	struct flock fl;
	int fd, fd2, ofd;

	SAY("-- F_SETLK, F_GETLK: one process's own locks");
	OK(put_file("f", "0123456789012345678901234567890123456789"));
	fd = OK(open("f", O_RDWR));
	OK(lock(fd, F_SETLK, F_WRLCK, 0, 10));
	query("own write lock, F_GETLK", fd, F_GETLK, F_WRLCK, 0, 100,
	      "unlocked");
	OK(lock(fd, F_SETLK, F_RDLCK, 0, 10)); /* converts */
	OK(lock(fd, F_SETLK, F_WRLCK, 5, 0));  /* to the end and beyond */
	/* an OFD lock on another description conflicts with them */
	ofd = OK(open("f", O_RDWR));
	query("OFD view", ofd, F_OFD_GETLK, F_WRLCK, 0, 100, "read 0+5 ours");
	query("OFD view at 50", ofd, F_OFD_GETLK, F_RDLCK, 50, 1,
	      "write 5+0 ours");
	ERR(lock(ofd, F_OFD_SETLK, F_WRLCK, 0, 1), EAGAIN);
	OK(lock(ofd, F_OFD_SETLK, F_RDLCK, 0, 1)); /* read over read is fine */
	OK(lock(ofd, F_OFD_SETLK, F_UNLCK, 0, 1));
	/* unlocking a range in the middle splits the lock */
	OK(lock(fd, F_SETLK, F_UNLCK, 20, 10));
	query("after unlocking 20+10", ofd, F_OFD_GETLK, F_WRLCK, 20, 10,
	      "unlocked");
	query("beyond it", ofd, F_OFD_GETLK, F_WRLCK, 20, 20,
	      "write 30+0 ours");
	/* SEEK_CUR and SEEK_END ranges come back as SEEK_SET */
	EQ(lseek(fd, 12, SEEK_SET), 12);
	fl = (struct flock){.l_type = F_UNLCK,
			    .l_whence = SEEK_CUR,
			    .l_start = -2,
			    .l_len = 4};
	OK(fcntl(fd, F_SETLK, &fl)); /* 10+4 */
	query("after unlocking at SEEK_CUR-2", ofd, F_OFD_GETLK, F_WRLCK, 10,
	      10, "write 14+6 ours");
	fl = (struct flock){.l_type = F_WRLCK,
			    .l_whence = SEEK_END,
			    .l_start = -1,
			    .l_len = 1};
	OK(fcntl(fd, F_SETLK, &fl)); /* the last byte, 39, already locked */
	/* closing any descriptor of the file drops the process's locks */
	fd2 = OK(open("f", O_RDONLY));
	OK(close(fd2));
	query("after closing another descriptor", ofd, F_OFD_GETLK, F_WRLCK, 0,
	      0, "unlocked");
	OK(lock(ofd, F_OFD_SETLK, F_WRLCK, 0, 0));
	ERR(lock(fd, F_SETLK, F_RDLCK, 100, 1),
	    EAGAIN); /* now the OFD lock is in the way */
	OK(close(ofd));
	OK(lock(fd, F_SETLK, F_RDLCK, 100, 1));
	/* errors */
	ERR(lock(fd, F_SETLK, 42, 0, 1), EINVAL);
	ERR(lock(fd, F_SETLK, F_WRLCK, -1, 1), EINVAL);
	ERR(lock(-1, F_SETLK, F_WRLCK, 0, 1), EBADF);
	OK(close(fd));
	fd = OK(open("f", O_RDONLY));
	ERR(lock(fd, F_SETLK, F_WRLCK, 0, 1), EBADF);
	OK(lock(fd, F_SETLK, F_RDLCK, 0, 1));
	OK(close(fd));
	fd = OK(open("f", O_WRONLY));
	ERR(lock(fd, F_SETLK, F_RDLCK, 0, 1), EBADF);
	OK(close(fd));
}

static void ofd_locks(void)
{
	int a, b;

	SAY("-- F_OFD_SETLK, F_OFD_GETLK: two open file descriptions");
	a = OK(open("f", O_RDWR));
	b = OK(open("f", O_RDWR));
	OK(lock(a, F_OFD_SETLK, F_WRLCK, 0, 10));
	ERR(lock(b, F_OFD_SETLK, F_WRLCK, 5, 10), EAGAIN);
	ERR(lock(b, F_OFD_SETLK, F_RDLCK, 9, 1), EAGAIN);
	OK(lock(b, F_OFD_SETLK, F_RDLCK, 10, 10));
	query("a asks for 15+10", a, F_OFD_GETLK, F_WRLCK, 15, 10,
	      "read 10+10 ofd");
	query("a asks to read 15+10", a, F_OFD_GETLK, F_RDLCK, 15, 10,
	      "unlocked");
	query("b asks for 0+100", b, F_OFD_GETLK, F_WRLCK, 0, 100,
	      "write 0+10 ofd");
	query("a asks about its own", a, F_OFD_GETLK, F_WRLCK, 0, 10,
	      "unlocked");
	/* unlocking a part */
	OK(lock(a, F_OFD_SETLK, F_UNLCK, 0, 5));
	OK(lock(b, F_OFD_SETLK, F_WRLCK, 0, 5));
	ERR(lock(b, F_OFD_SETLK, F_WRLCK, 5, 3), EAGAIN);
	query("b asks for 0+100", b, F_OFD_GETLK, F_WRLCK, 0, 100,
	      "write 5+5 ofd");
	OK(lock(b, F_OFD_SETLK, F_UNLCK, 0, 0));
	/* splitting and merging */
	OK(lock(a, F_OFD_SETLK, F_WRLCK, 0, 100));
	OK(lock(a, F_OFD_SETLK, F_UNLCK, 40, 20));
	query("b asks for 0+100", b, F_OFD_GETLK, F_WRLCK, 0, 100,
	      "write 0+40 ofd");
	query("b asks for 40+100", b, F_OFD_GETLK, F_WRLCK, 40, 100,
	      "write 60+40 ofd");
	OK(lock(b, F_OFD_SETLK, F_WRLCK, 40, 20));
	ERR(lock(b, F_OFD_SETLK, F_WRLCK, 60, 1), EAGAIN);
	OK(lock(b, F_OFD_SETLK, F_UNLCK, 40, 20));
	OK(lock(a, F_OFD_SETLK, F_WRLCK, 40,
		20)); /* fills the gap: one lock again */
	query("b asks for 0+200", b, F_OFD_GETLK, F_WRLCK, 0, 200,
	      "write 0+100 ofd");
	OK(lock(a, F_OFD_SETLK, F_RDLCK, 0, 0)); /* all to read, to the end */
	query("b asks for 1000+1", b, F_OFD_GETLK, F_WRLCK, 1000, 1,
	      "read 0+0 ofd");
	OK(lock(b, F_OFD_SETLK, F_RDLCK, 500, 1));
	/* l_pid must be 0 for OFD commands */
	{
		struct flock fl = {.l_type = F_WRLCK,
				   .l_whence = SEEK_SET,
				   .l_len = 1,
				   .l_pid = 1};

		ERR(fcntl(b, F_OFD_SETLK, &fl), EINVAL);
	}
	/* a dup shares the description and its locks; closing the last
	 * descriptor of a description drops them */
	{
		int a2 = OK(dup(a));

		OK(close(a));
		query("after closing a (a dup remains)", b, F_OFD_GETLK,
		      F_WRLCK, 0, 1, "read 0+0 ofd");
		OK(close(a2));
	}
	query("after closing the dup too", b, F_OFD_GETLK, F_WRLCK, 0, 1,
	      "unlocked");
	OK(lock(b, F_OFD_SETLK, F_WRLCK, 0, 0));
	OK(close(b));
}

/* A thread waiting in F_OFD_SETLKW for a lock main holds. */
static volatile int released;
static int waiter_saw_release = -1;

static void *waiter(void *arg)
{
	int fd = *(int *)arg;

	if (lock(fd, F_OFD_SETLKW, F_WRLCK, 0, 10) == 0)
		waiter_saw_release = released;
	return NULL;
}

static void blocking(void)
{
	struct timespec t = {0, 30 * 1000 * 1000};
	pthread_t th;
	int a, b;

	SAY("-- F_OFD_SETLKW: a thread waits for the lock");
	a = OK(open("f", O_RDWR));
	b = OK(open("f", O_RDWR));
	OK(lock(a, F_OFD_SETLK, F_WRLCK, 5, 1));
	EQ(pthread_create(&th, NULL, waiter, &b), 0);
	nanosleep(&t, NULL);
	EQ(waiter_saw_release, -1); /* still waiting */
	released = 1;
	OK(lock(a, F_OFD_SETLK, F_UNLCK, 5, 1));
	EQ(pthread_join(th, NULL), 0);
	EQ(waiter_saw_release, 1); /* got it after the unlock */
	query("the thread's lock", a, F_OFD_GETLK, F_WRLCK, 0, 100,
	      "write 0+10 ofd");
	OK(close(b));
	OK(close(a));
}

static void flocks(void)
{
	int a, b, a2;

	SAY("-- flock");
	a = OK(open("f", O_RDONLY));
	b = OK(open("f", O_RDONLY));
	OK(flock(a, LOCK_EX | LOCK_NB));
	ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	OK(flock(a, LOCK_SH)); /* converts */
	OK(flock(b, LOCK_SH | LOCK_NB));
	ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	a2 = OK(dup(a));
	OK(close(a)); /* the dup still holds the lock */
	ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	OK(flock(a2, LOCK_UN));
	OK(flock(b, LOCK_EX | LOCK_NB));
	ERR(flock(b, 0), EINVAL);
	ERR(flock(-1, LOCK_EX), EBADF);
	OK(close(a2));
	OK(close(b));
	OK(unlink("f"));
}

int main(int argc, char **argv)
{
	pt_start("locks", argc, argv);
	posix_locks();
	ofd_locks();
	blocking();
	flocks();
	return pt_finish();
}
