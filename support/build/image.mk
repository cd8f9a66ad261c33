# SPDX-License-Identifier: BSD-3-Clause
# Compiles the selected libraries and links the image (included by app.mk
# once the configuration is known).

CC := gcc
LD := ld
OBJCOPY := objcopy
TESS_CC_INCLUDE := $(shell $(CC) -print-file-name=include)

# Libraries: the architecture and platform always, lib/* and drivers/*
# when selected.
TESS_LIBS_SELECTED := $(foreach d,$(TESS_LIB_DIRS) $(TESS_EXT_LIB_DIRS),$(if $(filter y,$($(call tess_lib_symbol,$(notdir $(d))))),$(notdir $(d))))
TESS_LIBS := arch-$(ARCH) plat-$(PLAT) $(TESS_LIBS_SELECTED)
TESS_LIBDIR-arch-$(ARCH) := $(TESS_ARCH_DIR)
TESS_LIBDIR-plat-$(PLAT) := $(TESS_PLAT_DIR)
$(foreach d,$(TESS_LIB_DIRS) $(TESS_EXT_LIB_DIRS),$(eval TESS_LIBDIR-$(notdir $(d)) := $(d)))

# A library with a recipe (ext/<name>/recipe: a Debian source package,
# version and the upstream tarball's SHA256) compiles files of that
# third-party tree: support/scripts/ext-fetch has tools/fetch-src unpack
# and patch it once per source tree into build/ext/<name>/<version>/src
# ($(LIB)_TREE), shared by every application. The Makefile.uk lists
# those files in $(LIB)_TREE_SRCS-y (relative to the tree), the tree's
# header folders in $(LIB)_TREE_INCLUDES (on every source's include
# path: applications use the library's headers) and may add flags for
# them alone in $(LIB)_TREE_CFLAGS-y (one file: $(LIB)_TREE_CFLAGS-<path
# without .c>, e.g. $(LIB)_TREE_CFLAGS-src/lparser). An executable
# ext/<name>/generate runs once in the patched tree (files upstream's build generates, such
# as sqlite's amalgamation) and is part of the stamp. Every object waits
# for the trees. The tree's folder is named by the version without its
# Debian epoch ("5:"): a ':' cannot be in a make target (ext-fetch does
# the same).
define tess_tree_rules
$(1)_VERSION := $$(shell sed -n 's/^TESS_EXT_VERSION=\([0-9]*:\)\{0,1\}//p' $(TESS_LIBDIR-$(1))/recipe)
$(1)_TREE := $(TESS_ROOT)/build/ext/$(1)/$$($(1)_VERSION)/src
$(1)_TREE_STAMP := $(TESS_ROOT)/build/ext/$(1)/$$($(1)_VERSION)/.stamp
TESS_TREE_STAMPS += $$($(1)_TREE_STAMP)
$$($(1)_TREE_STAMP): $(TESS_LIBDIR-$(1))/recipe $(wildcard $(TESS_LIBDIR-$(1))/patches/*.patch) \
		$(wildcard $(TESS_LIBDIR-$(1))/generate) $(TESS_ROOT)/support/scripts/ext-fetch $(TESS_ROOT)/tools/fetch-src
	$$(call quiet,EXT,$(1) $$($(1)_VERSION) (fetch, patch))$(TESS_ROOT)/support/scripts/ext-fetch $(TESS_LIBDIR-$(1)) >/dev/null
endef
TESS_TREE_STAMPS :=
$(foreach l,$(TESS_LIBS_SELECTED),$(if $(wildcard $(TESS_LIBDIR-$(l))/recipe),$(eval $(call tess_tree_rules,$(l)))))

# ext/musl: built once per tree (ext/musl/build.sh); its headers come
# before the compiler's freestanding ones, its libc.a is linked.
ifeq ($(CONFIG_TESS_EXT_MUSL),y)
TESS_MUSL_VERSION := $(shell sed -n 's/^TESS_EXT_VERSION=//p' $(TESS_ROOT)/ext/musl/recipe)
TESS_MUSL_DIR := $(TESS_ROOT)/build/ext/musl/$(TESS_MUSL_VERSION)
TESS_MUSL_STAMP := $(TESS_MUSL_DIR)/lib/libc.a
TESS_LIBC_INCLUDE := -isystem $(TESS_MUSL_DIR)/include
TESS_LIBC_LIBS := $(TESS_MUSL_DIR)/lib/libc.a
TESS_IMAGE_DEPS += $(TESS_MUSL_STAMP)
$(TESS_MUSL_STAMP): $(TESS_ROOT)/ext/musl/recipe $(TESS_ROOT)/ext/musl/build.sh $(wildcard $(TESS_ROOT)/ext/musl/patches/*.patch)
	$(call quiet,EXT,musl $(TESS_MUSL_VERSION) (fetch, patch, build))$(TESS_ROOT)/ext/musl/build.sh >/dev/null && touch $@
endif

TESS_INCLUDES := -I$(dir $(TESS_CONFIG_H)).. -I$(TESS_ROOT)/include \
	$(foreach l,$(TESS_LIBS),$(if $(wildcard $(TESS_LIBDIR-$(l))/include),-I$(TESS_LIBDIR-$(l))/include))

TESS_OPT-$(CONFIG_TESS_OPTIMIZE_PERF) := -O2
TESS_OPT-$(CONFIG_TESS_OPTIMIZE_SIZE) := -Os
TESS_OPT-$(CONFIG_TESS_OPTIMIZE_DEBUG) := -Og

TESS_CFLAGS := -std=gnu11 $(TESS_OPT-y) -g -ffreestanding -fno-common \
	-ffunction-sections -fdata-sections -fno-omit-frame-pointer \
	-fno-pie -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-nostdinc $(TESS_LIBC_INCLUDE) -isystem $(TESS_CC_INCLUDE) -include $(TESS_CONFIG_H) $(TESS_INCLUDES)
# Frames larger than a page probe each page as they grow, so a stack that
# overflows meets its guard page instead of jumping over it into what lies
# below (a 12 KiB frame of path buffers did, silently).
TESS_CFLAGS += -fstack-clash-protection
TESS_CFLAGS-$(CONFIG_TESS_STACK_PROTECTOR) += -fstack-protector-strong -mstack-protector-guard=global
TESS_CFLAGS-$(CONFIG_TESS_STACK_PROTECTOR_NONE) += -fno-stack-protector
TESS_ASFLAGS := -D__ASSEMBLY__ -nostdinc -include $(TESS_CONFIG_H) $(TESS_INCLUDES)
TESS_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,-z,noexecstack \
	-Wl,--build-id=none -Wl,-Map=$(TESS_MAP)
TESS_LDLIBS := $(TESS_LIBC_LIBS) -lgcc

# Each library's Makefile.uk is read with LIB set to its name; it appends
# sources to $(LIB)_SRCS-y and tests to $(LIB)_TESTS-y, relative to its
# folder, and may add $(LIB)_CFLAGS-y (every source), $(LIB)_CFLAGS-<stem>
# (one source, e.g. $(LIB)_CFLAGS-tests/foo_test), $(LIB)_REQUIRES (libraries it needs)
# and the global TESS_CFLAGS-y / TESS_LDFLAGS-y / TESS_PLAT_RUN (how `make
# run` starts the image) / TESS_IMAGE_DEPS (extra link inputs such as a
# linker script) / TESS_RUN_DEPS (what `make run` needs besides the image).
define tess_lib_read
LIB := $(1)
include $(TESS_LIBDIR-$(1))/Makefile.uk
endef
$(foreach l,$(TESS_LIBS),$(eval $(call tess_lib_read,$(l))))
LIB := app
include $(TESS_APP_DIR)/Makefile.uk
TESS_CFLAGS-y += $(foreach l,$(TESS_LIBS),$(addprefix -I$($(l)_TREE)/,$($(l)_TREE_INCLUDES)))

# Dependencies Kconfig cannot see (a hand-made .config): name them clearly.
# "nolibc" in a REQUIRES list means "a C library": ext/musl is one.
tess_libc_present := $(if $(filter y,$(CONFIG_TESS_EXT_MUSL)),nolibc)
tess_missing = $(filter-out $(TESS_LIBS) $(tess_libc_present),$($(1)_REQUIRES))
$(foreach l,$(TESS_LIBS) app,$(if $(call tess_missing,$(l)),$(error \
	$(if $(filter app,$(l)),application $(TESS_APP_NAME),library $(l)) needs \
	$(foreach m,$(call tess_missing,$(l)),$(m) ($(call tess_lib_symbol,$(m))))\
	which is not selected; run 'make APP=$(APP) PLAT=$(PLAT) menuconfig')))

# Compiler flags come from these files (and config.h): objects depend on
# them, so a changed flag rebuilds what it affects.
TESS_FLAG_SOURCES := $(TESS_ROOT)/support/build/image.mk \
	$(foreach l,$(TESS_LIBS),$(TESS_LIBDIR-$(l))/Makefile.uk)
TESS_ALL_CFLAGS := $(TESS_CFLAGS) $(TESS_CFLAGS-y)
tess_srcs = $($(1)_SRCS-y) $(if $(filter y,$(CONFIG_TESS_TEST)),$($(1)_TESTS-y))
tess_objs = $(addprefix $(BUILD)/$(2)/,$(addsuffix .o,$(basename $(call tess_srcs,$(1)))))
# A library's objects from its third-party tree, under tree/.
tess_tree_objs = $(addprefix $(BUILD)/lib/$(1)/tree/,$(addsuffix .o,$(basename $($(1)_TREE_SRCS-y))))

define tess_tree_obj_rules
$(BUILD)/lib/$(1)/tree/%.o: $($(1)_TREE)/%.c $($(1)_TREE_STAMP) $(TESS_CONFIG_H) $(TESS_FLAG_SOURCES) $(TESS_LIBDIR-$(1))/Makefile.uk | $(TESS_MUSL_STAMP) $(TESS_TREE_STAMPS)
	$$(call quiet,CC,$(1)/$$*.c)mkdir -p $$(@D) && $(CC) $(TESS_ALL_CFLAGS) \
		$$($(1)_CFLAGS-y) $$($(1)_TREE_CFLAGS-y) $$($(1)_TREE_CFLAGS-$$*) -DTESS_LIBNAME='"$(1)"' \
		-MMD -MP -c -o $$@ $$<
endef
$(foreach l,$(TESS_LIBS),$(if $($(l)_TREE_SRCS-y),$(eval $(call tess_tree_obj_rules,$(l)))))

define tess_lib_rules
$(1)_OBJS := $(call tess_objs,$(1),lib/$(1)) $(call tess_tree_objs,$(1))
$(1)_SRC_OBJS := $(addprefix $(BUILD)/lib/$(1)/,$(addsuffix .o,$(basename $($(1)_SRCS-y)))) $(call tess_tree_objs,$(1))
$(BUILD)/lib/$(1)/%.o: $(TESS_LIBDIR-$(1))/%.c $(TESS_CONFIG_H) $(TESS_FLAG_SOURCES) $(TESS_LIBDIR-$(1))/Makefile.uk | $(TESS_MUSL_STAMP) $(TESS_TREE_STAMPS)
	$$(call quiet,CC,$(1)/$$*.c)mkdir -p $$(@D) && $(CC) $(TESS_ALL_CFLAGS) \
		$$($(1)_CFLAGS-y) $$($(1)_CFLAGS-$$*) -DTESS_LIBNAME='"$(1)"' \
		-MMD -MP -c -o $$@ $$<
$(BUILD)/lib/$(1)/%.o: $(TESS_LIBDIR-$(1))/%.S $(TESS_CONFIG_H) $(TESS_FLAG_SOURCES)
	$$(call quiet,AS,$(1)/$$*.S)mkdir -p $$(@D) && $(CC) $(TESS_ASFLAGS) \
		-MMD -MP -c -o $$@ $$<
$(BUILD)/lib/$(1).o: $$($(1)_OBJS) $(TESS_LIBDIR-$(1))/exportsyms.uk
	$$(call quiet,LD,$(1).o)$(LD) -r -o $$@.all $$($(1)_OBJS) && \
		$(OBJCOPY) --wildcard --keep-global-symbols=$(TESS_LIBDIR-$(1))/exportsyms.uk \
			--keep-global-symbol='tess_syscall_nr_*' $$@.all $$@
$(TESS_LIBDIR-$(1))/exportsyms.uk:
	@echo "error: library $(1) has no exportsyms.uk (list its public symbols in $$@)" >&2; exit 1
-include $$($(1)_OBJS:.o=.d)
endef
$(foreach l,$(TESS_LIBS),$(eval $(call tess_lib_rules,$(l))))
# A source that moved (a library's folder renamed by a pull) is still
# named by its object's old dependency file: nothing to make for it, and
# the object is rebuilt from where its library is now.
$(TESS_ROOT)/%.c $(TESS_ROOT)/%.h $(TESS_ROOT)/%.S: ;
# Those empty rules make every source a target of a rule: make would
# take the fetched trees' sources (build/ext/*) for intermediate files
# and delete them after the build that compiled them. Nothing here is
# intermediate.
.SECONDARY:
$(foreach l,$(TESS_LIBS),$(if $($(l)_OBJS),,$(error library $(l) compiles no sources: check $(TESS_LIBDIR-$(l))/Makefile.uk)))

TESS_APP_OBJS := $(call tess_objs,app,app)
# On nolibc, a header the compiler cannot find gets a hint of where it is
# (support/scripts/libc-hint): most often a POSIX program that needs musl.
ifeq ($(CONFIG_TESS_NOLIBC),y)
tess_app_cc_hint = 2>$@.err; s=$$?; cat $@.err >&2; \
	[ $$s -eq 0 ] || $(TESS_ROOT)/support/scripts/libc-hint $@.err $(APP) $(PLAT); \
	rm -f $@.err; exit $$s
endif
$(BUILD)/app/%.o: $(TESS_APP_DIR)/%.c $(TESS_CONFIG_H) $(TESS_FLAG_SOURCES) $(TESS_APP_DIR)/Makefile.uk | $(TESS_MUSL_STAMP) $(TESS_TREE_STAMPS)
	$(call quiet,CC,$(TESS_APP_NAME)/$*.c)mkdir -p $(@D) && $(CC) $(TESS_ALL_CFLAGS) \
		$(app_CFLAGS-y) -DTESS_LIBNAME='"$(TESS_APP_NAME)"' -MMD -MP -c -o $@ $< $(tess_app_cc_hint)
-include $(TESS_APP_OBJS:.o=.d)

TESS_LIB_OBJS := $(foreach l,$(TESS_LIBS),$(BUILD)/lib/$(l).o)

# The layering the libraries declare ($(LIB)_RANK, $(LIB)_REQUIRES,
# $(LIB)_CALLS_UP), checked against what their objects really call
# (support/scripts/check-layers) before every link.
TESS_LAYERS_OK := $(BUILD)/layers.ok
$(TESS_LAYERS_OK): $(TESS_LIB_OBJS) $(TESS_ROOT)/support/scripts/check-layers
	$(call quiet,CHECK,layers)$(TESS_ROOT)/support/scripts/check-layers \
		$(foreach l,$(TESS_LIBS),--lib '$(l):$($(l)_RANK):$(strip $($(l)_REQUIRES)):$(strip $($(l)_CALLS_UP)):$(strip $($(l)_SRC_OBJS))') && touch $@
TESS_IMAGE_DEPS += $(TESS_LAYERS_OK)
# The image a user ships is stripped; IMAGE.dbg beside it is the same
# link with its symbols and debug information, for gdb (found through the
# image's .gnu_debuglink), addr2line and backtraces. Loaded bytes are the
# same in both.
$(TESS_IMAGE): $(TESS_LIB_OBJS) $(TESS_APP_OBJS) $(TESS_IMAGE_DEPS)
	$(call quiet,LINK,$(notdir $@))$(CC) $(TESS_LDFLAGS) $(TESS_LDFLAGS-y) -o $@.dbg \
		$(TESS_APP_OBJS) $(TESS_LIB_OBJS) $(TESS_LDLIBS)
	$(call quiet,STRIP,$(notdir $@))$(OBJCOPY) --strip-all $@.dbg $@.tmp && \
		$(OBJCOPY) --add-gnu-debuglink=$@.dbg $@.tmp && mv $@.tmp $@
	@echo "built $@"

.PHONY: all image run size
# The empty recipe keeps make from saying "Nothing to be done" when the
# image is up to date (tess run builds before every run).
all image: $(TESS_IMAGE)
	@:

run: $(TESS_IMAGE) $(TESS_RUN_DEPS)
	$(Q)$(TESS_PLAT_RUN)

size: $(TESS_IMAGE)
	$(Q)$(TESS_ROOT)/support/scripts/size-report $(TESS_MAP) $(TESS_IMAGE) $(BUILD)
