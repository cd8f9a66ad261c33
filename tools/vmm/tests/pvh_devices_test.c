/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of the PVH entry's device discovery (plat/kvm/pvh_devices.c):
 * QEMU microvm's virtio_mmio.device=SIZE@BASE:GSI words leave the command
 * line for the device table, wherever they are; malformed, misplaced or
 * surplus words stay (for the library options' parser to name); the
 * pages to map are each device's page, once.
 */
#include <string.h>

#define HOST_CHECK_PREFIX "pvh devices: "
#include "../../common/host_check.h"
#include "../../../plat/kvm/pvh_devices.h"

static char line[4096];
static uint64_t len;
static struct pvh_devices d;

static void take(const char *text)
{
	snprintf(line, sizeof(line), "%s", text);
	len = strlen(line);
	pvh_devices_take(line, &len, &d);
}

int main(void)
{
	struct guest_image img = {0};

	take("hello plat.tsc_khz=1 -- a virtio_mmio.device=512@0xfeb00e00:12");
	check(d.count == 1 && strcmp(line, "hello plat.tsc_khz=1 -- a") == 0 &&
		      len == strlen(line) && d.devices[0].base == 0xfeb00e00 &&
		      d.devices[0].size == 512 && d.gsi[0] == 12 &&
		      d.devices[0].kind == TESS_KVM_DEVICE_VIRTIO_MMIO_PIN &&
		      d.devices[0].line == 0,
	      "QEMU's word at the end leaves the command line for the table");
	take("virtio_mmio.device=512@0xfeb00c00:13 x -- "
	     "virtio_mmio.device=512@0xfeb00e00:12 y");
	check(d.count == 2 && strcmp(line, "x -- y") == 0 &&
		      d.devices[1].line == 1 && d.gsi[1] == 12,
	      "words at the start and in the middle go too, lines in turn");
	take("a virtio_mmio.device=512@0x1000:12 virtio_mmio.device=512@0xfeb00e00 "
	     "virtio_mmio.device=9000@0xfeb00e00:12 virtio_mmio.device=512@0xfeb00e00:99 "
	     "virtio_mmio.device=512@0xfeb00e01:5");
	check(d.count == 0 && len == strlen(line) &&
		      strstr(line, "0x1000:12") && strstr(line, ":99") &&
		      strstr(line, "e01:5"),
	      "words in RAM, without a GSI, too large, beyond the IOAPICs or "
	      "misaligned stay where they are");
	take("virtio_mmio.device=512@0xfeb00000:5 virtio_mmio.device=512@0xfeb00200:6 "
	     "virtio_mmio.device=512@0xfeb00400:7 virtio_mmio.device=512@0xfeb00600:8 "
	     "virtio_mmio.device=512@0xfeb00800:9 virtio_mmio.device=512@0xfeb00a00:10 "
	     "virtio_mmio.device=512@0xfeb00c00:11 virtio_mmio.device=512@0xfeb00e00:12 "
	     "virtio_mmio.device=512@0xfeb01000:13");
	check(d.count == TESS_KVM_DEVICE_MAX &&
		      strcmp(line, "virtio_mmio.device=512@0xfeb01000:13") == 0 &&
		      d.devices[7].line == 7 % TESS_KVM_DEVICE_LINES,
	      "beyond the table's 8 entries words stay; lines are shared");
	pvh_devices_pages(&d, &img);
	check(img.device_page_count == 1 && img.device_pages[0] == 0xfeb00000 &&
		      img.ioapics,
	      "eight devices in one page: the page once, and the IOAPICs");
	take("plain");
	pvh_devices_pages(&d, &img);
	check(d.count == 0 && strcmp(line, "plain") == 0 &&
		      img.device_page_count == 0 && !img.ioapics,
	      "no device: nothing taken, nothing mapped");
	printf("# pvh device tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
