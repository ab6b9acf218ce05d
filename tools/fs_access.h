/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The access mask a filesystem policy gives an absolute host path. The
 * policy (tools/fs_policy.h) and the file server (tools/fs_server.h) both
 * define these values; the guard lets one file include both headers.
 */
#ifndef CAPPSULE_TOOLS_FS_ACCESS_H
#define CAPPSULE_TOOLS_FS_ACCESS_H

#ifndef FS_ACCESS_R
#define FS_ACCESS_R 1u
#define FS_ACCESS_W 2u
#define FS_ACCESS_X 4u
/* Not granted, but something granted lies below: a directory to walk and
 * list only. */
#define FS_ACCESS_ANCESTOR 8u
#endif

#endif /* CAPPSULE_TOOLS_FS_ACCESS_H */
