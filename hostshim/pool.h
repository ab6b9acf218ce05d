/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory the shim lends the monitor for cappsules: 2 MiB chunks from
 * the page allocator, handed over with CAPPSULE_HC_POOL_LEND (they leave
 * the host's EPT) and taken back, zeroed, with CAPPSULE_HC_POOL_RECLAIM.
 */
#ifndef CAPPSULE_HOSTSHIM_POOL_H
#define CAPPSULE_HOSTSHIM_POOL_H

/* Lends mb MiB (rounded down to 2 MiB chunks, at most 128). 0 or -errno. */
int shim_pool_lend(unsigned int mb);

/* Takes every chunk back; chunks the monitor still holds are not freed. */
void shim_pool_reclaim(void);

#endif /* CAPPSULE_HOSTSHIM_POOL_H */
