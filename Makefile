# SPDX-License-Identifier: BSD-3-Clause
# Tessera top-level build: one image per application and platform.
#
#   make [APP=apps/hello] [PLAT=kvm|linuxu] [CONF=name] build the image (kvm by default)
#   make run [ARGS="..."]                              build and run it
#   make menuconfig | defconfig | olddefconfig | savedefconfig
#   make size                                          bytes per library
#   make test                                          every test (installs what it needs)
#   make format | check                                clang-format, cppcheck + clang-tidy
#
# The configuration of APP on PLAT lives in $(APP)/build/$(PLAT)/.config;
# the saved one in $(APP)/defconfigs/$(PLAT) (or $(PLAT)-$(CONF)).

TESS_ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
export TESS_ROOT

APP ?= apps/hello
PLAT ?= kvm
CONF ?=
ARGS ?=

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

ifneq ($(V),1)
Q := @
quiet = @printf '  %-8s %s\n' '$(1)' '$(2)';
else
Q :=
quiet =
endif

# Goals that need no application configuration at all.
TESS_NOCONFIG_GOALS := test deps format check clean-all help unit-host

ifneq ($(filter-out $(TESS_NOCONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(TESS_ROOT)/support/build/app.mk
endif

.PHONY: test deps format check clean-all help
test:
	$(Q)$(TESS_ROOT)/support/scripts/ensure-deps build
	$(Q)$(TESS_ROOT)/support/scripts/ensure-deps qemu
	$(Q)$(TESS_ROOT)/tests/run-all

deps:
	$(Q)$(TESS_ROOT)/support/scripts/ensure-deps build

format:
	$(Q)$(TESS_ROOT)/support/scripts/format

check:
	$(Q)$(TESS_ROOT)/support/scripts/ensure-deps check
	$(Q)$(TESS_ROOT)/support/scripts/check

clean-all:
	$(Q)rm -rf $(TESS_ROOT)/apps/*/build $(TESS_ROOT)/build

help:
	@sed -n '2,13p' $(TESS_ROOT)/Makefile | sed 's/^# \{0,1\}//'
