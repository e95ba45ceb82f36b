/*
 * SLUB debugging (Linux v6.1 mm/slub.c under CONFIG_SLUB_DEBUG:
 * parse_slub_debug_flags, setup_slub_debug, kmem_cache_flags,
 * check_valid_pointer, print_section, set_track, init_tracking,
 * print_track, print_tracking, print_slab_info, set_orig_size, slab_bug,
 * slab_fix, print_trailer, object_err, slab_err, init_object,
 * restore_bytes, check_bytes_and_report, check_pad_bytes, slab_pad_check,
 * check_object, check_slab, on_freelist, setup_object_debug,
 * setup_slab_debug, alloc_debug_processing, free_consistency_checks,
 * free_debug_processing, list_slab_objects; kernel/panic.c
 * print_tainted; lib/hexdump.c print_hex_dump; the WARN and BUG report
 * lines of kernel/panic.c __warn and arch/arm die()).
 *
 * Reports go to the log in the kernel's words and bump slub.nr_reports
 * (slub.last_report keeps the headline), never stopping the host.
 * Departures: pointers print unhashed (as no_hash_pointers, which
 * slub_debug= turns on, prints them); %pS prints the model's caller name
 * (kmalloc, kfree, ...) without an offset; stack traces (dump_stack, the
 * stack depot's) and the oops register dump are not printed; the WARNING
 * line names the function without an offset.
 */
#include "slab_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bugs.h"
#include "page_alloc_internal.h"
#include "printk.h"

static const char *const caller_names[NR_SLAB_CALLERS] = {
	[SLAB_CALLER_NONE] = "?",
	[SLAB_CALLER_KMEM_CACHE_ALLOC] = "kmem_cache_alloc",
	[SLAB_CALLER_KMALLOC] = "kmalloc",
	[SLAB_CALLER_KMEM_CACHE_FREE] = "kmem_cache_free",
	[SLAB_CALLER_KFREE] = "kfree",
};

static const char taint_true[] = "PFSRMBUDAWCIOELKXTN";
#define TAINT_DIE 7

/* print_tainted(); TAINT_PROPRIETARY_MODULE's "false" letter is G, the others a space. */
static const char *print_tainted(const struct mm_kernel *k, char buf[32])
{
	if (!k->slub.tainted)
		return "Not tainted";
	memcpy(buf, "Tainted: ", 9);
	for (int i = 0; i < 19; i++)
		buf[9 + i] = (k->slub.tainted >> i) & 1 ? taint_true[i] : (i ? ' ' : 'G');
	buf[28] = '\0';
	return buf;
}

static void add_taint(struct mm_kernel *k, int flag)
{
	k->slub.tainted |= 1UL << flag;
}

static void note_report(struct mm_kernel *k, const char *headline)
{
	size_t n = strlen(headline);

	if (n > sizeof(k->slub.last_report) - 1)
		n = sizeof(k->slub.last_report) - 1;
	k->slub.nr_reports++;
	memcpy(k->slub.last_report, headline, n);
	k->slub.last_report[n] = '\0';
}

static uint8_t raw_byte(const struct mm_kernel *k, uint32_t va)
{
	uint8_t b;

	kmem_raw_read(k, va, &b, 1);
	return b;
}

static bool check_valid_pointer(const struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab,
				uint32_t object)
{
	uint32_t base;

	if (!object)
		return true;
	base = slab_address(k, slab);
	if (s->flags & SLAB_RED_ZONE)
		object -= s->red_left_pad;
	return object >= base && object < base + slab->objects * s->size && (object - base) % s->size == 0;
}

