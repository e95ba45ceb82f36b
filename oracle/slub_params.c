/*
 * SLUB's boot parameters read from the command line the harness booted
 * with (v6.1 mm/slub.c setup_slub_debug, parse_slub_debug_flags,
 * kmem_cache_flags, setup_slub_max_order, setup_slub_min_objects;
 * mm/slab_common.c slab_nomerge), written again from those functions'
 * rules so that the oracle shares no parser with the model.
 */
#include "slub_params.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEBUG_DEFAULT (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define BUDDY_ORDERS 12

/* One block "<letters>[,<slab list>]": its flags, and where its list starts (NULL: none). */
static const char *block_flags(const char *p, slab_flags_t *flags, bool *o)
{
	*flags = *p == ',' ? DEBUG_DEFAULT : 0;
	for (; *p && *p != ',' && *p != ';'; p++)
		switch (tolower((unsigned char)*p)) {
		case '-':
			*flags = 0;
			break;
		case 'f':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			*flags |= SLAB_POISON;
			break;
		case 'u':
			*flags |= SLAB_STORE_USER;
			break;
		case 't':
			*flags |= SLAB_TRACE;
			break;
		case 'o':
			*o = true;
			break;
		default:		/* 'a' (failslab) is not built; unknown letters are skipped */
			break;
		}
	return *p == ',' ? p + 1 : NULL;
}

/* slub_debug[=blocks]: blocks without a list set the global flags, blocks with one only their slabs. */
static void parse_debug(const char *arg, size_t len, struct slub_options *o)
{
	char buf[sizeof(o->blocks)];
	bool global_set = false, lists = false;
	slab_flags_t flags;

	o->debug = DEBUG_DEFAULT;
	o->blocks[0] = '\0';
	if (len < 2 || arg[0] != '=')
		return;
	snprintf(buf, sizeof(buf), "%.*s", (int)(len - 1), arg + 1);
	for (const char *p = buf; *p;) {
		const char *list;

		while (*p == ';')
			p++;
		if (!*p)
			break;
		list = block_flags(p, &flags, &o->params.disable_higher_order_debug);
		if (list) {
			lists = true;
		} else {
			o->debug = flags;
			global_set = true;
		}
		p += strcspn(p, ";");
	}
	if (lists) {
		if (!global_set)
			o->debug = 0;
		memcpy(o->blocks, buf, sizeof(buf));
	}
}

static bool param(const char *tok, size_t len, const char *name, const char **val)
{
	size_t n = strlen(name);

	if (len < n || strncmp(tok, name, n))
		return false;
	*val = tok + n;
	return true;
}

void slub_parse_cmdline(const char *cmdline, struct slub_options *o)
{
	const char *p = cmdline ? cmdline : "", *val;

	*o = (struct slub_options){ .params = { .max_order = 3 } };
	while (*p) {
		size_t len;

		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (param(p, len, "slub_debug", &val))
			parse_debug(val, len - (size_t)(val - p), o);
		else if (param(p, len, "slub_max_order=", &val))
			o->params.max_order = (unsigned)strtoul(val, NULL, 0) < BUDDY_ORDERS - 1 ?
					      (unsigned)strtoul(val, NULL, 0) : BUDDY_ORDERS - 1;
		else if (param(p, len, "slub_min_objects=", &val))
			o->params.min_objects = (unsigned)strtoul(val, NULL, 0);
		else if ((len == 12 && !strncmp(p, "slab_nomerge", 12)) || (len == 12 && !strncmp(p, "slub_nomerge", 12)))
			o->nomerge = true;
		else if (len == 10 && (!strncmp(p, "slab_merge", 10) || !strncmp(p, "slub_merge", 10)))
			o->nomerge = false;
		p += len;
	}
}

/* A list item names the cache: exactly, or up to its '*'. */
static bool names(const char *item, size_t len, const char *name)
{
	const char *star = memchr(item, '*', len);

	if (star)
		return !strncmp(name, item, (size_t)(star - item));
	return strlen(name) == len && !strncmp(name, item, len);
}

slab_flags_t slub_debug_flags(const struct slub_options *o, const char *name, slab_flags_t flags)
{
	slab_flags_t debug = o->debug, block;
	bool unused = false;

	if (flags & SLAB_NO_USER_FLAGS)
		return flags;
	if (flags & SLAB_NOLEAKTRACE)
		debug &= ~SLAB_STORE_USER;
	for (const char *p = o->blocks; *p;) {
		const char *list;

		while (*p == ';')
			p++;
		list = *p ? block_flags(p, &block, &unused) : NULL;
		p += strcspn(p, ";");
		while (list && list < p) {
			size_t n = strcspn(list, ",;");

			if (names(list, n, name))
				return flags | block;
			list += n + (list[n] == ',');
		}
	}
	return flags | debug;
}
