/* SPDX-License-Identifier: BSD-3-Clause */
/* fsbench: bench/fs/fsbench.c as a Tessera image (the same source the
 * benchmark builds natively). */
#include "../../bench/fs/fsbench.c"