/* print_hex_dump(KERN_ERR, text, DUMP_PREFIX_ADDRESS, 16, 1, addr, length, true) */
static void print_section(struct mm_kernel *k, const char *text, uint32_t addr, unsigned int length)
{
	for (unsigned int i = 0; i < length; i += 16) {
		unsigned int len = length - i < 16 ? length - i : 16;
		uint8_t b[16];
		char line[80];
		int lx = 0;

		kmem_raw_read(k, addr + i, b, len);
		for (unsigned int j = 0; j < len; j++)
			lx += snprintf(line + lx, sizeof(line) - (size_t)lx, j ? " %02x" : "%02x", b[j]);
		while (lx < 49)
			line[lx++] = ' ';
		for (unsigned int j = 0; j < len; j++)
			line[lx++] = isprint(b[j]) ? (char)b[j] : '.';
		line[lx] = '\0';
		mm_printk(k->log, "%s%08x: %s\n", text, addr + i, line);
	}
}

static uint32_t get_track(const struct kmem_cache *s, uint32_t object, enum track_item alloc)
{
	return object + get_info_end(s) + (uint32_t)alloc * TRACK_SIZE;
}

/* The track's handle stands in for the stack depot's (never 0, as a saved stack's is not). */
void set_track(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object, enum track_item alloc,
	       enum slab_caller addr)
{
	uint32_t p = get_track(s, object, alloc);

	kmem_raw_write32(k, p, addr);
	kmem_raw_write32(k, p + 4, 1);
	kmem_raw_write32(k, p + 8, k->slub.cpu);
	kmem_raw_write32(k, p + 12, 0);
	kmem_raw_write32(k, p + 16, (uint32_t)k->slub.jiffies);
}

void init_tracking(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object)
{
	if (s->flags & SLAB_STORE_USER)
		kmem_raw_fill(k, get_track(s, object, TRACK_ALLOC), 0, 2 * TRACK_SIZE);
}

static void print_track(struct mm_kernel *k, const char *what, uint32_t t)
{
	uint32_t addr = kmem_raw_read32(k, t);

	if (!addr)
		return;
	mm_printk(k->log, "%s in %s age=%lu cpu=%u pid=%d\n", what,
		  addr < NR_SLAB_CALLERS ? caller_names[addr] : "?",
		  (unsigned long)((uint32_t)k->slub.jiffies - kmem_raw_read32(k, t + 16)), kmem_raw_read32(k, t + 8),
		  (int)kmem_raw_read32(k, t + 12));
}

void print_tracking(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track(k, "Allocated", get_track(s, object, TRACK_ALLOC));
	print_track(k, "Freed", get_track(s, object, TRACK_FREE));
}

/* %pGp: the value, then the flag names in the kernel's table order and the zone field. */
static void page_flags_string(const struct mm_kernel *k, const struct page *page, char *buf, size_t cap)
{
	static const struct {
		enum pageflags bit;
		const char *name;
	} names[] = {
		{ PG_locked, "locked" }, { PG_waiters, "waiters" }, { PG_error, "error" },
		{ PG_referenced, "referenced" }, { PG_uptodate, "uptodate" }, { PG_dirty, "dirty" },
		{ PG_lru, "lru" }, { PG_active, "active" }, { PG_workingset, "workingset" },
		{ PG_slab, "slab" }, { PG_owner_priv_1, "owner_priv_1" }, { PG_arch_1, "arch_1" },
		{ PG_reserved, "reserved" }, { PG_private, "private" }, { PG_private_2, "private_2" },
		{ PG_writeback, "writeback" }, { PG_head, "head" }, { PG_mappedtodisk, "mappedtodisk" },
		{ PG_reclaim, "reclaim" }, { PG_swapbacked, "swapbacked" }, { PG_unevictable, "unevictable" },
		{ PG_mlocked, "mlocked" },
	};
	size_t n = (size_t)snprintf(buf, cap, "%#x(", page->flags);

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && n < cap; i++)
		if (page->flags & (1u << names[i].bit))
			n += (size_t)snprintf(buf + n, cap - n, "%s|", names[i].name);
	if (n < cap)
		snprintf(buf + n, cap - n, "zone=%d)", (int)page_zonenum(k, page));
}

