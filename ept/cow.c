// SPDX-License-Identifier: GPL-2.0-only
/* Copy-on-write decisions for cappsule EPT violations (see cow.h). */
#include "ept/cow.h"

enum cow_action cow_decide(const struct cow_fault *f)
{
	if (!f->in_snapshot)
		return COW_KILL_OUTSIDE;
	if (f->mapped_private)
		return COW_RETRY;
	if (!f->write)
		return f->mapped_shared ? COW_RETRY : COW_MAP_SHARED;
	if (f->pages >= f->limit)
		return COW_KILL_LIMIT;
	return COW_COPY_PRIVATE;
}
