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

static bool has_suffix(const char *name, const char *const *suffixes, size_t n)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(suffixes[i]);

		if (len >= k && strcmp(name + len - k, suffixes[i]) == 0)
			return true;
	}
	return false;
}

/* What a directory walk does with a file, by its name (input_files.h, walk_inputs). */
enum input_name { INPUT_NAME_INPUT, INPUT_NAME_NOTE, INPUT_NAME_OTHER };

static enum input_name input_name_kind(const char *name)
{
	static const char *const notes[] = { ".md", ".txt", ".desc" };
	static const char *const inputs[] = { ".dtb", ".bin" };
	const char *dot = strrchr(name, '.');

	if (name[0] == '.' || has_suffix(name, notes, sizeof(notes) / sizeof(notes[0])))
		return INPUT_NAME_NOTE;
	if (!dot || has_suffix(name, inputs, sizeof(inputs) / sizeof(inputs[0])))
		return INPUT_NAME_INPUT;
	return INPUT_NAME_OTHER;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_child(const char *path, const char *name, input_file_fn fn, void *ctx);

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
		if (input_name_kind(de->d_name) == INPUT_NAME_NOTE)
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
				ret = walk_child(child, names[i], fn, ctx);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

/* name: the file's name inside a walked directory, NULL for a path named by the caller. */
static int walk_child(const char *path, const char *name, input_file_fn fn, void *ctx)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return fn(path, errno, ctx);
	if (S_ISDIR(st.st_mode))
		return walk_dir(path, fn, ctx);
	if (name && input_name_kind(name) == INPUT_NAME_OTHER)
		return fn(path, INPUT_NOT_AN_INPUT, ctx);
	return fn(path, 0, ctx);
}

int walk_inputs(const char *path, input_file_fn fn, void *ctx)
{
	return walk_child(path, NULL, fn, ctx);
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
