/*
 * corpus/<target>.options: the libFuzzer section names the target's size
 * cap as max_len (OSS-Fuzz's runner passes it on; the engine no longer
 * appends it to argv).
 */
#include "fuzz/fuzz_target.h"
#include "test.h"

/* The value of "max_len = N" in the [libfuzzer] section, or -1. */
static long options_max_len(const char *target)
{
	char path[512], line[256];
	bool in_libfuzzer = false;
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/corpus/%s.options", MMFUZZ_SOURCE_DIR, target);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '[')
			in_libfuzzer = strncmp(line, "[libfuzzer]", 11) == 0;
		else if (in_libfuzzer)
			sscanf(line, "max_len = %ld", &v);
	}
	fclose(f);
	return v;
}

TEST(every_target_options_name_its_max_len)
{
	for (int i = 0; fuzz_targets[i]; i++) {
		long v = options_max_len(fuzz_targets[i]->name);

		if (v != (long)fuzz_targets[i]->max_len)
			fprintf(stderr, "  corpus/%s.options: max_len %ld, target's %zu\n",
				fuzz_targets[i]->name, v, fuzz_targets[i]->max_len);
		CHECK_EQ(v, fuzz_targets[i]->max_len);
	}
}

TEST_MAIN()
