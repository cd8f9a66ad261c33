# SPDX-License-Identifier: BSD-3-Clause
# Builds one image: APP on PLAT (with optional saved-config variant CONF).
#
# Steps: assemble the Kconfig tree -> .config (from the app's saved config)
# -> config.h/config.mk -> compile each selected library and partially link
# it, keeping only the symbols of its exportsyms.uk -> link the image with
# --gc-sections -> map file for `make size`.

include $(TESS_ROOT)/support/build/util.mk

ARCH ?= x86_64
TESS_APP_DIR := $(abspath $(APP))
TESS_APP_NAME := $(notdir $(TESS_APP_DIR))
TESS_PLAT_DIR := $(TESS_ROOT)/plat/$(PLAT)
TESS_ARCH_DIR := $(TESS_ROOT)/arch/$(ARCH)
TESS_KNOWN_APPS := $(notdir $(patsubst %/Makefile.uk,%,$(wildcard $(TESS_ROOT)/apps/*/Makefile.uk)))
TESS_KNOWN_PLATS := $(notdir $(patsubst %/Config.uk,%,$(wildcard $(TESS_ROOT)/plat/*/Config.uk)))

ifeq ($(wildcard $(TESS_APP_DIR)/Makefile.uk),)
$(error unknown application '$(APP)': no Makefile.uk in $(TESS_APP_DIR) (known applications: $(TESS_KNOWN_APPS)))
endif
ifeq ($(wildcard $(TESS_PLAT_DIR)/Config.uk),)
$(error unknown platform '$(PLAT)' (known platforms: $(TESS_KNOWN_PLATS)))
endif
ifeq ($(wildcard $(TESS_ARCH_DIR)/Config.uk),)
$(error unknown architecture '$(ARCH)' (known: $(notdir $(wildcard $(TESS_ROOT)/arch/*))))
endif

TESS_CONF_NAME := $(PLAT)$(if $(CONF),-$(CONF))
BUILD := $(TESS_APP_DIR)/build/$(TESS_CONF_NAME)
TESS_SAVED_CONFIG := $(TESS_APP_DIR)/defconfigs/$(TESS_CONF_NAME)
ifneq ($(CONF),)
ifeq ($(wildcard $(TESS_SAVED_CONFIG)),)
$(error unknown configuration '$(CONF)' for $(TESS_APP_NAME) on $(PLAT): $(TESS_SAVED_CONFIG) does not exist)
endif
endif

TESS_KCONFIG := $(BUILD)/Kconfig
TESS_CONFIG := $(BUILD)/.config
TESS_CONFIG_MK := $(BUILD)/config.mk
TESS_CONFIG_H := $(BUILD)/include/tess/config.h
TESS_IMAGE := $(BUILD)/$(TESS_APP_NAME)_$(PLAT)-$(ARCH)
TESS_MAP := $(TESS_IMAGE).map
KCONF := KCONFIG_CONFIG=$(TESS_CONFIG) kconfig-conf
KMCONF := KCONFIG_CONFIG=$(TESS_CONFIG) kconfig-mconf

# Libraries live in lib/ (OS services) and drivers/ (devices); a library's
# name is its folder's, unique across both. Drivers sit one level down, by
# bus: drivers/<bus>/<device>/ (drivers/virtio/virtio-blk).
TESS_LIB_DIRS := $(patsubst %/Config.uk,%,$(wildcard $(TESS_ROOT)/lib/*/Config.uk $(TESS_ROOT)/drivers/*/*/Config.uk))
# External libraries this build compiles (ext/<name>/ with a Makefile.uk;
# ext/musl has a build script of its own): named <name> like the others,
# selected by TESS_EXT_<NAME> (support/build/util.mk).
TESS_EXT_LIB_DIRS := $(patsubst %/Makefile.uk,%,$(wildcard $(TESS_ROOT)/ext/*/Makefile.uk))
TESS_CONFIG_UK := $(TESS_ARCH_DIR)/Config.uk $(TESS_PLAT_DIR)/Config.uk \
	$(TESS_ROOT)/support/build/Config.build $(addsuffix /Config.uk,$(TESS_LIB_DIRS)) \
	$(wildcard $(TESS_ROOT)/ext/*/Config.uk) $(wildcard $(TESS_APP_DIR)/Config.uk)

# ---------------------------------------------------------------- config
.PHONY: FORCE
FORCE:

# Installs missing Debian packages (kconfig-frontends, ...) before the
# first tool runs; cheap when everything is there.
.PHONY: tess-deps
tess-deps:
	$(Q)$(TESS_ROOT)/support/scripts/ensure-deps build

# Regenerated every time, replaced only when its content changes.
$(TESS_KCONFIG): FORCE | tess-deps
	$(Q)mkdir -p $(@D)
	$(Q)$(TESS_ROOT)/support/scripts/gen-kconfig "$(TESS_ROOT)" "$(ARCH)" \
		"$(PLAT)" "$(TESS_APP_DIR)" > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# A new build folder starts from the saved config (or Kconfig defaults),
# and so does one whose saved config changed since (a pull, a checkout, a
# savedefconfig): the build says so, since hand edits to .config that were
# not saved are then replaced.
$(TESS_CONFIG): $(wildcard $(TESS_SAVED_CONFIG)) | $(TESS_KCONFIG)
	$(Q)if [ -f $@ ]; then echo "note: $(TESS_SAVED_CONFIG) is newer than $@: configuring again from it (make savedefconfig keeps edits made with menuconfig)"; fi
	$(Q)$(MAKE) -f $(TESS_ROOT)/Makefile APP=$(APP) PLAT=$(PLAT) CONF=$(CONF) defconfig

$(TESS_CONFIG_MK): $(TESS_CONFIG) $(TESS_KCONFIG) $(TESS_CONFIG_UK)
	$(Q)cp $(TESS_CONFIG) $(BUILD)/.config.requested
	$(Q)cd $(BUILD) && $(KCONF) -s --olddefconfig $(TESS_KCONFIG) >/dev/null
	$(Q)TESS_ROOT=$(TESS_ROOT) $(TESS_ROOT)/support/scripts/check-config $(TESS_KCONFIG) \
		$(BUILD)/.config.requested "hand-edited $(TESS_CONFIG)"
	$(Q)mkdir -p $(dir $(TESS_CONFIG_H))
	$(Q)$(TESS_ROOT)/support/scripts/config-header $(TESS_KCONFIG) $(TESS_CONFIG) > $(TESS_CONFIG_H).tmp
	$(Q)if cmp -s $(TESS_CONFIG_H).tmp $(TESS_CONFIG_H); then rm $(TESS_CONFIG_H).tmp; \
		else mv $(TESS_CONFIG_H).tmp $(TESS_CONFIG_H); fi
	$(Q)$(TESS_ROOT)/support/scripts/gen-syscall-numbers $(dir $(TESS_CONFIG_H))syscall_nr.h
	$(Q)grep '^CONFIG_' $(TESS_CONFIG) > $@

.PHONY: defconfig olddefconfig menuconfig savedefconfig clean distclean
defconfig: $(TESS_KCONFIG)
	$(Q)mkdir -p $(BUILD)
	$(Q)if [ -f $(TESS_SAVED_CONFIG) ]; then \
		cd $(BUILD) && $(KCONF) -s --defconfig=$(TESS_SAVED_CONFIG) $(TESS_KCONFIG) >/dev/null && \
		TESS_ROOT=$(TESS_ROOT) $(TESS_ROOT)/support/scripts/check-config $(TESS_KCONFIG) \
			$(TESS_SAVED_CONFIG) "saved config $(TESS_SAVED_CONFIG)" || { rm -f $(TESS_CONFIG); exit 1; }; \
	else \
		echo "note: $(TESS_APP_NAME) has no saved config for $(TESS_CONF_NAME) ($(TESS_SAVED_CONFIG)); using Kconfig defaults"; \
		cd $(BUILD) && $(KCONF) -s --alldefconfig $(TESS_KCONFIG) >/dev/null; \
	fi
	@echo "configured $(TESS_APP_NAME) for $(TESS_CONF_NAME): $(TESS_CONFIG)"

olddefconfig: $(TESS_KCONFIG) | $(TESS_CONFIG)
	$(Q)cd $(BUILD) && $(KCONF) --olddefconfig $(TESS_KCONFIG)

menuconfig: $(TESS_KCONFIG) | $(TESS_CONFIG)
	$(Q)cd $(BUILD) && $(KMCONF) $(TESS_KCONFIG)

savedefconfig: $(TESS_KCONFIG) | $(TESS_CONFIG)
	$(Q)mkdir -p $(dir $(TESS_SAVED_CONFIG))
	$(Q)cd $(BUILD) && $(KCONF) --savedefconfig=$(TESS_SAVED_CONFIG) $(TESS_KCONFIG)
	@echo "saved $(TESS_SAVED_CONFIG)"

clean:
	$(Q)rm -rf $(BUILD)/lib $(BUILD)/app $(TESS_IMAGE) $(TESS_MAP)

distclean:
	$(Q)rm -rf $(BUILD)

# Goals that only touch the configuration do not need a valid one.
TESS_CONFIG_GOALS := defconfig olddefconfig menuconfig savedefconfig clean distclean
ifneq ($(filter-out $(TESS_CONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(TESS_CONFIG_MK)
# On the first pass config.mk may not exist yet, or be older than what it
# is made from (a saved config or Config.uk edited, make defconfig run):
# make remakes it, then re-reads everything; only then are the library
# rules and their checks meaningful. Judging a new saved config by the old
# selection would stop the build with a stale error until distclean.
tess_config_stale := $(if $(wildcard $(TESS_CONFIG_MK)),$(shell \
	for f in $(TESS_CONFIG) $(wildcard $(TESS_SAVED_CONFIG)) $(TESS_CONFIG_UK); do \
		[ "$$f" -nt $(TESS_CONFIG_MK) ] && { echo y; break; }; done),y)
ifeq ($(tess_config_stale),)
include $(TESS_ROOT)/support/build/image.mk
endif
endif
