/*
 * Error codes of the model, in the style of libfdt: functions return 0 or a
 * positive value on success and a negative MM_E* code on failure.  The
 * kernel's own errno results (-ENOMEM from memblock, -EBUSY from
 * reserved-memory) map onto the first group; the MM_EDTB_* group is the
 * model's rejection of input it refuses to interpret.
 */
#ifndef MM_ERRNO_H
#define MM_ERRNO_H

enum mm_errno {
	MM_OK = 0,
	/* The kernel's own failures, modelled. */
	MM_ENOMEM = 1,		/* -ENOMEM: no room (memblock array, allocation) */
	MM_EINVAL = 2,		/* -EINVAL: argument the kernel refuses */
	MM_EBUSY = 3,		/* -EBUSY: range already reserved (no-map) */
	MM_ENOENT = 4,		/* -ENOENT: no such node or property */
	MM_ENOSPC = 5,		/* -ENOSPC: fixed table full (reserved_mem, CMA areas) */
	MM_EPANIC = 6,		/* the simulated kernel panicked (BUG_ON/panic path) */
	/* Rejections of malformed input. */
	MM_EDTB_HEADER = 20,	/* bad magic, version or header fields */
	MM_EDTB_TRUNCATED = 21,	/* a block runs past the blob's end */
	MM_EDTB_STRUCTURE = 22,	/* fdt_check_full() refused the structure block */
	MM_EDTB_CELLS = 23,	/* #address-cells / #size-cells not 1 or 2 */
	MM_EDTB_REG = 24,	/* a reg-like property whose length is not a tuple multiple */
	MM_EDTB_RANGE = 25,	/* base + size overflows 64 bits */
	MM_EDTB_PHANDLE = 26,	/* duplicate phandle, dangling or looping reference */
	MM_EDTB_MEMRSV = 27,	/* reserve map unterminated or outside the blob */
	MM_EDTB_PROPERTY = 28,	/* a property of the wrong length or not a string */
	MM_EINPUT = 29,		/* a fuzz input the decoder cannot use */
	MM_ERRNO_MAX
};

/* A fixed, human-readable description of a (positive or negative) code. */
const char *mm_strerror(int err);

#endif
