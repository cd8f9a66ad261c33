/* SPDX-License-Identifier: BSD-3-Clause */
/* apps/lua: upstream's lua.c (the stand-alone interpreter) as the image's program. */
/*
 * lua.c comes from the fetched tree unmodified (ext/lua puts its src/
 * on the include path), its main renamed so that ours can prepare what a
 * Linux system has before Lua starts: a /tmp, where os.tmpname creates
 * its files (mkstemp of /tmp/lua_XXXXXX). The image's root is a ramfs
 * with nothing in it; a share mounted on /tmp (-v DIR:/tmp) is kept.
 */
#define main lua_main
#include "lua.c"
#undef main

#include <errno.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	/* chmod as well: mkdir's mode passes through the umask. */
	if (mkdir("/tmp", 01777) == 0)
		chmod("/tmp", 01777);
	else if (errno != EEXIST)
		fprintf(stderr, "%s: /tmp: %s (os.tmpname will fail)\n",
			argc > 0 ? argv[0] : "lua", strerror(errno));
	return lua_main(argc, argv);
}
