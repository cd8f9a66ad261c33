/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What Debian's build generates into src/ (debian/rules) for its patch
 * 0002-lua-modules-paths: the multiarch triplet in package.cpath, so
 * Tessera's package.path and package.cpath read as Debian's lua5.4's.
 */
#ifndef _LUA_DEB_MULTIARCH_
#define _LUA_DEB_MULTIARCH_
#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"
#endif /* _LUA_DEB_MULTIARCH_ */
