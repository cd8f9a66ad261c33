/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests of tess's pure functions: size parsing, guest command
 * line quoting, application names, QEMU's command line and exit status,
 * and the ELF check that tells kvm images from linuxu ones (with every
 * truncation of an image); built with ASan and UBSan.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../plat/kvm/include/tess/kvm_abi.h"
#include "../../common/host_image.h"
#include "../tess.h"

#include "../../common/host_check.h"

static int size_is(const char *text, uint64_t expected)
{
	uint64_t bytes = 0;

	return tess_size_parse(text, &bytes) == 0 && bytes == expected;
}

static int size_refused(const char *text)
{
	uint64_t bytes = 12345;

	return tess_size_parse(text, &bytes) < 0 && bytes == 12345;
}

static void test_sizes(void)
{
	check(size_is("4096", 4096) && size_is("512K", 512 << 10) &&
		      size_is("64m", 64ULL << 20) && size_is("3G", 3ULL << 30),
	      "sizes are decimal with an optional K, M or G suffix");
	check(size_refused("") && size_refused("M") && size_refused("-1") &&
		      size_refused("12Q") && size_refused("8MB") &&
		      size_refused(" 8M") && size_refused("0"),
	      "a size that is empty, negative, zero or has a bad suffix is "
	      "refused");
	check(size_refused("18446744073709551616") &&
		      size_refused("17179869184G") &&
		      size_refused("17592186044480M") &&
		      size_is("16777215G", 16777215ULL << 30),
	      "a size that overflows 64 bits is refused (17592186044480M "
	      "used to wrap to 64M in tess-vmm)");
}

/* The command line that args give, or "<too long>". */
static const char *cmdline_of(const char *const *args, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (; *args; args++)
		if (tess_cmdline_append(buf, size, &len, *args) < 0)
			return "<too long>";
	return strlen(buf) == len ? buf : "<length mismatch>";
}

static void test_cmdline(void)
{
	char buf[TESS_CMDLINE_MAX], small[8], *big;
	const char *plain[] = {"img", "a", "b=c", "--", NULL};
	const char *quoted[] = {"img",	"two words", "",  "it's",
				"a\\b", "q\"",	     NULL};
	size_t len = 0;

	check(strcmp(cmdline_of(plain, buf, sizeof(buf)), "img a b=c --") == 0,
	      "plain arguments are joined by single spaces");
	check(strcmp(cmdline_of(quoted, buf, sizeof(buf)),
		     "img 'two words' '' 'it'\\''s' 'a\\b' 'q\"'") == 0,
	      "blanks, empty arguments, quotes and backslashes are "
	      "single-quoted, ' as '\\''");
	small[0] = '\0';
	check(tess_cmdline_append(small, sizeof(small), &len, "abcdefg") == 0 &&
		      len == 7 &&
		      tess_cmdline_append(small, sizeof(small), &len, "x") <
			      0 &&
		      len == 7 && strcmp(small, "abcdefg") == 0,
	      "an argument that does not fit is refused and the line is "
	      "unchanged");
	big = malloc(TESS_CMDLINE_MAX + 1);
	memset(big, 'a', TESS_CMDLINE_MAX);
	big[TESS_CMDLINE_MAX] = '\0';
	len = 0;
	buf[0] = '\0';
	check(tess_cmdline_append(buf, sizeof(buf), &len, big) < 0 && len == 0,
	      "a command line of TESS_CMDLINE_MAX bytes does not fit (the NUL "
	      "counts)");
	big[TESS_CMDLINE_MAX - 1] = '\0';
	check(tess_cmdline_append(buf, sizeof(buf), &len, big) == 0 &&
		      len == TESS_CMDLINE_MAX - 1 && buf[len] == '\0',
	      "one of TESS_CMDLINE_MAX - 1 bytes does");
	free(big);
}

static void test_app_names(void)
{
	char long_name[TESS_APP_NAME_MAX + 2];

	memset(long_name, 'a', sizeof(long_name));
	long_name[TESS_APP_NAME_MAX] = '\0';
	check(!tess_app_name_problem("hello") &&
		      !tess_app_name_problem("a-b_9") &&
		      !tess_app_name_problem(long_name),
	      "names of a-z, 0-9, '_' and '-' up to 64 characters are valid");
	long_name[TESS_APP_NAME_MAX] = 'a';
	long_name[TESS_APP_NAME_MAX + 1] = '\0';
	check(tess_app_name_problem("") && tess_app_name_problem(long_name) &&
		      tess_app_name_problem("-x") &&
		      tess_app_name_problem("Hello") &&
		      tess_app_name_problem("a/b") &&
		      tess_app_name_problem("..") &&
		      tess_app_name_problem("a b") &&
		      tess_app_name_problem("é"),
	      "empty, too long, leading '-', capitals, '/', '.', blanks, "
	      "non-ASCII are refused");
}

