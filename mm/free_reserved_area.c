/*
 * Handing reserved boot memory to the buddy allocator after boot (Linux
 * v6.1 mm/page_alloc.c free_reserved_area, free_reserved_page,
 * adjust_managed_page_count): the initrd and the kernel's init sections.
 *
 * The poison written over the pages is not modelled.  Departure: a page
 * that has no struct page or is not PageReserved panics the model; the
 * kernel would free it all the same and corrupt its lists (an initrd
 * outside lowmem, read back through a __va() that wrapped).
 */
#include "boot_mem.h"
#include "page_alloc_internal.h"

#include "mm_errno.h"
#include "printk.h"

long free_reserved_area(struct mm_kernel *k, uint32_t start, uint32_t end, const char *s)
{
	const struct arm_layout *l = &k->setup->layout;
	long pages = 0;

	start = (start + (uint32_t)PAGE_SIZE - 1) & (uint32_t)PAGE_MASK;
	end &= (uint32_t)PAGE_MASK;
	for (uint32_t pos = start; pos < end; pos += (uint32_t)PAGE_SIZE, pages++) {
		unsigned long pfn = (unsigned long)PFN_DOWN(layout_va_to_pa(l, pos));	/* virt_to_page */
		struct page *page = memmap_has_page(&k->memmap, pfn) ? pfn_page(k, pfn) : NULL;

		if (!page || !PageReserved(page)) {
			mm_printk(k->log, "Kernel panic - not syncing: model: freeing %s memory: pfn 0x%lx is not a reserved page\n",
				  s, pfn);
			return -MM_EPANIC;
		}
		/* free_reserved_page() */
		page->flags &= ~(1u << PG_reserved);
		set_page_count(page, 1);
		__free_pages(k, page, 0);
		adjust_managed_page_count(k, page, 1);
	}
	if (pages)
		mm_printk(k->log, "Freeing %s memory: %ldK\n", s, pages << (PAGE_SHIFT - 10));
	return pages;
}
