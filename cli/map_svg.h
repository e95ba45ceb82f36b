/*
 * The SVG of a machine map: the physical map (three lanes: memory,
 * reservations, zones; arm_lowmem_limit as a dashed line) beside the
 * virtual layout, every boundary labelled with its address.  Sizes are not
 * linear: each interval between two boundaries gets a height that grows with
 * the logarithm of its size, so a 4 KiB vectors page and 3 GiB of user space
 * are both readable; high addresses are at the top.
 */
#ifndef CLI_MAP_SVG_H
#define CLI_MAP_SVG_H

#include <stdio.h>

#include "machine_map.h"

void map_svg_write(FILE *out, const struct machine_map *m);

#endif