static void test_backtrace_lines(void)
{
	unsigned int frame = 99;
	uint64_t addr = 0;

	check(tess_backtrace_line_parse("[crit] debug:   #3 0x0000000000101027\n",
					&frame, &addr) == 0 &&
		      frame == 3 && addr == 0x101027 &&
		      tess_backtrace_line_parse("debug: #0 0xffffffff", &frame,
						&addr) == 0 &&
		      frame == 0 && addr == 0xffffffff,
	      "backtrace lines give their frame number and address");
	check(tess_backtrace_line_parse("[crit] debug: backtrace:\n", &frame,
					&addr) < 0 &&
		      tess_backtrace_line_parse("issue #3 0x10 debug", &frame,
						&addr) < 0 &&
		      tess_backtrace_line_parse("debug: #3 0x", &frame, &addr) <
			      0 &&
		      tess_backtrace_line_parse("debug: #3 0x10 and more",
						&frame, &addr) < 0 &&
		      tess_backtrace_line_parse("debug: #x 0x10", &frame,
						&addr) < 0,
	      "other lines, and backtrace lines with more or less, are not");
}

/* The value after option in argv, or NULL. */
static const char *after(const char **argv, const char *option)
{
	for (; *argv; argv++)
		if (strcmp(*argv, option) == 0)
			return argv[1];
	return NULL;
}

static int has(const char **argv, const char *word)
{
	for (; *argv; argv++)
		if (strcmp(*argv, word) == 0)
			return 1;
	return 0;
}

static void test_qemu_argv(void)
{
	const char *argv[TESS_QEMU_ARGV_MAX];
	char mem[16];
	struct tess_qemu_config c = {
		.program = "qemu-system-x86_64",
		.image = "a/hello_kvm-x86_64",
		.cmdline = "a/hello_kvm-x86_64 'x y'",
		.mem_bytes = 4 << 20,
	};
	int n = tess_qemu_argv(&c, mem, sizeof(mem), argv, TESS_QEMU_ARGV_MAX);

	check(n > 0 && argv[n] == NULL && strcmp(argv[0], c.program) == 0 &&
		      strcmp(after(argv, "-kernel"), c.image) == 0 &&
		      strcmp(after(argv, "-append"), c.cmdline) == 0,
	      "QEMU gets the image with -kernel and the command line with "
	      "-append");
	check(strcmp(after(argv, "-M"), "microvm,x-option-roms=off,acpi=off") ==
			      0 &&
		      strcmp(after(argv, "-global"),
			     "virtio-mmio.force-legacy=false") == 0 &&
		      strcmp(after(argv, "-device"),
			     "isa-debug-exit,iobase=0xf4,iosize=4") == 0 &&
		      strcmp(after(argv, "-serial"), "stdio") == 0 &&
		      strcmp(after(argv, "-cpu"), "max") == 0 &&
		      has(argv, "-nodefaults") &&
		      has(argv, "-no-user-config") && has(argv, "-nographic") &&
		      has(argv, "-no-reboot"),
	      "QEMU runs microvm with isa-debug-exit, serial on stdio, no "
	      "defaults, no reboot, its virtio devices on the command line "
	      "and not legacy");
	check(strcmp(after(argv, "-accel"), "tcg") == 0 &&
		      strcmp(after(argv, "-m"), "8M") == 0,
	      "without KVM QEMU uses TCG, and at least 8M of memory");
	c.accel_kvm = true;
	c.mem_bytes = (64ULL << 20) + 1;
	n = tess_qemu_argv(&c, mem, sizeof(mem), argv, TESS_QEMU_ARGV_MAX);
	check(n > 0 && strcmp(after(argv, "-accel"), "kvm") == 0 &&
		      strcmp(after(argv, "-m"), "65M") == 0,
	      "with KVM QEMU uses it; memory is rounded up to whole MiB");
	check(tess_qemu_argv(&c, mem, sizeof(mem), argv, 5) < 0 &&
		      tess_qemu_argv(&c, mem, 2, argv, TESS_QEMU_ARGV_MAX) < 0,
	      "a too small argv or memory buffer is an error, not an overflow");
}

