/*
 * See percpu.h.  Linux v6.1 mm/percpu.c, with ARM's choices: no NUMA
 * (one group holding every possible CPU), atom_size PAGE_SIZE, so one unit
 * per allocation and unit_size the page-rounded sum of the three areas.
 */
#include "percpu.h"

#include "bugs.h"
#include "mm_errno.h"

#define PCPU_MIN_UNIT_SIZE (32 << 10)
#define PERCPU_DYNAMIC_EARLY_SIZE (12 << 10)
#define PCPU_MIN_ALLOC_SIZE 4
#define PCPU_BITMAP_BLOCK_BITS (PAGE_SIZE / PCPU_MIN_ALLOC_SIZE)
#define PCPU_SLOT_BASE_SHIFT 5
#define PCPU_BLOCK_MD_SIZE 32		/* struct pcpu_block_md: eight ints */
/* struct pcpu_alloc_info without its groups, and one struct pcpu_group_info */
#define PCPU_ALLOC_INFO_SIZE 32
#define PCPU_GROUP_INFO_SIZE 12

static phys_addr_t pfn_align(phys_addr_t x)
{
	return MM_ALIGN_UP(x, PAGE_SIZE);
}

static unsigned long bits_to_longs(unsigned long bits)
{
	return (bits + 31) / 32;
}

static int fls_ul(unsigned long x)
{
	return x ? 32 - __builtin_clz((unsigned int)x) : 0;
}

static int failed(struct memblock *mb, const char *func, phys_addr_t size)
{
	mm_printk(mb->log, "Kernel panic - not syncing: %s: Failed to allocate %llu bytes\n", func,
		  (unsigned long long)size);
	return -MM_EPANIC;
}

static phys_addr_t alloc(struct memblock *mb, enum call_site cs, phys_addr_t size, phys_addr_t align)
{
	memblock_set_caller(mb, cs);
	return memblock_alloc(mb, size, align);
}

static void release(struct memblock *mb, enum call_site cs, phys_addr_t pa, phys_addr_t size)
{
	memblock_set_caller(mb, cs);
	memblock_free(mb, memblock_virt(mb, pa), size);
}

/* pcpu_alloc_first_chunk(): the chunk serving [base + offset, + map_size), page-rounded. */
static int alloc_first_chunk(struct memblock *mb, const struct kernel_build *b, unsigned int offset,
			     unsigned int map_size)
{
	unsigned int start_offset = offset & (PAGE_SIZE - 1);
	unsigned long nr_pages = (unsigned long)(pfn_align(start_offset + map_size) >> PAGE_SHIFT);
	unsigned long bits = nr_pages * PCPU_BITMAP_BLOCK_BITS;
	const phys_addr_t sizes[4] = {
		b->pcpu_chunk_size + bits_to_longs(nr_pages) * 4,	/* chunk + populated */
		bits_to_longs(bits) * 4,				/* alloc_map */
		bits_to_longs(bits + 1) * 4,				/* bound_map */
		nr_pages * PCPU_BLOCK_MD_SIZE,				/* md_blocks */
	};
	static const enum call_site sites[4] = { CS_PCPU_CHUNK, CS_PCPU_ALLOC_MAP, CS_PCPU_BOUND_MAP,
						 CS_PCPU_MD_BLOCKS };

	for (int i = 0; i < 4; i++)
		if (!alloc(mb, sites[i], sizes[i], SMP_CACHE_BYTES))
			return failed(mb, "pcpu_alloc_first_chunk", sizes[i]);
	return 0;
}

/* pcpu_dump_alloc_info(): one group, one unit per allocation, eight allocations a line. */
static void dump_alloc_info(struct memblock *mb, const struct pcpu_first_chunk *fc)
{
	mm_printk(mb->log, "pcpu-alloc: s%u r%u d%u u%u alloc=%u*%u\n", fc->static_size,
		  fc->reserved_size, fc->dyn_size, fc->unit_size, fc->unit_size / (unsigned int)PAGE_SIZE,
		  (unsigned int)PAGE_SIZE);
	for (unsigned int unit = 0; unit < fc->nr_units; unit++)
		mm_printk(mb->log, "%s[0] %u %s", unit % 8 ? "" : "pcpu-alloc: ", unit,
			  unit % 8 == 7 || unit + 1 == fc->nr_units ? "\n" : "");
}

