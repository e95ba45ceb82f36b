/*
 * mmfuzz map's picture (cli/machine_map.c, cli/map_svg.c), read back as a
 * person's SVG viewer would: well-formed XML, every region and boundary
 * labelled, addresses ordered on the page, everything inside the canvas.
 * ctest's map_svg_renders renders one with rsvg-convert.
 */
#include <stdbool.h>

#include "describe.h"
#include "machine_map.h"
#include "map_svg.h"
#include "test.h"

#define MAX_TEXTS 1024

struct svg {
	char *doc;
	size_t len;
	double width, height;
	unsigned nr_texts;
	struct { char cls[16]; double x, y; char text[96]; } texts[MAX_TEXTS];
	bool rect_outside;
	unsigned nr_rects;
};

static uint8_t file_buf[64 * 1024];

static size_t load(const char *rel)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", MMFUZZ_SOURCE_DIR, rel);
	f = fopen(path, "rb");
	if (!f)
		return 0;
	n = fread(file_buf, 1, sizeof(file_buf), f);
	fclose(f);
	return n;
}

/* The value of attribute name="..." inside the tag [tag, end), or NULL. */
static const char *attr(const char *tag, const char *end, const char *name, char *out, size_t cap)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), " %s=\"", name);
	p = strstr(tag, key);
	if (!p || p >= end)
		return NULL;
	p += strlen(key);
	snprintf(out, cap, "%.*s", (int)strcspn(p, "\""), p);
	return out;
}

