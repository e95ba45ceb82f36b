/* See value_pick.h; the tables are part of the documented input format. */
#include "value_pick.h"

#include "mm_types.h"

/* Bases seen on real ARM boards, 4 GiB and 40-bit edges, and low landmarks. */
static const uint64_t addr_table[32] = {
	0x00000000, 0x10000000, 0x20000000, 0x30000000,
	0x40000000, 0x50000000, 0x60000000, 0x70000000,
	0x80000000, 0x90000000, 0xa0000000, 0xc0000000,
	0xe0000000, 0xf0000000, 0xfff00000, 0xfffff000,
	0x100000000ULL, 0x200000000ULL, 0x400000000ULL, 0x800000000ULL,
	0x880000000ULL, 0x8000000000ULL, 0xff00000000ULL, 0x10000000000ULL,
	0x00200000, 0x00800000, 0x01000000, 0x04000000,
	0x08000000, 0x48000000, 0xffffffff, 0xffffffffffffffffULL,
};

/* Page, section, 2 MiB and pageblock multiples, their off-by-one neighbours, and overflow edges. */
static const uint64_t size_table[32] = {
	0, 1, 0xfff, 0x1000,
	0x1001, 0x2000, 0x10000, 0x100000,
	0x1ff000, 0x200000, 0x201000, 0x400000,
	0x800000, 0x1000000, 0x2000000, 0x4000000,
	0x8000000, 0x10000000, 0x20000000, 0x30000000,
	0x40000000, 0x7ffff000, 0x80000000, 0xc0000000,
	0xfffff000, 0xffffffff, 0x100000000ULL, 0x180000000ULL,
	0x200000000ULL, 0x400000000ULL, 0xfffffffffffff000ULL, 0xffffffffffffffffULL,
};

static const uint64_t addr_grid[4] = { SZ_4K, 0x10000, SZ_1M, SZ_2M };
static const uint64_t size_grid[4] = { SZ_4K, 0x10000, SZ_1M, SZ_8M };

void vp_init(struct value_picker *vp, uint64_t anchor)
{
	for (int i = 0; i < VP_RECENT; i++) {
		vp->recent_addr[i] = anchor;
		vp->recent_size[i] = size_table[3 + i];
	}
	vp->addr_pos = 0;
	vp->size_pos = 0;
}

static void push_addr(struct value_picker *vp, uint64_t a)
{
	vp->recent_addr[vp->addr_pos++ % VP_RECENT] = a;
}

void vp_note_range(struct value_picker *vp, uint64_t base, uint64_t size)
{
	push_addr(vp, base);
	if (size) {
		push_addr(vp, base + size);
		vp->recent_size[vp->size_pos++ % VP_RECENT] = size;
	}
}

static uint64_t signed_step(struct byte_reader *br, uint64_t grid)
{
	return (uint64_t)(int64_t)(int8_t)br_u8(br) * grid;
}

uint64_t vp_addr(struct value_picker *vp, struct byte_reader *br)
{
	uint8_t sel = br_u8(br);
	unsigned a = sel & 31;

	switch (sel >> 5) {
	case 0:
		return addr_table[a];
	case 1:
		return vp->recent_addr[a & 7] + (a >> 3);
	case 2:
		return vp->recent_addr[a & 7] + signed_step(br, addr_grid[a >> 3]);
	case 3:
		return addr_table[a] + (uint64_t)br_u8(br) * SZ_1M;
	case 4:
		return br_u32(br);
	case 5:
		return br_u64(br);
	case 6:
		return (uint64_t)br_u16(br) << (12 + a % 24);
	default:
		return addr_table[a] + signed_step(br, SZ_4K);
	}
}

uint64_t vp_size(struct value_picker *vp, struct byte_reader *br)
{
	uint8_t sel = br_u8(br);
	unsigned a = sel & 31;
	uint64_t x, y;

	switch (sel >> 5) {
	case 0:
		return size_table[a];
	case 1:
		return vp->recent_size[a & 7] + (a >> 3);
	case 2:
		return ((uint64_t)br_u8(br) + 1) * size_grid[a >> 3];
	case 3:
		return size_table[a] + signed_step(br, SZ_4K);
	case 4:
		return br_u32(br);
	case 5:
		return br_u64(br);
	case 6:
		return (uint64_t)br_u16(br) << a;
	default:
		/* The distance between two remembered addresses: exact adjacency. */
		x = vp->recent_addr[a & 7];
		y = vp->recent_addr[br_u8(br) & 7];
		return x > y ? x - y : y - x;
	}
}

uint64_t vp_align(struct byte_reader *br)
{
	unsigned k = br_u8(br) % 33;

	return k ? 1ULL << (k - 1) : 0;
}

int vp_nid(struct byte_reader *br)
{
	return (int)(br_u8(br) % 4) - 1;
}