static void print_slab_info(struct mm_kernel *k, const struct page *slab)
{
	char flags[160];

	page_flags_string(k, slab, flags, sizeof(flags));
	mm_printk(k->log, "Slab 0x%08x objects=%u used=%u fp=0x%08x flags=%s\n",
		  pfn_to_page_virt(&k->memmap, page_pfn(k, slab)), slab->objects, slab->inuse, slab->freelist,
		  flags);
}

static bool slub_debug_orig_size(const struct mm_kernel *k, const struct kmem_cache *s)
{
	return kmem_cache_debug_flags(k, s, SLAB_STORE_USER) && (s->flags & SLAB_KMALLOC);
}

static void set_orig_size(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object, size_t orig_size)
{
	if (slub_debug_orig_size(k, s))
		kmem_raw_write32(k, object + get_info_end(s) + 2 * TRACK_SIZE, (uint32_t)orig_size);
}

static void slab_bug(struct mm_kernel *k, const struct kmem_cache *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void slab_bug(struct mm_kernel *k, const struct kmem_cache *s, const char *fmt, ...)
{
	char msg[160], line[320], taint[32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "BUG %s (%s): %s", s->name, print_tainted(k, taint), msg);
	mm_printk(k->log, "=============================================================================\n");
	mm_printk(k->log, "%s\n", line);
	mm_printk(k->log, "-----------------------------------------------------------------------------\n\n");
	note_report(k, line);
}

static void slab_fix(struct mm_kernel *k, const struct kmem_cache *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void slab_fix(struct mm_kernel *k, const struct kmem_cache *s, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mm_printk(k->log, "FIX %s: %s\n", s->name, msg);
}

static unsigned int size_from_object(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RED_ZONE) ? s->size - s->red_left_pad : s->size;
}

static void print_trailer(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab, uint32_t p)
{
	uint32_t addr = slab_address(k, slab);
	unsigned int off;

	print_tracking(k, s, p);
	print_slab_info(k, slab);
	mm_printk(k->log, "Object 0x%08x @offset=%u fp=0x%08x\n\n", p, p - addr, get_freepointer(k, s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section(k, "Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section(k, "Bytes b4 ", p - 16, 16);
	print_section(k, "Object   ", p, s->object_size < PAGE_SIZE ? s->object_size : (unsigned int)PAGE_SIZE);
	if (s->flags & SLAB_RED_ZONE)
		print_section(k, "Redzone  ", p + s->object_size, s->inuse - s->object_size);
	off = get_info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * TRACK_SIZE;
	if (slub_debug_orig_size(k, s))
		off += 4;
	if (off != size_from_object(s))
		print_section(k, "Padding  ", p + off, size_from_object(s) - off);
}

static void object_err(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab, uint32_t object,
		       const char *reason)
{
	slab_bug(k, s, "%s", reason);
	if (!object || !check_valid_pointer(k, s, slab, object)) {
		print_slab_info(k, slab);
		mm_printk(k->log, "Invalid pointer 0x%08x\n", object);
	} else {
		print_trailer(k, s, slab, object);
	}
	add_taint(k, TAINT_BAD_PAGE);
}

static void slab_err(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void slab_err(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab, const char *fmt, ...)
{
	char buf[100];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	slab_bug(k, s, "%s", buf);
	print_slab_info(k, slab);
	add_taint(k, TAINT_BAD_PAGE);
}

void init_object(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object, uint8_t val)
{
	if (s->flags & SLAB_RED_ZONE)
		kmem_raw_fill(k, object - s->red_left_pad, val, s->red_left_pad);
	if (s->flags & __OBJECT_POISON) {
		kmem_raw_fill(k, object, POISON_FREE, s->object_size - 1);
		kmem_raw_fill(k, object + s->object_size - 1, POISON_END, 1);
	}
	if (s->flags & SLAB_RED_ZONE) {
		unsigned int right = s->inuse - s->object_size;

		if (val == SLUB_RED_ACTIVE && right && mm_bug_on(MM_BUG_SLUB_REDZONE_SHORT))
			right--;
		kmem_raw_fill(k, object + s->object_size, val, right);
	}
}

static void restore_bytes(struct mm_kernel *k, const struct kmem_cache *s, const char *message, uint8_t data,
			  uint32_t from, uint32_t to)
{
	slab_fix(k, s, "Restoring %s 0x%08x-0x%08x=0x%x", message, from, to - 1, data);
	kmem_raw_fill(k, from, data, to - from);
}

static int check_bytes_and_report(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab,
				  uint32_t object, const char *what, uint32_t start, uint8_t value,
				  unsigned int bytes)
{
	uint32_t fault = kmem_raw_find_not(k, start, value, bytes), end = start + bytes;

	if (!fault)
		return 1;
	while (end > fault && raw_byte(k, end - 1) == value)
		end--;
	slab_bug(k, s, "%s overwritten", what);
	mm_printk(k->log, "0x%08x-0x%08x @offset=%u. First byte 0x%x instead of 0x%x\n", fault, end - 1,
		  fault - slab_address(k, slab), raw_byte(k, fault), value);
	print_trailer(k, s, slab, object);
	add_taint(k, TAINT_BAD_PAGE);
	restore_bytes(k, s, what, value, fault, end);
	return 0;
}

static int check_pad_bytes(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab, uint32_t p)
{
	unsigned int off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER) {
		off += 2 * TRACK_SIZE;
		if (s->flags & SLAB_KMALLOC)
			off += 4;
	}
	if (size_from_object(s) == off)
		return 1;
	return check_bytes_and_report(k, s, slab, p, "Object padding", p + off, POISON_INUSE,
				      size_from_object(s) - off);
}

void slab_pad_check(struct mm_kernel *k, struct kmem_cache *s, struct page *slab)
{
	uint32_t start, end, pad, fault;
	unsigned int length, remainder;

	if (!(s->flags & SLAB_POISON))
		return;
	start = slab_address(k, slab);
	length = (unsigned int)(PAGE_SIZE << slab_order(slab));
	end = start + length;
	remainder = length % s->size;
	if (!remainder)
		return;
	pad = end - remainder;
	fault = kmem_raw_find_not(k, pad, POISON_INUSE, remainder);
	if (!fault)
		return;
	while (end > fault && raw_byte(k, end - 1) == POISON_INUSE)
		end--;
	slab_err(k, s, slab, "Padding overwritten. 0x%08x-0x%08x @offset=%u", fault, end - 1, fault - start);
	print_section(k, "Padding ", pad, remainder);
	restore_bytes(k, s, "slab padding", POISON_INUSE, fault, end);
}

int check_object(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object, uint8_t val)
{
	uint32_t endobject = object + s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes_and_report(k, s, slab, object, "Left Redzone", object - s->red_left_pad, val,
					    s->red_left_pad))
			return 0;
		if (!check_bytes_and_report(k, s, slab, object, "Right Redzone", endobject, val,
					    s->inuse - s->object_size))
			return 0;
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		check_bytes_and_report(k, s, slab, object, "Alignment padding", endobject, POISON_INUSE,
				       s->inuse - s->object_size);
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON) &&
		    (!check_bytes_and_report(k, s, slab, object, "Poison", object, POISON_FREE, s->object_size - 1) ||
		     !check_bytes_and_report(k, s, slab, object, "End Poison", endobject - 1, POISON_END, 1)))
			return 0;
		check_pad_bytes(k, s, slab, object);
	}
	/* an allocated object's free pointer word may be the user's data */
	if (!freeptr_outside_object(s) && val == SLUB_RED_ACTIVE)
		return 1;
	if (!check_valid_pointer(k, s, slab, get_freepointer(k, s, object))) {
		object_err(k, s, slab, object, "Freepointer corrupt");
		set_freepointer(k, s, object, 0);
		return 0;
	}
	return 1;
}