/* Entities decoded; false on a raw '<' or '&' that starts no known entity. */
static bool text_content(const char *p, const char *end, char *out, size_t cap)
{
	static const char *const ents[][2] = { { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" } };
	size_t n = 0;

	while (p < end && n + 1 < cap) {
		if (*p == '&') {
			size_t i;

			for (i = 0; i < 4; i++)
				if (strncmp(p, ents[i][0], strlen(ents[i][0])) == 0)
					break;
			if (i == 4)
				return false;
			out[n++] = ents[i][1][0];
			p += strlen(ents[i][0]);
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	return true;
}

/*
 * A small XML reader: tags must nest and close, attributes are quoted, text
 * holds no raw '<'.  Collects the <svg> size, every <text>, and whether a
 * <rect> leaves the canvas.  Returns false on malformed XML.
 */
static bool parse_svg(struct svg *s)
{
	const char *stack[64];
	size_t stack_len[64];
	int depth = 0;
	const char *p = s->doc;

	if (strncmp(p, "<?xml ", 6) != 0)
		return false;
	p = strstr(p, "?>");
	if (!p)
		return false;
	p += 2;
	while ((p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>');
		char v[64];

		if (!end)
			return false;
		if (p[1] == '/') {
			size_t n = strcspn(p + 2, ">");

			if (depth == 0 || n != stack_len[depth - 1] || strncmp(p + 2, stack[depth - 1], n) != 0)
				return false;
			depth--;
		} else {
			const char *name = p + 1;
			size_t n = strcspn(name, " />");
			bool self_closing = end[-1] == '/';

			for (const char *q = p; q < end; q++)	/* every '=' opens a quoted value */
				if (*q == '=' && q[1] != '"')
					return false;
			if (n == 3 && strncmp(name, "svg", 3) == 0) {
				if (!attr(p, end, "width", v, sizeof(v)))
					return false;
				s->width = atof(v);
				if (!attr(p, end, "height", v, sizeof(v)))
					return false;
				s->height = atof(v);
			} else if (n == 4 && strncmp(name, "rect", 4) == 0) {
				double x = atof(attr(p, end, "x", v, sizeof(v)) ? v : "-1");
				double y = atof(attr(p, end, "y", v, sizeof(v)) ? v : "-1");
				double w = atof(attr(p, end, "width", v, sizeof(v)) ? v : "-1");
				double h = atof(attr(p, end, "height", v, sizeof(v)) ? v : "-1");

				s->nr_rects++;
				if (x < 0 || y < 0 || w < 0 || h < 0 || x + w > s->width || y + h > s->height)
					s->rect_outside = true;
			} else if (n == 4 && strncmp(name, "text", 4) == 0 && s->nr_texts < MAX_TEXTS) {
				const char *close = strstr(end, "</text>");
				const char *lt = strchr(end + 1, '<');

				if (!close || lt != close)
					return false;
				if (!attr(p, end, "class", s->texts[s->nr_texts].cls, sizeof(s->texts[0].cls)))
					s->texts[s->nr_texts].cls[0] = '\0';
				s->texts[s->nr_texts].x = atof(attr(p, end, "x", v, sizeof(v)) ? v : "0");
				s->texts[s->nr_texts].y = atof(attr(p, end, "y", v, sizeof(v)) ? v : "0");
				if (!text_content(end + 1, close, s->texts[s->nr_texts].text,
						  sizeof(s->texts[0].text)))
					return false;
				s->nr_texts++;
			}
			if (!self_closing) {
				if (depth == 64)
					return false;
				stack[depth] = name;
				stack_len[depth++] = n;
			}
		}
		p = end + 1;
	}
	return depth == 0;
}

static bool has_text(const struct svg *s, const char *want)
{
	for (unsigned i = 0; i < s->nr_texts; i++)
		if (strstr(s->texts[i].text, want))
			return true;
	return false;
}

/* Within each column of address labels, higher addresses sit higher on the page. */
static bool addresses_ordered(const struct svg *s)
{
	for (unsigned i = 0; i < s->nr_texts; i++)
		for (unsigned j = 0; j < s->nr_texts; j++) {
			const typeof(s->texts[0]) *a = &s->texts[i], *b = &s->texts[j];

			if (strcmp(a->cls, "addr") || strcmp(b->cls, "addr") || a->x != b->x)
				continue;
			if (strtoull(a->text, NULL, 16) < strtoull(b->text, NULL, 16) && !(a->y > b->y))
				return false;
		}
	return true;
}

/* Boot the file as mmfuzz map does and read its SVG back. */
static bool map_of(const struct fuzz_target *t, const char *rel, bool lpae, struct svg *s)
{
	static struct description d;
	static struct machine_map m;
	size_t n = load(rel);
	FILE *f;

	if (!n)
		return false;
	describe_input(t, file_buf, n, &d);
	if (lpae) {
		d.kcfg.setup.boot.lpae = d.kcfg.setup.layout.lpae = true;
		d.kcfg.profile = mm_profile_find("debian-armmp-lpae");
	}
	if (machine_map_boot(&d, &m) < 0)
		return false;
	memset(s, 0, sizeof(*s));
	f = open_memstream(&s->doc, &s->len);
	map_svg_write(f, &m);
	fclose(f);
	return parse_svg(s);
}

TEST(map_of_a_cma_board_names_every_region)
{
	static struct svg s;
	static const char *const labels[] = {
		"memory", "reserved", "CMA linux,cma", "kernel image", "Zone DMA", "Zone HighMem",
		"arm_lowmem_limit 0x36000000", "user space", "modules", "pkmap (kmap)",
		"lowmem (linear map)", "vmalloc", "fixmap", "vectors",
		"0x10000000", "0x50000000", "0xc0000000", "0xffff0000",
	};

	CHECK(map_of(&fuzz_target_dtb_raw, "corpus/dtb_raw/imx6q-cma.dtb", false, &s));
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if (!has_text(&s, labels[i]))
			fprintf(stderr, "  no text '%s' in the SVG\n", labels[i]);
		CHECK(has_text(&s, labels[i]));
	}
	CHECK(s.nr_rects > 10);
	CHECK(!s.rect_outside);
	CHECK(addresses_ordered(&s));
	free(s.doc);
}

TEST(map_shows_holes_and_memory_above_4g)
{
	static struct svg s;

	CHECK(map_of(&fuzz_target_dtb_raw, "corpus/dtb_raw/keystone-lpae.dtb", true, &s));
	CHECK(has_text(&s, "hole"));
	CHECK(has_text(&s, "0x8"));	/* a bank above 4 GiB */
	CHECK(has_text(&s, "0x880000000"));
	CHECK(!s.rect_outside);
	CHECK(addresses_ordered(&s));
	free(s.doc);
}

TEST(map_of_a_fuzz_input_uses_its_configuration)
{
	static struct svg s;

	/* page_alloc's 256 MiB preset board at 0x60000000: lowmem only */
	CHECK(map_of(&fuzz_target_page_alloc, "corpus/page_alloc/256M-differential", false, &s));
	CHECK(has_text(&s, "page_alloc: debian-armmp, flatmem"));
	CHECK(has_text(&s, "0x60000000"));
	CHECK(has_text(&s, "0x70000000"));
	CHECK(!has_text(&s, "Zone HighMem"));
	free(s.doc);
}

TEST(map_refuses_inputs_without_a_device_tree)
{
	static struct description d;
	static struct machine_map m;
	size_t n = load("corpus/memblock_ops/exhaust-small-board");

	CHECK(n > 0);
	describe_input(&fuzz_target_memblock_ops, file_buf, n, &d);
	CHECK_EQ(machine_map_boot(&d, &m), -1);
	CHECK(strstr(m.note, "without a device tree") != NULL);
	/* a blob the model's gate refuses stops before the layout, with the gate's reason */
	n = load("repro/dtb_raw/prop-len-wraps-fdt-next-tag");
	describe_input(&fuzz_target_dtb_raw, file_buf, n, &d);
	CHECK_EQ(machine_map_boot(&d, &m), -1);
	CHECK(strstr(m.note, "structure block malformed") != NULL);
}

TEST(svg_reader_refuses_malformed_documents)
{
	static struct svg s;
	static char *const bad[] = {
		"<?xml version=\"1.0\"?><svg width=\"10\" height=\"10\"><g></svg>",
		"<?xml version=\"1.0\"?><svg width=\"10\" height=\"10\"><text>a < b</text></svg>",
		"<?xml version=\"1.0\"?><svg width=\"10\" height=10></svg>",
		"<?xml version=\"1.0\"?><svg width=\"10\" height=\"10\"><text>R&D</text></svg>",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&s, 0, sizeof(s));
		s.doc = bad[i];
		CHECK(!parse_svg(&s));
	}
}

TEST_MAIN()
