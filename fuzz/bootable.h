/*
 * Which booted machines a real kernel survives: the layout and page_alloc
 * targets refuse the others, whose later corruption would be the input's
 * fault, not the model's.
 */
#ifndef FUZZ_BOOTABLE_H
#define FUZZ_BOOTABLE_H

#include "setup.h"

/*
 * NULL for a machine the kernel survives, else why not: the image outside
 * RAM below 4 GiB or outside lowmem, RAM or a CMA area below PHYS_OFFSET,
 * a CMA area over the image or over addresses that are not RAM, two
 * CMA areas that overlap, a CMA area over a no-map region, an image whose
 * last section ends at 4 GiB, a section of the linear map that classic
 * map_lowmem() loses at a sub-page region edge, or
 * reserved-memory cleanup that released the kernel's own reservations or
 * part of a CMA pool.
 */
const char *setup_unbootable(const struct mm_setup *s);

#endif
