/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The text of an errno for messages printed before the C library is ready
 * (boot options and init functions run before musl's start-up, and musl's
 * strerror reads its locale through a thread pointer not yet set).
 */
#include <tess/debug.h>

static const char *const texts[] = {
	[1] = "Operation not permitted",
	[2] = "No such file or directory",
	[5] = "I/O error",
	[7] = "Argument list too long",
	[9] = "Bad file descriptor",
	[11] = "Resource temporarily unavailable",
	[12] = "Out of memory",
	[13] = "Permission denied",
	[14] = "Bad address",
	[16] = "Device or resource busy",
	[17] = "File exists",
	[19] = "No such device",
	[20] = "Not a directory",
	[21] = "Is a directory",
	[22] = "Invalid argument",
	[24] = "Too many open files",
	[28] = "No space left on device",
	[30] = "Read-only file system",
	[34] = "Result not representable",
	[36] = "File name too long",
	[38] = "Function not implemented",
	[40] = "Symbolic link loop",
	[95] = "Not supported",
	[110] = "Operation timed out",
};

const char *tess_errno_text(int err)
{
	if (err < 0)
		err = -err;
	if (err < (int)(sizeof(texts) / sizeof(texts[0])) && texts[err])
		return texts[err];
	return "Unknown error";
}
