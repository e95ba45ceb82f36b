/*
 * Which booted machines a real kernel survives: the layout and page_alloc
 * targets refuse the others, whose later corruption would be the input's
 * fault, not the model's.
 */
#ifndef FUZZ_BOOTABLE_H
#define FUZZ_BOOTABLE_H

#include "setup.h"

/*
 * NULL for a machine the kernel survives, else why not (bootable.c gives
 * each rule's reason): reserved-memory cleanup that released the kernel's
 * own reservations or part of a CMA pool, a CMA pool over addresses that
 * are not RAM, over a no-map region, over another pool or over the image,
 * an image whose last section ends at 4 GiB, RAM or a CMA pool below
 * PHYS_OFFSET, the image outside lowmem RAM below 4 GiB, a map_lowmem()
 * that v6.1 does not survive (its request for a first region ending inside
 * the image wraps past 4 GiB to no section boundary, or writes past
 * swapper_pg_dir into pages prepare_page_table() unmapped, or leaves
 * sections where a later region needs a page table; a region inside the
 * image stops it), or a section of the linear map that classic
 * map_lowmem() loses at a sub-page region edge.
 */
const char *setup_unbootable(const struct mm_setup *s);

/*
 * The same for a boot that goes on to /init: also an initrd outside lowmem
 * (unpack_to_rootfs reads it through the linear map) or over swapper_pg_dir
 * or a CMA pool (free_initrd_mem frees them).
 */
const char *setup_unbootable_to_init(const struct mm_setup *s);

#endif