/* pcpu_setup_first_chunk() */
static int setup_first_chunk(struct memblock *mb, const struct kernel_build *b,
			     const struct pcpu_first_chunk *fc)
{
	const phys_addr_t sizes[4] = { 4, 4, 4 * fc->nr_units, 4 * fc->nr_units };
	static const enum call_site sites[4] = { CS_PCPU_GROUP_OFFSETS, CS_PCPU_GROUP_SIZES,
						 CS_PCPU_UNIT_MAP, CS_PCPU_UNIT_OFF };
	unsigned int static_size = (fc->static_size + PCPU_MIN_ALLOC_SIZE - 1) & ~(PCPU_MIN_ALLOC_SIZE - 1u);
	unsigned int dyn_size = fc->dyn_size - (static_size - fc->static_size);
	int nr_slots = fls_ul(fc->unit_size) - PCPU_SLOT_BASE_SHIFT + 2;
	int ret;

	for (int i = 0; i < 4; i++)
		if (!alloc(mb, sites[i], sizes[i], SMP_CACHE_BYTES))
			return failed(mb, "pcpu_setup_first_chunk", sizes[i]);
	dump_alloc_info(mb, fc);
	/* the active slots, then the sidelined, free and to-depopulate ones; a list_head each */
	nr_slots = (nr_slots > 1 ? nr_slots : 1) + 4;
	if (!alloc(mb, CS_PCPU_CHUNK_LISTS, (phys_addr_t)nr_slots * 8, SMP_CACHE_BYTES))
		return failed(mb, "pcpu_setup_first_chunk", (phys_addr_t)nr_slots * 8);
	ret = alloc_first_chunk(mb, b, static_size, fc->reserved_size);
	if (!ret)
		ret = alloc_first_chunk(mb, b, static_size + fc->reserved_size, dyn_size);
	return ret;
}

static int init_failed(struct memblock *mb)
{
	mm_printk(mb->log, "Kernel panic - not syncing: Failed to initialize percpu areas.\n");
	return -MM_EPANIC;
}

int setup_per_cpu_areas(struct memblock *mb, const struct kernel_build *b, unsigned int nr_cpus,
			phys_addr_t goal, struct pcpu_first_chunk *fc)
{
	unsigned int dyn = PERCPU_DYNAMIC_RESERVE > PERCPU_DYNAMIC_EARLY_SIZE ?
			   PERCPU_DYNAMIC_RESERVE : PERCPU_DYNAMIC_EARLY_SIZE;
	phys_addr_t size_sum, ai_size, areas_size = pfn_align(sizeof(uint32_t)), ai, areas;

	/* pcpu_build_alloc_info() */
	*fc = (struct pcpu_first_chunk){ .static_size = b->percpu_static_size,
					 .reserved_size = PERCPU_MODULE_RESERVE, .nr_units = nr_cpus };
	size_sum = pfn_align((phys_addr_t)fc->static_size + fc->reserved_size + dyn);
	fc->dyn_size = (unsigned int)size_sum - fc->static_size - fc->reserved_size;
	fc->unit_size = (unsigned int)(size_sum > PCPU_MIN_UNIT_SIZE ? size_sum : PCPU_MIN_UNIT_SIZE);
	ai_size = pfn_align(PCPU_ALLOC_INFO_SIZE + PCPU_GROUP_INFO_SIZE + 4 * nr_cpus);
	ai = alloc(mb, CS_PCPU_ALLOC_INFO, ai_size, PAGE_SIZE);
	if (!ai)
		return init_failed(mb);

	/* pcpu_embed_first_chunk() */
	areas = alloc(mb, CS_PCPU_AREAS, areas_size, SMP_CACHE_BYTES);
	if (!areas) {
		release(mb, CS_PCPU_FREE_ALLOC_INFO, ai, ai_size);
		return init_failed(mb);
	}
	memblock_set_caller(mb, CS_PCPU_FC_ALLOC);
	fc->base = memblock_alloc_from(mb, (phys_addr_t)nr_cpus * fc->unit_size, PAGE_SIZE, goal);
	if (!fc->base) {
		release(mb, CS_PCPU_FREE_ALLOC_INFO, ai, ai_size);
		release(mb, CS_PCPU_FREE_AREAS, areas, areas_size);
		return init_failed(mb);
	}
	for (unsigned int i = 0; i < nr_cpus; i++)
		release(mb, CS_PCPU_FC_FREE, fc->base + (phys_addr_t)i * fc->unit_size + size_sum,
			mm_bug_on(MM_BUG_PCPU_FREES_WHOLE_UNIT) ? fc->unit_size : fc->unit_size - size_sum);
	mm_printk(mb->log, "percpu: Embedded %u pages/cpu s%u r%u d%u u%u\n",
		  (unsigned int)(size_sum >> PAGE_SHIFT), fc->static_size, fc->reserved_size,
		  fc->dyn_size, fc->unit_size);
	if (setup_first_chunk(mb, b, fc) < 0)
		return -MM_EPANIC;
	release(mb, CS_PCPU_FREE_ALLOC_INFO, ai, ai_size);
	release(mb, CS_PCPU_FREE_AREAS, areas, areas_size);
	return 0;
}
