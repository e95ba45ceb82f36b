/*
 * A minimal test harness: TEST(name) defines a case, CHECK* record
 * failures with file:line, and test_main() runs every case and prints the
 * closing "N passed, N failed" line.
 */
#ifndef MMFUZZ_TEST_H
#define MMFUZZ_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define TEST_MAX 512
extern struct test_case test_cases[TEST_MAX];
extern int test_count;
extern int test_current_failed;

#define TEST(name)                                                            \
	static void name(void);                                               \
	__attribute__((constructor)) static void register_##name(void)        \
	{                                                                     \
		if (test_count < TEST_MAX)                                    \
			test_cases[test_count++] = (struct test_case){#name, name}; \
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

/* Defines main(): run all cases, print the summary, exit non-zero on failure. */
#define TEST_MAIN()                                                           \
	struct test_case test_cases[TEST_MAX];                                \
	int test_count;                                                       \
	int test_current_failed;                                              \
	int main(void)                                                        \
	{                                                                     \
		int passed = 0, failed = 0;                                   \
		for (int i = 0; i < test_count; i++) {                        \
			test_current_failed = 0;                              \
			test_cases[i].fn();                                   \
			if (test_current_failed) {                            \
				failed++;                                     \
				printf("FAIL %s\n", test_cases[i].name);      \
			} else {                                              \
				passed++;                                     \
			}                                                     \
		}                                                             \
		printf("%d passed, %d failed\n", passed, failed);             \
		return failed ? 1 : 0;                                        \
	}

#endif
