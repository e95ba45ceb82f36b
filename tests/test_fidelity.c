/*
 * Fidelity against the real kernel: for every tests/fidelity/<layout>/
 * (recorded by scripts/fidelity-record.sh from Debian's 6.1 kernel under
 * QEMU), run `mmfuzz boot <args> mine.dtb` and compare with `real`:
 *
 *  - exact fields: the boot-log lines of every kind the model prints
 *    (the real log filtered to those kinds, in order), memblock/memory,
 *    memblock/reserved, the System RAM and kernel lines of iomem, the
 *    totals of meminfo, and per zone of zoneinfo spanned, present,
 *    managed, cma, min, low, high and protection;
 *  - distances, which the real kernel's runtime allocations move: free
 *    pages per zone, buddyinfo, pagetypeinfo, meminfo's free counts.
 *
 * An exact field that differs fails the test unless <layout>/differs names
 * it ("FIELD: why", one a line); a named field that has become equal fails
 * too, so the list stays true.  The run prints a table per layout and the
 * count of equal lines out of all compared.
 */
#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "test.h"

#define FIDELITY_DIR MMFUZZ_SOURCE_DIR "/tests/fidelity"
#define MAX_LINES 4096
#define MAX_FIELDS 64

struct text {
	char *buf;
	size_t nr;
	char *line[MAX_LINES];
};

struct field {
	char name[48];
	bool equal;
	char detail[320];
};

struct report {
	int nr;
	struct field f[MAX_FIELDS];
	unsigned long lines_equal, lines_compared;
	char distances[1024];
};

static unsigned long total_equal, total_compared;

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n)
			buf[n] = '\0';
		else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static char *run_output(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);

	if (!p || !buf) {
		free(buf);
		return NULL;
	}
	while ((n += fread(buf + n, 1, cap - 1 - n, p)) == cap - 1) {
		cap *= 2;
		buf = realloc(buf, cap);
		if (!buf)
			abort();
	}
	buf[n] = '\0';
	pclose(p);
	return buf;
}

/* The text after "==> name <==" up to the next header (a copy), or NULL. */
static char *section(const char *all, const char *name)
{
	char header[128];
	const char *s, *e;
	char *out;

	snprintf(header, sizeof(header), "==> %s <==\n", name);
	s = strstr(all, header);
	if (!s)
		return NULL;
	s += strlen(header);
	e = strstr(s, "\n==> ");
	e = e ? e + 1 : s + strlen(s);
	out = malloc((size_t)(e - s) + 1);
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return out;
}