static void test_qemu_devices(void)
{
	const char *disks[] = {"a,b.img", "c.img,ro"}, *taps[] = {"tap0"},
		   *macs[] = {"02:54:45:00:00:00"}, *argv[16];
	char buf[512], small[40];
	int n = tess_qemu_device_args(disks, 2, taps, macs, 1, buf, sizeof(buf),
				      argv, 16);

	check(n == 12 && strcmp(argv[0], "-drive") == 0 &&
		      strcmp(argv[1], "file=a,,b.img,format=raw,if=none,id="
				      "tess-disk0") == 0 &&
		      strcmp(argv[3], "virtio-blk-device,drive=tess-disk0") == 0 &&
		      strcmp(argv[5], "file=c.img,format=raw,if=none,id="
				      "tess-disk1,readonly=on") == 0,
	      "--disk becomes a raw drive on virtio-blk-device: commas "
	      "escaped, ,ro read-only");
	check(n == 12 && strcmp(argv[8], "-netdev") == 0 &&
		      strcmp(argv[9], "tap,script=no,downscript=no,id=tess-net0,"
				      "ifname=tap0") == 0 &&
		      strcmp(argv[11], "virtio-net-device,netdev=tess-net0,mac="
				       "02:54:45:00:00:00") == 0,
	      "--net becomes a tap netdev on virtio-net-device with its MAC");
	check(tess_qemu_device_args(disks, 2, taps, macs, 1, small,
				    sizeof(small), argv, 16) < 0 &&
		      tess_qemu_device_args(disks, 2, taps, macs, 1, buf,
					    sizeof(buf), argv, 8) < 0,
	      "too small a buffer or argv is an error, not an overflow");
}

static void test_volumes(void)
{
	static struct tess_volume v[2];
	const char *argv[8];
	char why[200], buf[512], small[40];
	int n;

	check(tess_volume_parse("/srv/data:/data", &v[0], why, sizeof(why)) ==
			      0 &&
		      strcmp(v[0].host, "/srv/data") == 0 &&
		      strcmp(v[0].guest, "/data") == 0 && !v[0].read_only,
	      "-v HOSTDIR:GUESTDIR");
	check(tess_volume_parse("a:b,c:/mnt/x:ro", &v[1], why, sizeof(why)) ==
			      0 &&
		      strcmp(v[1].host, "a:b,c") == 0 &&
		      strcmp(v[1].guest, "/mnt/x") == 0 && v[1].read_only,
	      "-v with ':' in HOSTDIR and :ro: the last ':' splits");
	check(tess_volume_parse("/srv", &v[0], why, sizeof(why)) < 0 &&
		      tess_volume_parse(":/data", &v[0], why, sizeof(why)) <
			      0 &&
		      tess_volume_parse("/srv:", &v[0], why, sizeof(why)) < 0 &&
		      tess_volume_parse("/srv:data", &v[0], why, sizeof(why)) <
			      0 &&
		      strstr(why, "absolute") &&
		      tess_volume_parse("/srv:ro", &v[0], why, sizeof(why)) < 0,
	      "-v without GUESTDIR, without HOSTDIR, or with a relative "
	      "GUESTDIR: refused");
	tess_volume_parse("/srv/a,b:/data", &v[0], why, sizeof(why));
	strcpy(v[0].tag, "v0");
	strcpy(v[1].tag, "v1");
	n = tess_qemu_share_args(v, 2, buf, sizeof(buf), argv, 8);
	check(n == 8 && strcmp(argv[0], "-fsdev") == 0 &&
		      strcmp(argv[1], "local,id=v0,path=/srv/a,,b,"
				      "security_model=none") == 0 &&
		      strcmp(argv[2], "-device") == 0 &&
		      strcmp(argv[3],
			     "virtio-9p-device,fsdev=v0,mount_tag=v0") == 0 &&
		      strcmp(argv[5], "local,id=v1,path=a:b,,c,"
				      "security_model=none,readonly=on") == 0,
	      "volumes under QEMU: -fsdev local and virtio-9p-device, commas "
	      "escaped, :ro read-only");
	check(tess_qemu_share_args(v, 2, small, sizeof(small), argv, 8) < 0 &&
		      tess_qemu_share_args(v, 2, buf, sizeof(buf), argv, 7) < 0,
	      "too small a buffer or argv for volumes is an error");
}

