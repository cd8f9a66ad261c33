/* SPDX-License-Identifier: BSD-3-Clause */
/* lwIP's socket events (patches/0001) handed to whoever registered for
 * them: lib/posix-socket, whose files' waiters they wake. */
#include <tess/lwip.h>

static void (*socket_event_fn)(int s);

void tess_lwip_socket_events(void (*fn)(int s))
{
	socket_event_fn = fn;
}

void tess_lwip_socket_event(int s)
{
	if (socket_event_fn)
		socket_event_fn(s);
}
