/* SPDX-License-Identifier: BSD-3-Clause */
/* apps/redis: redis-server (ext/redis, upstream's server.c main) as the image's program. */
/*
 * The library is the whole server; its main is renamed redis_main so
 * that the program's main lives in the application, as every image's
 * does. The arguments are redis-server's own: a configuration file
 * and/or --option value pairs (`tess run ... -- LIBOPTS -- --dir /data`).
 */
int redis_main(int argc, char **argv);

int main(int argc, char **argv)
{
	return redis_main(argc, argv);
}
