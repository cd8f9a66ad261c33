# SPDX-License-Identifier: BSD-3-Clause
# Small make helpers shared by the build fragments.

tess_upper = $(subst a,A,$(subst b,B,$(subst c,C,$(subst d,D,$(subst e,E,$(subst \
	f,F,$(subst g,G,$(subst h,H,$(subst i,I,$(subst j,J,$(subst k,K,$(subst \
	l,L,$(subst m,M,$(subst n,N,$(subst o,O,$(subst p,P,$(subst q,Q,$(subst \
	r,R,$(subst s,S,$(subst t,T,$(subst u,U,$(subst v,V,$(subst w,W,$(subst \
	x,X,$(subst y,Y,$(subst z,Z,$(subst -,_,$(1))))))))))))))))))))))))))))

# Kconfig symbol that selects library $(1): lib/alloc-tlsf -> CONFIG_TESS_ALLOC_TLSF,
# an external library built here (ext/lwip) -> CONFIG_TESS_EXT_LWIP.
tess_lib_symbol = CONFIG_TESS_$(if $(wildcard $(TESS_ROOT)/ext/$(1)/Makefile.uk),EXT_)$(call tess_upper,$(1))