static int check_slab(struct mm_kernel *k, struct kmem_cache *s, struct page *slab)
{
	unsigned int maxobj;

	if (!PageSlab(slab)) {
		slab_err(k, s, slab, "Not a valid slab page");
		return 0;
	}
	maxobj = order_objects(slab_order(slab), s->size);
	if (slab->objects > maxobj) {
		slab_err(k, s, slab, "objects %u > max %u", slab->objects, maxobj);
		return 0;
	}
	if (slab->inuse > slab->objects) {
		slab_err(k, s, slab, "inuse %u > max %u", slab->inuse, slab->objects);
		return 0;
	}
	if (slab->frozen) {
		slab_err(k, s, slab, "Slab disabled since SLUB metadata consistency check failed");
		return 0;
	}
	slab_pad_check(k, s, slab);
	return 1;
}

/* Is search on the slab's freelist?  Also recounts inuse, fixing what disagrees. */
static int on_freelist(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t search)
{
	uint32_t fp = slab->freelist, object = 0;
	unsigned int max_objects;
	int nr = 0;

	while (fp && nr <= (int)slab->objects) {
		if (fp == search)
			return 1;
		if (!check_valid_pointer(k, s, slab, fp)) {
			if (object) {
				object_err(k, s, slab, object, "Freechain corrupt");
				set_freepointer(k, s, object, 0);
			} else {
				slab_err(k, s, slab, "Freepointer corrupt");
				slab->freelist = 0;
				slab->inuse = slab->objects;
				slab_fix(k, s, "Freelist cleared");
				return 0;
			}
			break;
		}
		object = fp;
		fp = get_freepointer(k, s, object);
		nr++;
	}
	max_objects = order_objects(slab_order(slab), s->size);
	if (max_objects > MAX_OBJS_PER_PAGE)
		max_objects = MAX_OBJS_PER_PAGE;
	if (slab->objects != max_objects) {
		slab_err(k, s, slab, "Wrong number of objects. Found %d but should be %d", slab->objects,
			 max_objects);
		slab->objects = max_objects;
		slab_fix(k, s, "Number of objects adjusted");
	}
	if ((int)slab->inuse != (int)slab->objects - nr) {
		slab_err(k, s, slab, "Wrong object count. Counter is %d but counted were %d", slab->inuse,
			 (int)slab->objects - nr);
		slab->inuse = (unsigned int)((int)slab->objects - nr);
		slab_fix(k, s, "Object count adjusted");
	}
	return search == 0;
}

