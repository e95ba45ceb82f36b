/* See dts_print.h. */
#include "dts_print.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>

#include <libfdt.h>

/* One or more NUL-terminated printable strings filling the value exactly. */
static bool is_string_list(const char *v, int len)
{
	if (len <= 0 || v[len - 1] != '\0' || v[0] == '\0')
		return false;
	for (int i = 0; i < len; i++) {
		if (v[i] == '\0') {
			if (i + 1 < len && v[i + 1] == '\0')
				return false;
		} else if (!isprint((unsigned char)v[i])) {
			return false;
		}
	}
	return true;
}

static void print_value(FILE *out, const char *v, int len)
{
	if (len == 0)
		return;
	fputs(" = ", out);
	if (is_string_list(v, len)) {
		for (int i = 0; i < len - 1; i++) {
			if (i == 0 || v[i - 1] == '\0')
				fputc('"', out);
			if (v[i] == '\0')
				fputs("\", ", out);
			else if (v[i] == '"' || v[i] == '\\')
				fprintf(out, "\\%c", v[i]);
			else
				fputc(v[i], out);
		}
		fputc('"', out);
	} else if (len % 4 == 0) {
		fputc('<', out);
		for (int i = 0; i < len; i += 4)
			fprintf(out, "%s0x%x", i ? " " : "", fdt32_ld((const fdt32_t *)(v + i)));
		fputc('>', out);
	} else {
		fputc('[', out);
		for (int i = 0; i < len; i++)
			fprintf(out, "%s%02x", i ? " " : "", (uint8_t)v[i]);
		fputc(']', out);
	}
}

/* Nesting deeper than this is cut short: no real board comes close. */
#define MAX_DEPTH 32

static void print_node(FILE *out, const void *fdt, int node, int depth)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	int prop, child;

	fprintf(out, "%*s%s {\n", 4 * depth, "", depth == 0 ? "/" : name ? name : "?");
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *pname;
		int len;
		const char *v = fdt_getprop_by_offset(fdt, prop, &pname, &len);

		fprintf(out, "%*s%s", 4 * (depth + 1), "", pname ? pname : "?");
		if (v)
			print_value(out, v, len);
		fputs(";\n", out);
	}
	fdt_for_each_subnode(child, fdt, node) {
		if (depth + 1 == MAX_DEPTH) {
			fprintf(out, "%*s/* nodes nested deeper than %d not shown */\n", 4 * (depth + 1), "", MAX_DEPTH);
			break;
		}
		fputc('\n', out);
		print_node(out, fdt, child, depth + 1);
	}
	fprintf(out, "%*s};\n", 4 * depth, "");
}

int dts_print(FILE *out, const void *fdt, size_t size)
{
	int err = fdt_check_full(fdt, size);

	if (err) {
		fprintf(out, "/* not a sound device tree: %s */\n", fdt_strerror(err));
		return err;
	}
	fputs("/dts-v1/;\n", out);
	/* by hand, bounded: fdt_num_mem_rsv() trusts an unterminated map */
	for (uint64_t at = fdt_off_mem_rsvmap(fdt); at + 16 <= fdt_totalsize(fdt); at += 16) {
		uint64_t addr = fdt64_ld((const fdt64_t *)((const char *)fdt + at));
		uint64_t len = fdt64_ld((const fdt64_t *)((const char *)fdt + at + 8));

		if (!len)
			break;
		fprintf(out, "/memreserve/ 0x%llx 0x%llx;\n", (unsigned long long)addr,
			(unsigned long long)len);
	}
	fputc('\n', out);
	print_node(out, fdt, 0, 0);
	return 0;
}