static void split(struct text *t, char *buf)
{
	t->buf = buf;
	t->nr = 0;
	for (char *p = buf; p && *p && t->nr < MAX_LINES;) {
		char *nl = strchr(p, '\n');

		t->line[t->nr++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
}

/* Every line the model can print starts with one of these (its mm_printk formats). */
static const char *const model_kinds[] = {
	"memblock_", "memblock:", "MEMBLOCK configuration:", " memory", " reserved", "cma: ",
	"Reserved memory:", "OF: reserved mem:", "OF: fdt: Reserved memory", "OF: fdt: Ignoring",
	"OF: fdt: No chosen", "OF: fdt: failed to mark", "Zone ranges:", "  DMA ", "  Normal ",
	"  HighMem ", "Movable zone start", "  Node ", "Early memory node ranges", "  node ",
	"Initmem setup node", "On node ", "percpu: ", "pcpu-alloc: ", "Built 1 zonelists",
	"Kernel command line: ", "Dentry cache hash", "Inode-cache hash", "mem auto-init:",
	"software IO TLB:", "Memory: ", "Freeing initrd memory", "Freeing unused kernel image",
	"Ignoring RAM", "Consider using a HIGHMEM", "INITRD:", "vmalloc area", "Truncating memory",
	"Ignoring memory", "Kernel panic", "kernel BUG", "BUG: ", "SLUB: ",
};

static bool model_kind(const char *line)
{
	for (size_t i = 0; i < sizeof(model_kinds) / sizeof(model_kinds[0]); i++)
		if (!strncmp(line, model_kinds[i], strlen(model_kinds[i])))
			return true;
	return false;
}

/* Longest common subsequence of two line lists; match_a[i] is set for the matched lines of a. */
static size_t lcs(char **a, size_t na, char **b, size_t nb, bool *match_a)
{
	size_t *d = calloc((na + 1) * (nb + 1), sizeof(*d)), n;

	for (size_t i = na; i-- > 0;)
		for (size_t j = nb; j-- > 0;)
			d[i * (nb + 1) + j] = !strcmp(a[i], b[j]) ? d[(i + 1) * (nb + 1) + j + 1] + 1
				: d[(i + 1) * (nb + 1) + j] > d[i * (nb + 1) + j + 1] ? d[(i + 1) * (nb + 1) + j]
										: d[i * (nb + 1) + j + 1];
	n = d[0];
	for (size_t i = 0, j = 0; i < na && j < nb;) {
		if (!strcmp(a[i], b[j]) && d[i * (nb + 1) + j] == d[(i + 1) * (nb + 1) + j + 1] + 1) {
			if (match_a)
				match_a[i] = true;
			i++, j++;
		} else if (d[(i + 1) * (nb + 1) + j] >= d[i * (nb + 1) + j + 1]) {
			i++;
		} else {
			j++;
		}
	}
	free(d);
	return n;
}

static struct field *add(struct report *r, const char *name, bool equal)
{
	struct field *f = &r->f[r->nr < MAX_FIELDS ? r->nr++ : MAX_FIELDS - 1];

	snprintf(f->name, sizeof(f->name), "%s", name);
	f->equal = equal;
	f->detail[0] = '\0';
	return f;
}

/* Compare two line lists as one field, counting lines. */
static struct field *compare_lines(struct report *r, const char *name, char **real, size_t nreal,
				   char **model, size_t nmodel)
{
	size_t eq = lcs(real, nreal, model, nmodel, NULL);
	struct field *f = add(r, name, eq == nreal && eq == nmodel);

	r->lines_equal += eq;
	r->lines_compared += nreal + nmodel - eq;
	snprintf(f->detail, sizeof(f->detail), "%zu of %zu lines", eq, nreal + nmodel - eq);
	return f;
}

/* Boot log: the groups of line kinds the table reports on; the last one is "other". */
static const struct {
	const char *name, *prefixes[9];
} log_groups[] = {
	{ "log: memblock=debug", { "memblock_", "memblock:" } },
	{ "log: MEMBLOCK configuration", { "MEMBLOCK configuration:", " memory", " reserved" } },
	{ "log: Memory:", { "Memory: " } },
	{ "log: CMA, reserved memory", { "cma: ", "Reserved memory:", "OF: reserved mem:",
					 "OF: fdt: Reserved memory" } },
	{ "log: zones", { "Zone ranges:", "  DMA ", "  Normal ", "  HighMem ", "Movable zone", "  Node ",
			  "Early memory", "  node ", "Initmem setup" } },
	{ "log: other", { NULL } },
};
#define NR_LOG_GROUPS (sizeof(log_groups) / sizeof(log_groups[0]))

static size_t log_group(const char *line)
{
	for (size_t g = 0; g + 1 < NR_LOG_GROUPS; g++)
		for (int p = 0; p < 9 && log_groups[g].prefixes[p]; p++)
			if (!strncmp(line, log_groups[g].prefixes[p], strlen(log_groups[g].prefixes[p])))
				return g;
	return NR_LOG_GROUPS - 1;
}

static void pick_group(char **lines, size_t n, size_t g, char **out, size_t *nout)
{
	*nout = 0;
	for (size_t i = 0; i < n; i++)
		if (log_group(lines[i]) == g)
			out[(*nout)++] = lines[i];
}

/* The real log filtered to the kinds of lines the model prints, against the model's log. */
static void compare_log(struct report *r, char *real_log, char *model_log)
{
	static char *kept[MAX_LINES], *a[MAX_LINES], *b[MAX_LINES];
	struct text real, model;
	size_t nkept = 0, na, nb;
	struct report whole = { 0 };

	split(&real, real_log);
	split(&model, model_log);
	for (size_t i = 0; i < real.nr; i++)
		if (model_kind(real.line[i]))
			kept[nkept++] = real.line[i];
	for (size_t g = 0; g < NR_LOG_GROUPS; g++) {
		struct field *f;

		pick_group(kept, nkept, g, a, &na);
		pick_group(model.line, model.nr, g, b, &nb);
		f = add(r, log_groups[g].name, false);
		*f = *compare_lines(&whole, log_groups[g].name, a, na, b, nb);
	}
	/* the line count comes from the whole log, where order across groups counts too */
	whole = (struct report){ 0 };
	compare_lines(&whole, "log", kept, nkept, model.line, model.nr);
	r->lines_equal += whole.lines_equal;
	r->lines_compared += whole.lines_compared;
	add(r, "log (all lines of those kinds)", whole.f[0].equal);
	snprintf(r->f[r->nr - 1].detail, sizeof(r->f[0].detail), "%s", whole.f[0].detail);
}

/* zoneinfo: the value of `key` in zone z's block ("pages free", "min", "protection:"...). */
static bool zone_value(char *zoneinfo, const char *zone, const char *key, char *out, size_t cap)
{
	char header[64];
	char *p, *end;

	snprintf(header, sizeof(header), "Node 0, zone %8s\n", zone);
	p = strstr(zoneinfo, header);
	if (!p)
		return false;
	p += strlen(header);
	end = strstr(p, "Node 0, zone");
	for (char *l = p; l && *l && (!end || l < end);) {
		char *nl = strchr(l, '\n');
		char *s = l + strspn(l, " ");
		size_t n = strlen(key);

		if (!strncmp(s, key, n) && (s[n] == ' ' || s[n] == ':' || key[n - 1] == ':')) {
			s += n;
			s += strspn(s, " :");
			snprintf(out, cap, "%.*s", nl ? (int)(nl - s) : (int)strlen(s), s);
			return true;
		}
		l = nl ? nl + 1 : NULL;
	}
	return false;
}

static const char *const zones[] = { "DMA", "Normal", "HighMem", "Movable" };

static void compare_zoneinfo(struct report *r, char *real, char *model, char *dist, size_t cap)
{
	static const char *const keys[] = { "spanned", "present", "managed", "cma", "min", "low", "high",
					    "protection:" };

	for (size_t z = 0; z < 4; z++) {
		char rv[128], mv[128], name[48];

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			bool hr = zone_value(real, zones[z], keys[k], rv, sizeof(rv));
			bool hm = zone_value(model, zones[z], keys[k], mv, sizeof(mv));
			struct field *f;

			snprintf(name, sizeof(name), "zoneinfo %s %.*s", zones[z],
				 (int)strcspn(keys[k], ":"), keys[k]);
			f = add(r, name, hr && hm && !strcmp(rv, mv));
			r->lines_equal += f->equal;
			r->lines_compared++;
			if (!f->equal)
				snprintf(f->detail, sizeof(f->detail), "model %s, real %s", hm ? mv : "-",
					 hr ? rv : "-");
		}
		if (zone_value(real, zones[z], "pages free", rv, sizeof(rv)) &&
		    zone_value(model, zones[z], "pages free", mv, sizeof(mv)) && strcmp(rv, "0"))
			snprintf(dist + strlen(dist), cap - strlen(dist), "%s free %s/%s; ", zones[z], mv, rv);
	}
}

/* Sum of |a - b| over the numbers of two equally shaped lines (after `skip` words). */
static unsigned long line_distance(const char *a, const char *b, int skip)
{
	unsigned long d = 0;

	for (int w = 0; w < skip; w++) {
		a += strcspn(a, " ") + strspn(a + strcspn(a, " "), " ");
		b += strcspn(b, " ") + strspn(b + strcspn(b, " "), " ");
	}
	while (*a && *b) {
		char *ea, *eb;
		long va = strtol(a + strspn(a, " >"), &ea, 10), vb = strtol(b + strspn(b, " >"), &eb, 10);

		if (ea == a + strspn(a, " >") || eb == b + strspn(b, " >"))
			break;
		d += (unsigned long)(va > vb ? va - vb : vb - va);
		a = ea;
		b = eb;
	}
	return d;
}

/* buddyinfo / pagetypeinfo: Σ|Δ| over the lines both have with the same label. */
static void table_distance(const char *name, char *real, char *model, int label_words,
			   char *dist, size_t cap)
{
	struct text rt, mt;
	unsigned long d = 0;
	int lines = 0;

	split(&rt, real);
	split(&mt, model);
	for (size_t i = 0; i < mt.nr; i++)
		for (size_t j = 0; j < rt.nr; j++) {
			const char *a = mt.line[i], *b = rt.line[j];
			size_t la = 0;

			for (int w = 0; w < label_words; w++)
				la += strcspn(a + la, " ") + strspn(a + la + strcspn(a + la, " "), " ");
			if (la && !strncmp(a, b, la) && strchr(a, '0')) {
				d += line_distance(a, b, label_words);
				lines++;
				break;
			}
		}
	snprintf(dist + strlen(dist), cap - strlen(dist), "%s %lu over %d lines; ", name, d, lines);
}

static void compare_meminfo(struct report *r, char *real, char *model, char *dist, size_t cap)
{
	static const char *const totals[] = { "MemTotal:", "HighTotal:", "LowTotal:", "CmaTotal:" };
	static const char *const frees[] = { "MemFree:", "HighFree:", "LowFree:", "CmaFree:" };

	for (int i = 0; i < 8; i++) {
		const char *key = i < 4 ? totals[i] : frees[i - 4];
		const char *a = strstr(real, key), *b = strstr(model, key);
		long va = a ? strtol(a + strlen(key), NULL, 10) : -1, vb = b ? strtol(b + strlen(key), NULL, 10) : -1;

		if (i < 4) {
			struct field *f = add(r, key, a && b && va == vb);

			r->lines_equal += f->equal;
			r->lines_compared++;
			if (!f->equal)
				snprintf(f->detail, sizeof(f->detail), "model %ld kB, real %ld kB", vb, va);
		} else if (a && b) {
			snprintf(dist + strlen(dist), cap - strlen(dist), "%s %+ld kB; ", key, vb - va);
		}
	}
}

static void keep_lines(struct text *t, char **out, size_t *n, const char *const *needles)
{
	*n = 0;
	for (size_t i = 0; i < t->nr; i++)
		for (int k = 0; needles[k]; k++)
			if (strstr(t->line[i], needles[k])) {
				out[(*n)++] = t->line[i];
				break;
			}
}

/* The fields <layout>/differs names, with their reasons. */
static bool listed(const char *differs, const char *field)
{
	size_t n = strlen(field);

	for (const char *p = differs; p && *p;) {
		if (!strncmp(p, field, n) && p[n] == ':')
			return true;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return false;
}

static void compare_layout(const char *name)
{
	char path[512], cmd[2048], *args, *real, *model, *differs;
	struct report r = { 0 };

	snprintf(path, sizeof(path), FIDELITY_DIR "/%s/args", name);
	args = read_file(path);
	snprintf(path, sizeof(path), FIDELITY_DIR "/%s/real", name);
	real = read_file(path);
	snprintf(path, sizeof(path), FIDELITY_DIR "/%s/differs", name);
	differs = read_file(path);
	CHECK(args && real);
	if (!args || !real)
		return;
	args[strcspn(args, "\n")] = '\0';
	snprintf(cmd, sizeof(cmd), "'%s' boot %s '" FIDELITY_DIR "/%s/mine.dtb' 2>&1", MMFUZZ_CLI, args, name);
	model = run_output(cmd);
	CHECK(model != NULL);
	if (!model)
		return;

	{
		char *rl = section(real, "boot log"), *ml = section(model, "boot log");
		const char *const ram[] = { "System RAM", "Kernel code", "Kernel data", NULL };
		static const char *const debugfs[2] = { "/sys/kernel/debug/memblock/memory",
							"/sys/kernel/debug/memblock/reserved" };
		char *a[MAX_LINES], *b[MAX_LINES];
		size_t na, nb;
		struct text rt, mt;

		CHECK(rl && ml);
		compare_log(&r, rl ? rl : strdup(""), ml ? ml : strdup(""));
		free(rl);
		free(ml);
		for (int i = 0; i < 2; i++) {
			char *rs = section(real, debugfs[i]), *ms = section(model, debugfs[i]);

			split(&rt, rs ? rs : strdup(""));
			split(&mt, ms ? ms : strdup(""));
			compare_lines(&r, i ? "memblock/reserved" : "memblock/memory", rt.line, rt.nr, mt.line, mt.nr);
			free(rt.buf);
			free(mt.buf);
		}
		rl = section(real, "/proc/iomem");
		ml = section(model, "/proc/iomem");
		split(&rt, rl ? rl : strdup(""));
		split(&mt, ml ? ml : strdup(""));
		keep_lines(&rt, a, &na, ram);
		keep_lines(&mt, b, &nb, ram);
		compare_lines(&r, "iomem RAM and kernel", a, na, b, nb);
		free(rt.buf);
		free(mt.buf);
	}
	{
		char *rz = section(real, "/proc/zoneinfo"), *mz = section(model, "/proc/zoneinfo");
		char *rm = section(real, "/proc/meminfo"), *mm = section(model, "/proc/meminfo");
		char *rb = section(real, "/proc/buddyinfo"), *mb = section(model, "/proc/buddyinfo");
		char *rp = section(real, "/proc/pagetypeinfo"), *mp = section(model, "/proc/pagetypeinfo");

		if (rz && mz)
			compare_zoneinfo(&r, rz, mz, r.distances, sizeof(r.distances));
		if (rm && mm)
			compare_meminfo(&r, rm, mm, r.distances, sizeof(r.distances));
		if (rb && mb)
			table_distance("buddyinfo blocks", rb, mb, 4, r.distances, sizeof(r.distances));
		if (rp && mp)
			table_distance("pagetypeinfo", rp, mp, 6, r.distances, sizeof(r.distances));
		free(rz), free(mz), free(rm), free(mm), free(rb), free(mb), free(rp), free(mp);
	}

	printf("\n### %s (%s)\n\n| field | result |\n|---|---|\n", name, args);
	for (int i = 0; i < r.nr; i++) {
		const struct field *f = &r.f[i];
		bool known = listed(differs, f->name);

		printf("| %s | %s%s%s |\n", f->name, f->equal ? "equal" : "differs",
		       f->detail[0] ? ": " : "", f->detail);
		if (f->equal == known) {
			fprintf(stderr, "  %s: %s %s\n", name, f->name,
				known ? "is equal but listed in differs" : "differs and is not listed in differs");
			test_current_failed = 1;
		}
	}
	printf("\nequal lines: %lu of %lu; distances: %s\n", r.lines_equal, r.lines_compared, r.distances);
	total_equal += r.lines_equal;
	total_compared += r.lines_compared;
	free(args), free(real), free(model), free(differs);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(every_recorded_layout)
{
	DIR *d = opendir(FIDELITY_DIR);
	char *names[256];
	int n = 0;
	struct dirent *e;

	CHECK(d != NULL);
	while (d && (e = readdir(d)) && n < 256)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	CHECK(n > 0);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
	for (int i = 0; i < n; i++) {
		compare_layout(names[i]);
		free(names[i]);
	}
	printf("\ntotal: %lu of %lu compared lines equal\n", total_equal, total_compared);
}

TEST_MAIN()