static void trace(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab, uint32_t object,
		  bool alloc)
{
	if (!(s->flags & SLAB_TRACE))
		return;
	mm_printk(k->log, "TRACE %s %s 0x%08x inuse=%d fp=0x%08x\n", s->name, alloc ? "alloc" : "free", object,
		  slab->inuse, slab->freelist);
	if (!alloc)
		print_section(k, "Object ", object, s->object_size);
}

void setup_object_debug(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object)
{
	if (!kmem_cache_debug_flags(k, s, SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON))
		return;
	init_object(k, s, object, SLUB_RED_INACTIVE);
	init_tracking(k, s, object);
}

void setup_slab_debug(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab)
{
	if (kmem_cache_debug_flags(k, s, SLAB_POISON))
		kmem_raw_fill(k, slab_address(k, slab), POISON_INUSE, (size_t)(PAGE_SIZE << slab_order(slab)));
}

bool alloc_debug_processing(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object,
			    size_t orig_size)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(k, s, slab))
			goto bad;
		if (!check_valid_pointer(k, s, slab, object)) {
			object_err(k, s, slab, object, "Freelist Pointer check fails");
			goto bad;
		}
		if (!check_object(k, s, slab, object, SLUB_RED_INACTIVE))
			goto bad;
	}
	trace(k, s, slab, object, true);
	set_orig_size(k, s, object, orig_size);
	init_object(k, s, object, SLUB_RED_ACTIVE);
	return true;
