/* fuzz/input_files.c: which files a directory walk treats as inputs, and in what order. */
#include <errno.h>
#include <sys/stat.h>

#include "fuzz/input_files.h"
#include "test.h"

static char dir[64];
static char seen[1024];

static void touch(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* input_file_fn: append "name:what " with the path relative to dir. */
static int note(const char *path, int err, void *ctx)
{
	const char *rel = strncmp(path, dir, strlen(dir)) == 0 ? path + strlen(dir) + 1 : path;
	size_t n = strlen(seen);

	(void)ctx;
	snprintf(seen + n, sizeof(seen) - n, "%s:%s ", rel,
		 err == 0 ? "input" : err == INPUT_NOT_AN_INPUT ? "skipped" : strerror(err));
	return 0;
}

static void walk(const char *path)
{
	seen[0] = '\0';
	walk_inputs(path, note, NULL);
}

static void make_tree(void)
{
	char sub[128];

	snprintf(dir, sizeof(dir), "/tmp/mmfuzz-input-files-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	CHECK_EQ(mkdir(sub, 0700), 0);
	touch("crash-0123abcd", "x");
	touch("board.dtb", "x");
	touch("layout.bin", "x");
	touch("census.tsv", "x");
	touch("run.log", "x");
	touch("case.desc", "x");
	touch("README.md", "x");
	touch("notes.txt", "x");
	touch(".state", "x");
	touch("id:000001,orig:board.dtb", "x");
	touch("sub/seed", "x");
}

static void remove_tree(void)
{
	static const char *const names[] = {
		"crash-0123abcd", "board.dtb", "layout.bin", "census.tsv", "run.log", "case.desc",
		"README.md", "notes.txt", ".state", "id:000001,orig:board.dtb", "sub/seed", "sub", "",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[256];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		CHECK_EQ(remove(path), 0);
	}
}

/*
 * Inputs have no extension or end in .dtb/.bin; notes and dotfiles are
 * passed over; anything else reaches the callback as not an input.
 */
TEST(walk_sorts_inputs_and_reports_other_files)
{
	make_tree();
	walk(dir);
	CHECK_STR(seen, "board.dtb:input census.tsv:skipped crash-0123abcd:input "
			"id:000001,orig:board.dtb:input layout.bin:input run.log:skipped sub/seed:input ");
	remove_tree();
}

/* A file the caller names is an input whatever its name. */
TEST(named_file_is_an_input)
{
	char path[256];

	make_tree();
	snprintf(path, sizeof(path), "%s/census.tsv", dir);
	walk(path);
	CHECK_STR(seen, "census.tsv:input ");
	remove_tree();
}

TEST(missing_path_reaches_the_callback)
{
	walk("/nonexistent/mmfuzz-input");
	CHECK(strstr(seen, strerror(ENOENT)) != NULL);
}

TEST_MAIN()