static void test_qemu_status(void)
{
	check(tess_qemu_guest_status(1, NULL, 0) == 0 &&
		      tess_qemu_guest_status(7, NULL, 0) == 3 &&
		      tess_qemu_guest_status(255, NULL, 0) == 127,
	      "an odd QEMU status (v << 1 | 1) gives back the guest's v");
	check(tess_qemu_guest_status(0, NULL, 0) < 0 && tess_qemu_guest_status(2, NULL, 0) < 0 &&
		      tess_qemu_guest_status(254, NULL, 0) < 0 &&
		      tess_qemu_guest_status(-1, NULL, 0) < 0 &&
		      tess_qemu_guest_status(256, NULL, 0) < 0,
	      "status 0 (reset), even statuses (QEMU errors) carry no guest "
	      "status");
	{
		const unsigned char fault = 139, two[] = {139, 139}, other = 12;

		check(tess_qemu_guest_status(23, &fault, 1) == 139,
		      "the COM2 byte restores a status above 127 that QEMU's "
		      "exit status cut to 7 bits");
		check(tess_qemu_guest_status(23, two, 2) == 11 &&
			      tess_qemu_guest_status(23, &other, 1) == 11,
		      "a COM2 file that is not one agreeing byte is ignored");
		check(tess_qemu_guest_status(0, &fault, 1) < 0,
		      "no COM2 byte turns a reset into an exit status");
	}
}

/* An ELF header, one PT_NOTE program header, then the notes. */
struct note_image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned char notes[64];
};

static size_t note_put(unsigned char *p, const char *owner, uint32_t descsz)
{
	Elf64_Nhdr nh = {.n_namesz = (uint32_t)strlen(owner) + 1,
			 .n_descsz = descsz,
			 .n_type = 1};
	size_t name = (nh.n_namesz + 3) & ~3u, desc = (descsz + 3) & ~3u;

	memcpy(p, &nh, sizeof(nh));
	memcpy(p + sizeof(nh), owner, nh.n_namesz);
	return sizeof(nh) + name + desc;
}

static void image_make(struct note_image *im, const char *first,
		       const char *second)
{
	size_t n;

	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_phoff = offsetof(struct note_image, ph);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 1;
	im->ph.p_type = PT_NOTE;
	im->ph.p_offset = offsetof(struct note_image, notes);
	n = note_put(im->notes, first, 4);
	if (second)
		n += note_put(im->notes + n, second, 8);
	im->ph.p_filesz = n;
}

/* An image whose second note (after a privilege-like one) is the memory
 * note with descriptor size descsz holding mem. */
static void mem_image_make(struct note_image *im, uint64_t mem,
			   uint32_t descsz)
{
	size_t first = sizeof(Elf64_Nhdr) + 8 + 4;
	Elf64_Nhdr nh;

	image_make(im, "Tessera", "Tessera");
	memcpy(&nh, im->notes + first, sizeof(nh));
	nh.n_type = TESS_KVM_NOTE_MEM;
	nh.n_descsz = descsz;
	memcpy(im->notes + first, &nh, sizeof(nh));
	memcpy(im->notes + first + sizeof(nh) + 8, &mem, sizeof(mem));
}

static void test_image_mem(void)
{
	struct note_image im;
	uint64_t mem = 7;

	mem_image_make(&im, 64ULL << 20, 8);
	check(tess_image_mem(&im, sizeof(im), &mem) == 0 && mem == 64ULL << 20,
	      "the memory note gives the image's default memory");
	image_make(&im, "Tessera", "Tessera");
	mem = 7;
	check(tess_image_mem(&im, sizeof(im), &mem) == 1 && mem == 7,
	      "without a memory note the image names none");
	mem_image_make(&im, 64ULL << 20, 4);
	check(tess_image_mem(&im, sizeof(im), &mem) < 0,
	      "a memory note of the wrong size is malformed");
	mem_image_make(&im, (64ULL << 20) + 1, 8);
	check(tess_image_mem(&im, sizeof(im), &mem) < 0,
	      "a memory note that is not whole pages is refused");
	mem_image_make(&im, 4ULL << 30, 8);
	check(tess_image_mem(&im, sizeof(im), &mem) < 0,
	      "a memory note above 3G is refused");
	mem_image_make(&im, 64ULL << 20, 8);
	check(tess_image_mem(&im, offsetof(struct note_image, notes) + 40,
			     &mem) == 1,
	      "a memory note cut short by the file's end is not read");
}

