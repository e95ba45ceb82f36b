/* See map_svg.h. */
#include "map_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOP 90
#define AXIS_W 150
#define LANE_W 150
#define LANE_GAP 10
#define COL_GAP 80
#define MIN_SEG 18.0
#define MAX_SEG 120.0

struct column {
	enum map_lane first, last;	/* lanes drawn side by side */
	double x;			/* left edge of the first lane */
	unsigned nr;
	uint64_t b[2 * MAP_MAX_RANGES + 2];	/* boundaries, ascending */
	double y[2 * MAP_MAX_RANGES + 2];	/* their heights on the page */
	double bottom;
};

static const char *const fills[] = {
	[MAP_BANK] = "#cfe8cf", [MAP_HOLE] = "#f2f2f2", [MAP_NOMAP] = "#f4c7a1",
	[MAP_RESERVED] = "#f6e3a1", [MAP_CMA] = "#b9d7f7", [MAP_KERNEL] = "#e58f8f",
	[MAP_ZONE] = "#d9ccf0", [MAP_VIRT] = "#dde7f3",
};

static const char *const lane_titles[NR_LANES] = { "memory", "reservations", "zones", "virtual" };

static void escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out); break;
		}
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static bool in_column(const struct column *c, const struct map_range *r)
{
	return r->lane >= c->first && r->lane <= c->last;
}

/* Boundaries of the column's ranges, and a height for each interval (high addresses on top). */
static void layout_column(struct column *c, const struct machine_map *m, bool with_limit)
{
	unsigned n = 0;
	double y = TOP;

	for (unsigned i = 0; i < m->nr; i++) {
		if (!in_column(c, &m->ranges[i]))
			continue;
		c->b[n++] = m->ranges[i].start;
		c->b[n++] = m->ranges[i].end;
	}
	if (with_limit && m->has_lowmem_limit)
		c->b[n++] = m->lowmem_limit;
	qsort(c->b, n, sizeof(c->b[0]), cmp_u64);
	c->nr = 0;
	for (unsigned i = 0; i < n; i++)
		if (c->nr == 0 || c->b[c->nr - 1] != c->b[i])
			c->b[c->nr++] = c->b[i];
	for (unsigned i = c->nr; i-- > 0;) {
		c->y[i] = y;
		if (i > 0) {
			double seg = MIN_SEG + 5.0 * log2(1.0 + (double)(c->b[i] - c->b[i - 1]) / 65536.0);

			y += seg > MAX_SEG ? MAX_SEG : seg;
		}
	}
	c->bottom = y;
}

static double y_of(const struct column *c, uint64_t a)
{
	unsigned lo = 0, hi = c->nr;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (c->b[mid] < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nr ? c->y[lo] : c->y[c->nr - 1];
}

static double lane_x(const struct column *c, enum map_lane lane)
{
	return c->x + (double)(lane - c->first) * (LANE_W + LANE_GAP);
}

static void draw_column(FILE *out, const struct column *c, const struct machine_map *m, const char *title)
{
	double right = lane_x(c, c->last) + LANE_W;

	fprintf(out, "<text class=\"title\" x=\"%.1f\" y=\"%d\">", c->x, TOP - 38);
	escaped(out, title);
	fputs("</text>\n", out);
	for (enum map_lane l = c->first; l <= c->last; l++)
		fprintf(out, "<text class=\"lane\" x=\"%.1f\" y=\"%d\">%s</text>\n", lane_x(c, l) + LANE_W / 2.0,
			TOP - 12, lane_titles[l]);
	for (unsigned i = 0; i < c->nr; i++) {
		fprintf(out, "<line class=\"tick\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			c->x - 6, c->y[i], right, c->y[i]);
		fprintf(out, "<text class=\"addr\" x=\"%.1f\" y=\"%.1f\">0x%llx</text>\n", c->x - 10,
			c->y[i] + 4, (unsigned long long)c->b[i]);
	}
	for (unsigned i = 0; i < m->nr; i++) {
		const struct map_range *r = &m->ranges[i];
		double top, bottom, x;

		if (!in_column(c, r))
			continue;
		top = y_of(c, r->end);
		bottom = y_of(c, r->start);
		x = lane_x(c, r->lane);
		fprintf(out, "<g class=\"range\"><title>");
		escaped(out, r->label);
		fprintf(out, ": 0x%llx-0x%llx</title>\n", (unsigned long long)r->start, (unsigned long long)r->end);
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"%s/>\n", x, top,
			LANE_W, bottom - top, fills[r->kind], r->kind == MAP_HOLE ? " stroke-dasharray=\"4 3\"" : "");
		if (bottom - top >= 12) {
			fprintf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\">", x + LANE_W / 2.0,
				(top + bottom) / 2 + 4);
			escaped(out, r->label);
			fputs("</text>\n", out);
		}
		fputs("</g>\n", out);
	}
}

void map_svg_write(FILE *out, const struct machine_map *m)
{
	struct column *phys = calloc(2, sizeof(*phys)), *virt;
	double width, height, ly;

	if (!phys)
		abort();
	virt = phys + 1;
	phys->first = LANE_MEMORY;
	phys->last = LANE_ZONES;
	phys->x = AXIS_W;
	virt->first = virt->last = LANE_VIRTUAL;
	virt->x = lane_x(phys, LANE_ZONES) + LANE_W + COL_GAP + AXIS_W;
	layout_column(phys, m, true);
	layout_column(virt, m, false);
	width = virt->x + LANE_W + 60;
	height = (phys->bottom > virt->bottom ? phys->bottom : virt->bottom) + 60;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
		width, height, width, height);
	fputs("<style>text { font-family: sans-serif; font-size: 11px; }\n"
	      ".title { font-size: 14px; font-weight: bold; }\n"
	      ".lane, .label { text-anchor: middle; }\n"
	      ".addr { text-anchor: end; font-family: monospace; font-size: 10px; }\n"
	      ".tick { stroke: #999; stroke-width: 0.5; }\n"
	      "rect { stroke: #555; stroke-width: 0.8; fill-opacity: 0.85; }\n"
	      ".limit { stroke: #c00; stroke-width: 1.5; stroke-dasharray: 6 4; }\n"
	      ".limit-label { fill: #c00; font-size: 11px; }</style>\n", out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\" stroke=\"none\"/>\n",
		width, height);
	fprintf(out, "<text class=\"title\" x=\"10\" y=\"18\">");
	escaped(out, m->title);
	fputs("</text>\n", out);
	draw_column(out, phys, m, "physical address space");
	draw_column(out, virt, m, "virtual address space");
	if (m->has_lowmem_limit) {
		ly = y_of(phys, m->lowmem_limit);
		fprintf(out, "<line class=\"limit\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			phys->x - 6, ly, lane_x(phys, LANE_ZONES) + LANE_W + 6, ly);
		/* above the line, unless that would run into the lane titles */
		fprintf(out, "<text class=\"limit-label\" x=\"%.1f\" y=\"%.1f\">arm_lowmem_limit 0x%llx: lowmem below, highmem above</text>\n",
			phys->x + 4, ly - 4 < TOP ? ly + 14 : ly - 4, (unsigned long long)m->lowmem_limit);
	}
	if (m->note[0]) {
		fprintf(out, "<text x=\"10\" y=\"%.0f\">", height - 20);
		escaped(out, m->note);
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
	free(phys);
}
