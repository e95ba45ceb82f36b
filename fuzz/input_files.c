/* See input_files.h. */
#include "input_files.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool is_note(const char *name)
{
	static const char *const suffixes[] = { ".md", ".txt", ".desc" };
	size_t len = strlen(name);

	if (name[0] == '.')
		return true;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t n = strlen(suffixes[i]);

		if (len >= n && strcmp(name + len - n, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(const char *path, input_file_fn fn, void *ctx)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, cap = 0;
	int ret = 0;

	if (!dir)
		return fn(path, errno, ctx);
	while ((de = readdir(dir))) {
		if (is_note(de->d_name))
			continue;
		if (nr == cap) {
			char **bigger = realloc(names, (cap = cap ? 2 * cap : 32) * sizeof(*names));

			if (!bigger)
				abort();
			names = bigger;
		}
		names[nr] = strdup(de->d_name);
		if (!names[nr])
			abort();
		nr++;
	}
	closedir(dir);
	if (nr)
		qsort(names, nr, sizeof(*names), by_name);

	for (size_t i = 0; i < nr; i++) {
		char child[PATH_MAX];

		if (ret == 0) {
			if ((size_t)snprintf(child, sizeof(child), "%s/%s", path, names[i]) >= sizeof(child))
				ret = fn(path, ENAMETOOLONG, ctx);
			else
				ret = walk_inputs(child, fn, ctx);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int walk_inputs(const char *path, input_file_fn fn, void *ctx)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return fn(path, errno, ctx);
	if (S_ISDIR(st.st_mode))
		return walk_dir(path, fn, ctx);
	return fn(path, 0, ctx);
}

uint8_t *read_input(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		if (*len == cap) {
			uint8_t *bigger = realloc(buf, cap = cap ? 2 * cap : 4096);

			if (!bigger) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = bigger;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	fclose(f);
	return buf;
}