bad:
	/* the slab is taken out of use: every object counts as used, none is handed out again */
	if (PageSlab(slab)) {
		slab_fix(k, s, "Marking all objects used");
		slab->inuse = slab->objects;
		slab->freelist = 0;
		slab->frozen = 1;
	}
	return false;
}

static int free_consistency_checks(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object)
{
	if (!check_valid_pointer(k, s, slab, object)) {
		slab_err(k, s, slab, "Invalid object pointer 0x%08x", object);
		return 0;
	}
	if (on_freelist(k, s, slab, object)) {
		object_err(k, s, slab, object, "Object already free");
		return 0;
	}
	if (!check_object(k, s, slab, object, SLUB_RED_ACTIVE))
		return 0;
	if (s != slab->slab_cache) {
		if (!PageSlab(slab))
			slab_err(k, s, slab, "Attempt to free object(0x%08x) outside of slab", object);
		else if (!slab->slab_cache)
			mm_printk(k->log, "SLUB <none>: no slab for object 0x%08x.\n", object);
		else
			object_err(k, s, slab, object, "page slab pointer corrupt.");
		return 0;
	}
	return 1;
}

bool free_debug_processing(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object,
			   enum slab_caller addr)
{
	bool checks_ok = false;

	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !check_slab(k, s, slab))
		goto out;
	if (slab->inuse < 1) {
		slab_err(k, s, slab, "Slab has %d allocated objects but %d are to be freed\n", slab->inuse, 1);
		goto out;
	}
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !free_consistency_checks(k, s, slab, object))
		goto out;
	if (s->flags & SLAB_STORE_USER)
		set_track(k, s, object, TRACK_FREE, addr);
	trace(k, s, slab, object, false);
	init_object(k, s, object, SLUB_RED_INACTIVE);
	checks_ok = true;
out:
	if (!checks_ok)
		slab_fix(k, s, "Object at 0x%08x not freed", object);
	return checks_ok;
}

/* Shutdown with objects left: the slab, then every allocated object and its tracks. */
void list_slab_objects(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, const char *text)
{
	uint32_t addr = slab_address(k, slab);
	uint8_t free_map[MAX_OBJS_PER_PAGE / 8 + 1] = { 0 };
	unsigned int n = 0;

	slab_err(k, s, slab, text, s->name);
	for (uint32_t p = slab->freelist; p && n++ <= slab->objects; p = get_freepointer(k, s, p)) {
		uint32_t idx = (p - addr) / s->size;

		if (p >= addr && idx < slab->objects)
			free_map[idx / 8] |= (uint8_t)(1u << (idx % 8));
	}
	for (uint32_t i = 0; i < slab->objects; i++) {
		uint32_t p = fixup_red_left(k, s, addr + i * s->size);

		if (free_map[i / 8] & (1u << (i % 8)))
			continue;
		mm_printk(k->log, "Object 0x%08x @offset=%u\n", p, p - addr);
		print_tracking(k, s, p);
	}
}

void slab_warn(struct mm_kernel *k, const char *file_line, const char *func, const char *fmt, ...)
{
	char msg[200], line[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "WARNING: CPU: %u PID: 0 at %s %s", k->slub.cpu, file_line, func);
	mm_printk(k->log, "------------[ cut here ]------------\n%s%s\n---[ end trace 0000000000000000 ]---\n", msg,
		  line);
	add_taint(k, TAINT_WARN);
	note_report(k, msg[0] ? msg : line);
}

void slab_bug_on(struct mm_kernel *k, int line)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "kernel BUG at mm/slub.c:%d!", line);
	mm_printk(k->log, "------------[ cut here ]------------\n%s\nInternal error: Oops - BUG: 0 [#%lu] SMP ARM\n",
		  msg, (k->slub.tainted >> TAINT_DIE & 1) + 1);
	add_taint(k, TAINT_DIE);
	note_report(k, msg);
}

/*
 * One block of slub_debug options ("FZPU,slab1,slab2;..."): the flags, the
 * slab list (NULL when none), and the next block (NULL at the end).
 * init: the boot-time parse, which reports unknown letters and honours O.
 */
