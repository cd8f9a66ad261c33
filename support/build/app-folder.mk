# SPDX-License-Identifier: BSD-3-Clause
# Included by each application's Makefile, so the app builds from its own
# folder: `make`, `make run`, `make menuconfig`, `make PLAT=kvm size` ...
# Every goal is passed to the top Makefile with APP set to this folder.
TESS_ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
APP_DIR := $(abspath $(dir $(firstword $(MAKEFILE_LIST))))

.DEFAULT_GOAL := all
Makefile: ;
%:
	@$(MAKE) --no-print-directory -C $(TESS_ROOT) APP=$(APP_DIR) $@
all:
	@$(MAKE) --no-print-directory -C $(TESS_ROOT) APP=$(APP_DIR) all
