/* Texts for mm_errno.h; the model's own, no kernel counterpart. */
#include "mm_errno.h"

const char *mm_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case MM_OK: return "success";
	case MM_ENOMEM: return "out of memory (ENOMEM)";
	case MM_EINVAL: return "invalid argument (EINVAL)";
	case MM_EBUSY: return "range busy (EBUSY)";
	case MM_ENOENT: return "not found (ENOENT)";
	case MM_ENOSPC: return "table full (ENOSPC)";
	case MM_EPANIC: return "simulated kernel panic";
	case MM_EDTB_HEADER: return "device tree: bad header";
	case MM_EDTB_TRUNCATED: return "device tree: truncated block";
	case MM_EDTB_STRUCTURE: return "device tree: malformed structure block";
	case MM_EDTB_CELLS: return "device tree: #address-cells/#size-cells not 1 or 2";
	case MM_EDTB_REG: return "device tree: reg length not a multiple of the tuple size";
	case MM_EDTB_RANGE: return "device tree: base + size overflows";
	case MM_EDTB_PHANDLE: return "device tree: duplicate, dangling or looping phandle";
	case MM_EDTB_MEMRSV: return "device tree: bad /memreserve/ block";
	case MM_EDTB_PROPERTY: return "device tree: property of the wrong form";
	case MM_EINPUT: return "fuzz input cannot be decoded";
	default: return "unknown error";
	}
}