static void test_image_kind(void)
{
	struct note_image im;
	size_t full;
	int ok = 1;

	image_make(&im, "Tessera", NULL);
	check(tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_KVM,
	      "an ELF with a note owned by Tessera is a kvm image");
	image_make(&im, "GNU", "Tessera");
	check(tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_KVM,
	      "the Tessera note is found after another note");
	image_make(&im, "GNU", NULL);
	check(tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_LINUXU,
	      "an ELF with only other notes is a linuxu image");
	image_make(&im, "Tesserae", NULL);
	check(tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_LINUXU,
	      "an owner that only starts with Tessera does not count");
	image_make(&im, "Tessera", NULL);
	im.ph.p_type = PT_LOAD;
	check(tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_LINUXU,
	      "a note outside a PT_NOTE segment does not count");
	check(tess_image_kind("#!/bin/sh\n", 10) == TESS_IMAGE_NOT_ELF &&
		      tess_image_kind("", 0) == TESS_IMAGE_NOT_ELF,
	      "a script or an empty file is not an ELF");
	image_make(&im, "Tessera", NULL);
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	check(tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_NOT_ELF,
	      "a 32-bit ELF is not a Tessera image");

	/* Truncated copies on the heap, so ASan sees every read past the end. */
	image_make(&im, "Tessera", NULL);
	full = offsetof(struct note_image, notes) + im.ph.p_filesz;
	for (size_t len = 0; len < full; len++) {
		unsigned char *copy = malloc(len ? len : 1);

		memcpy(copy, &im, len);
		ok &= tess_image_kind(copy, len) != TESS_IMAGE_KVM;
		free(copy);
	}
	check(ok,
	      "an image cut short at any length is never read past its end");

	image_make(&im, "Tessera", NULL);
	im.eh.e_phnum = 0xffff;
	ok = tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_LINUXU;
	image_make(&im, "Tessera", NULL);
	im.eh.e_phoff = UINT64_MAX - 8;
	ok &= tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_LINUXU;
	image_make(&im, "Tessera", NULL);
	im.ph.p_filesz = UINT64_MAX;
	ok &= tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_LINUXU;
	image_make(&im, "Tessera", NULL);
	memcpy(im.notes, &(Elf64_Nhdr){.n_namesz = UINT32_MAX, .n_descsz = 8},
	       sizeof(Elf64_Nhdr));
	ok &= tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_LINUXU;
	image_make(&im, "Tessera", NULL);
	im.eh.e_phentsize = 8;
	ok &= tess_image_kind(&im, sizeof(im)) == TESS_IMAGE_LINUXU;
	check(ok, "huge counts, offsets and sizes in headers and notes are "
		  "refused");
}

static void test_image_names(void)
{
	check(strcmp(tess_image_plat_from_name("a/b/hello_kvm-x86_64"),
		     "kvm") == 0 &&
		      strcmp(tess_image_plat_from_name("hello_linuxu-x86_64"),
			     "linuxu") == 0 &&
		      tess_image_plat_from_name("x_kvm-x86_64/hello") == NULL &&
		      tess_image_plat_from_name("hello") == NULL,
	      "the file name <app>_<plat>-x86_64 tells the platform, a folder "
	      "name does not");
}

static void test_qemu_cmdline(void)
{
	char buf[TESS_CMDLINE_MAX], big[TESS_CMDLINE_MAX];
	char *plain[] = {"a", "b c"};
	char *split[] = {"log.level=debug", "--", "x"};
	char *huge[] = {big};

	check(tess_qemu_cmdline(buf, sizeof(buf), "img", 2600000, plain, 2) == 0 &&
		      strcmp(buf, "img plat.tsc_khz=2600000 -- a 'b c'") == 0,
	      "under QEMU the TSC frequency is a library option; plain "
	      "arguments stay the application's");
	check(tess_qemu_cmdline(buf, sizeof(buf), "img", 1000, split, 3) == 0 &&
		      strcmp(buf, "img plat.tsc_khz=1000 log.level=debug -- x") == 0,
	      "given library options, the TSC option joins them before --");
	check(tess_qemu_cmdline(buf, sizeof(buf), "img", 1000, NULL, 0) == 0 &&
		      strcmp(buf, "img plat.tsc_khz=1000 --") == 0,
	      "no arguments: the image and the TSC option");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	check(tess_qemu_cmdline(buf, sizeof(buf), "img", 1000, huge, 1) < 0,
	      "a command line over the limit is refused");
}

int main(void)
{
	test_sizes();
	test_cmdline();
	test_app_names();
	test_backtrace_lines();
	test_qemu_argv();
	test_qemu_devices();
	test_volumes();
	test_qemu_status();
	test_qemu_cmdline();
	test_image_kind();
	test_image_mem();
	test_image_names();
	printf("# tess unit tests: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
