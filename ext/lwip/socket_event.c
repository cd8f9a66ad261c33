/* SPDX-License-Identifier: BSD-3-Clause */
/* lwIP's socket events (patches/0001) and net0's address events handed
 * to whoever registered for them: lib/posix-socket, whose files' waiters
 * they wake and which keeps /etc/resolv.conf. */
#include <tess/lwip.h>

static void (*socket_event_fn)(int s);
static void (*address_event_fn)(void);

void tess_lwip_socket_events(void (*fn)(int s))
{
	socket_event_fn = fn;
}

void tess_lwip_socket_event(int s)
{
	if (socket_event_fn)
		socket_event_fn(s);
}

void tess_lwip_address_events(void (*fn)(void))
{
	address_event_fn = fn;
}

void tess_lwip_address_event(void)
{
	if (address_event_fn)
		address_event_fn();
}
