/* See bug_switch.h. */
#include "bug_switch.h"

#include "bugs.h"
#include "oracle.h"

#include <stdlib.h>
#include <string.h>

void fuzz_list_bugs(FILE *out)
{
	for (int i = MM_BUG_NONE + 1; i < MM_BUG_NR; i++)
		fprintf(out, "%s\n", mm_bug_name((enum mm_bug)i));
}

int fuzz_enable_bugs(const char *list)
{
	char name[64];

	while (*list) {
		size_t n = strcspn(list, ",");
		enum mm_bug bug = MM_BUG_NONE;

		if (n < sizeof(name)) {
			memcpy(name, list, n);
			name[n] = '\0';
			bug = mm_bug_from_name(name);
		}
		if (bug == MM_BUG_NONE) {
			fprintf(stderr, "unknown bug '%.*s'; known bugs:\n", (int)n, list);
			fuzz_list_bugs(stderr);
			return -1;
		}
		mm_bug_set(bug, true);
		list += n;
		if (*list == ',')
			list++;
	}
	return 0;
}

int fuzz_enable_bugs_from_env(void)
{
	const char *list = getenv("MMFUZZ_BUG");

	return list ? fuzz_enable_bugs(list) : 0;
}

int fuzz_oracle_level_from_env(void)
{
	static const char *const names[] = { [ORACLE_OFF] = "off", [ORACLE_CHEAP] = "cheap", [ORACLE_FULL] = "full" };
	const char *v = getenv("MMFUZZ_ORACLE");

	if (!v)
		return 0;
	for (int l = ORACLE_OFF; l <= ORACLE_FULL; l++)
		if (!strcmp(v, names[l])) {
			oracle_level = l;
			return 0;
		}
	fprintf(stderr, "MMFUZZ_ORACLE must be off, cheap or full, not '%s'\n", v);
	return -1;
}
