# SPDX-License-Identifier: BSD-3-Clause
# The monitor's sources and headers, relative to tools/vmm, for its own
# Makefile and for tools/tess, which links the monitor in.
VMM_MONITOR_SRCS := vmm.c vcpu_setup.c host_signals.c console_in.c elf_loader.c devices.c seccomp.c disk.c disk_device.c \
	tap.c net_device.c virtio_net.c \
	fs_device.c p9_server.c p9_io.c p9_namespace.c \
	virtio_mmio.c virtio_blk.c virtq.c ../../plat/kvm/guest_layout.c \
	../common/host_kvm.c ../common/host_parse.c ../common/host_image.c
VMM_MONITOR_HDRS := vm.h console_in.h elf_loader.h devices.h seccomp.h disk.h disk_device.h \
	tap.h net_device.h virtio_net.h \
	fs_device.h p9_server.h p9_internal.h \
	virtio_mmio.h virtio_blk.h virtq.h ../../include/tess/virtio_ring.h \
	../../plat/kvm/guest_layout.h ../../plat/kvm/include/tess/kvm_abi.h \
	../common/host_kvm.h ../common/host_parse.h ../common/host_image.h