static const char *parse_slub_debug_flags(struct mm_kernel *k, const char *str, slab_flags_t *flags,
					  const char **slabs, bool init)
{
	bool higher_order_disable = false;

	while (*str == ';')
		str++;
	if (*str == ',') {
		*flags = DEBUG_DEFAULT_FLAGS;
		goto check_slabs;
	}
	*flags = 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (tolower((unsigned char)*str)) {
		case '-': *flags = 0; break;
		case 'f': *flags |= SLAB_CONSISTENCY_CHECKS; break;
		case 'z': *flags |= SLAB_RED_ZONE; break;
		case 'p': *flags |= SLAB_POISON; break;
		case 'u': *flags |= SLAB_STORE_USER; break;
		case 't': *flags |= SLAB_TRACE; break;
		case 'a': break;	/* SLAB_FAILSLAB: 0 without CONFIG_FAILSLAB */
		case 'o': higher_order_disable = true; break;
		default:
			if (init)
				mm_printk(k->log, "slub_debug option '%c' unknown. skipped\n", *str);
		}
	}
check_slabs:
	*slabs = *str == ',' ? ++str : NULL;
	while (*str && *str != ';')
		str++;
	while (*str == ';')
		str++;
	if (init && higher_order_disable)
		k->slub.disable_higher_order_debug = true;
	return *str ? str : NULL;
}

/* str: what follows "slub_debug" in the parameter ("" or "=FZ,kmalloc-64;U"). */
void setup_slub_debug(struct mm_kernel *k, const char *str)
{
	struct slub *sl = &k->slub;
	slab_flags_t flags, global_flags = DEBUG_DEFAULT_FLAGS;
	bool global_changed = false, list_specified = false;
	const char *slab_list;

	if (*str++ == '=' && *str) {
		const char *saved = str;

		while (str) {
			str = parse_slub_debug_flags(k, str, &flags, &slab_list, true);
			if (!slab_list) {
				global_flags = flags;
				global_changed = true;
			} else {
				list_specified = true;
			}
		}
		/* one flag list with a slab list changes only those slabs */
		if (list_specified) {
			if (!global_changed)
				global_flags = sl->slub_debug;
			snprintf(sl->debug_storage, sizeof(sl->debug_storage), "%s", saved);
			sl->slub_debug_string = sl->debug_storage;
		}
	}
	sl->slub_debug = global_flags;
	sl->slub_debug_enabled = sl->slub_debug || sl->slub_debug_string;
	if (sl->slub_debug & SLAB_POISON)
		mm_printk(k->log, "mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free\n");
}

/* The slub_debug flags for a cache called name: its block's if a slab list names it, else the global ones. */
slab_flags_t kmem_cache_flags(const struct mm_kernel *k, slab_flags_t flags, const char *name)
{
	slab_flags_t block_flags, local = k->slub.slub_debug;
	const char *next_block = k->slub.slub_debug_string, *iter;
	size_t len = strlen(name);

	if (flags & SLAB_NO_USER_FLAGS)
		return flags;
	if (flags & SLAB_NOLEAKTRACE)
		local &= ~SLAB_STORE_USER;
	while (next_block) {
		next_block = parse_slub_debug_flags((struct mm_kernel *)k, next_block, &block_flags, &iter, false);
		if (!iter)
			continue;
		while (*iter) {
			const char *end = strchr(iter, ',');
			const char *glob;
			size_t cmplen;

			if (!end)
				end = iter + strlen(iter);
			if (next_block && next_block < end)
				end = next_block - 1;
			glob = memchr(iter, '*', (size_t)(end - iter));
			cmplen = glob ? (size_t)(glob - iter) : (len > (size_t)(end - iter) ? len : (size_t)(end - iter));
			if (!strncmp(name, iter, cmplen))
				return flags | block_flags;
			if (!*end || *end == ';')
				break;
			iter = end + 1;
		}
	}
	return flags | local;
}
