/*
 * A minimal test harness: TEST(name) defines a case, CHECK* record
 * failures with file:line, and TEST_MAIN() runs every case and prints the
 * closing "N passed, N failed" line.
 *
 * A run also fails when not every case of the file ran: more cases than
 * TEST_MAX, a count of registered cases that differs from the `TEST(` lines
 * of the test's own source (a case lost to an #if, say), or a case that
 * leaves the process through exit().
 */
#ifndef MMFUZZ_TEST_H
#define MMFUZZ_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define TEST_MAX 512
extern struct test_case test_cases[TEST_MAX];
extern int test_count;		/* registered, including any past TEST_MAX */
extern int test_current_failed;
extern const char *test_running;	/* the case in progress, NULL once all have run */

#define TEST(name)                                                            \
	static void name(void);                                               \
	__attribute__((constructor)) static void register_##name(void)        \
	{                                                                     \
		if (test_count < TEST_MAX)                                    \
			test_cases[test_count] = (struct test_case){#name, name}; \
		test_count++;                                                 \
	}                                                                     \
	static void name(void)

#define CHECK(cond)                                                           \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, \
				__LINE__, #cond);                             \
			test_current_failed = 1;                              \
		}                                                             \
	} while (0)

#define CHECK_EQ(a, b)                                                        \
	do {                                                                  \
		unsigned long long _a = (unsigned long long)(a);              \
		unsigned long long _b = (unsigned long long)(b);              \
		if (_a != _b) {                                               \
			fprintf(stderr, "  %s:%d: %s == %s: 0x%llx != 0x%llx\n", \
				__FILE__, __LINE__, #a, #b, _a, _b);          \
			test_current_failed = 1;                              \
		}                                                             \
	} while (0)

#define CHECK_STR(a, b)                                                       \
	do {                                                                  \
		const char *_a = (a), *_b = (b);                              \
		if (strcmp(_a, _b) != 0) {                                    \
			fprintf(stderr, "  %s:%d: %s == %s:\n--- got\n%s\n--- expected\n%s\n", \
				__FILE__, __LINE__, #a, #b, _a, _b);          \
			test_current_failed = 1;                              \
		}                                                             \
	} while (0)

/* Lines of the test's source that open a case, or -1 when it cannot be read. */
static inline int test_cases_in_source(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int n = 0;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		n += strncmp(line, "TEST(", 5) == 0;
	free(line);
	fclose(f);
	return n;
}

/* atexit: a case that called exit() skipped the rest; _exit keeps the status non-zero. */
static inline void test_exit_guard(void)
{
	if (test_running) {
		fflush(stdout);
		fprintf(stderr, "FAIL %s: exit() during the case; later cases did not run\n",
			test_running);
		_exit(1);
	}
}

/* Does the file's count of cases add up?  Prints why not. */
static inline int test_all_registered(const char *source)
{
	int in_source = test_cases_in_source(source);

	if (test_count > TEST_MAX) {
		printf("FAIL %d cases registered, only TEST_MAX (%d) can run\n", test_count, TEST_MAX);
		return 0;
	}
	if (in_source != test_count) {
		printf("FAIL %d cases registered, %d TEST( lines in %s\n", test_count, in_source,
		       source);
		return 0;
	}
	return 1;
}

/*
 * Defines main(): run all cases, then teardown (a void (*)(void) or NULL)
 * for what the cases share, print the summary, exit non-zero on failure.
 */
#define TEST_MAIN_WITH_TEARDOWN(teardown)                                     \
	struct test_case test_cases[TEST_MAX];                                \
	int test_count;                                                       \
	int test_current_failed;                                              \
	const char *test_running;                                             \
	int main(void)                                                        \
	{                                                                     \
		void (*const td)(void) = (teardown);                          \
		int passed = 0, failed = 0;                                   \
		if (!test_all_registered(__FILE__))                           \
			failed++;                                             \
		atexit(test_exit_guard);                                      \
		for (int i = 0; i < test_count && i < TEST_MAX; i++) {        \
			test_current_failed = 0;                              \
			test_running = test_cases[i].name;                    \
			test_cases[i].fn();                                   \
			if (test_current_failed) {                            \
				failed++;                                     \
				printf("FAIL %s\n", test_cases[i].name);      \
			} else {                                              \
				passed++;                                     \
			}                                                     \
		}                                                             \
		test_running = NULL;                                          \
		if (td)                                                       \
			td();                                                 \
		printf("%d passed, %d failed\n", passed, failed);             \
		return failed ? 1 : 0;                                        \
	}

#define TEST_MAIN() TEST_MAIN_WITH_TEARDOWN(NULL)

#endif
