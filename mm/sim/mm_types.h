/*
 * Basic types shared by every mm/ module.
 *
 * phys_addr_t is always 64 bits wide in the model; the simulated kernel's
 * width (32 bits classic, 64 bits LPAE) is a runtime value carried as
 * phys_max (PHYS_ADDR_MAX of the simulated build).  Modules that take a
 * phys_addr_t argument truncate it to that width, the way a C call to a
 * 32-bit kernel function would.
 */
#ifndef MM_TYPES_H
#define MM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t phys_addr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE ((phys_addr_t)1 << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define SZ_1K 0x400ULL
#define SZ_4K 0x1000ULL
#define SZ_1M 0x100000ULL
#define SZ_2M 0x200000ULL
#define SZ_8M 0x800000ULL
#define SZ_16M 0x1000000ULL
#define SZ_32M 0x2000000ULL
#define SZ_64M 0x4000000ULL
#define SZ_128M 0x8000000ULL
#define SZ_256M 0x10000000ULL
#define SZ_512M 0x20000000ULL
#define SZ_1G 0x40000000ULL
#define SZ_2G 0x80000000ULL
#define SZ_4G 0x100000000ULL

/* PHYS_ADDR_MAX of a classic (32-bit phys_addr_t) and an LPAE build. */
#define PHYS_MAX_32 0xffffffffULL
#define PHYS_MAX_64 0xffffffffffffffffULL

/* L1_CACHE_BYTES / SMP_CACHE_BYTES of Debian's armmp builds. */
#define SMP_CACHE_BYTES 64

#define MM_ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((phys_addr_t)(a) - 1))
#define MM_ALIGN_DOWN(x, a) ((x) & ~((phys_addr_t)(a) - 1))
#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)

#define MM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline bool mm_is_power_of_2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

#endif
