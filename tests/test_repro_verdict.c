/* fuzz/repro_verdict.c: the expected verdict of a repro, read from its .desc, and its matching. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz/repro_verdict.h"
#include "test.h"

static char dir[64], input[96];

static void write_desc(const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s.desc", input);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

TEST(parses_both_verdicts)
{
	struct repro_verdict v;

	CHECK_EQ(repro_verdict_parse("expect: ok", &v), 0);
	CHECK(!v.rejected);
	CHECK_EQ(repro_verdict_parse("expect: rejected unbootable: a CMA pool", &v), 0);
	CHECK(v.rejected);
	CHECK_STR(v.reason, "unbootable: a CMA pool");
}

/* A refusal with no reason would pass any refusal: exactly what the verdict is there to stop. */
TEST(refuses_malformed_lines)
{
	struct repro_verdict v;

	CHECK_EQ(repro_verdict_parse("expect: rejected ", &v), -1);
	CHECK_EQ(repro_verdict_parse("expect: rejected", &v), -1);
	CHECK_EQ(repro_verdict_parse("expect: fine", &v), -1);
	CHECK_EQ(repro_verdict_parse("ok", &v), -1);
	CHECK_EQ(repro_verdict_parse("A description without a verdict", &v), -1);
	CHECK_EQ(repro_verdict_parse("expect: ok but more", &v), -1);
}

TEST(matches_outcome_and_reason_prefix)
{
	struct repro_verdict ok, rej;

	CHECK_EQ(repro_verdict_parse("expect: ok", &ok), 0);
	CHECK_EQ(repro_verdict_parse("expect: rejected unbootable: the image", &rej), 0);
	CHECK(repro_verdict_matches(&ok, false, NULL));
	CHECK(!repro_verdict_matches(&ok, true, "unbootable: the image"));
	CHECK(repro_verdict_matches(&rej, true, "unbootable: the image is not in lowmem RAM"));
	CHECK(!repro_verdict_matches(&rej, true, "unbootable: a CMA pool over the kernel image"));
	CHECK(!repro_verdict_matches(&rej, true, NULL));
	CHECK(!repro_verdict_matches(&rej, false, NULL));
}

/* The first line of NAME.desc; the description follows it. */
TEST(reads_the_desc_beside_the_input)
{
	struct repro_verdict v;
	char why[512];

	snprintf(dir, sizeof(dir), "/tmp/mmfuzz-verdict-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(input, sizeof(input), "%s/case", dir);
	CHECK_EQ(repro_verdict_read(input, &v, why, sizeof(why)), -1);
	CHECK(strstr(why, "case.desc") != NULL);

	write_desc("expect: rejected kernel quirk: a sub-page\r\nWhat broke, in a line.\n");
	CHECK_EQ(repro_verdict_read(input, &v, why, sizeof(why)), 0);
	CHECK(v.rejected);
	CHECK_STR(v.reason, "kernel quirk: a sub-page");

	write_desc("What broke, in a line.\nexpect: ok\n");
	CHECK_EQ(repro_verdict_read(input, &v, why, sizeof(why)), -1);
	CHECK(strstr(why, "first line") != NULL);

	write_desc("");
	CHECK_EQ(repro_verdict_read(input, &v, why, sizeof(why)), -1);

	snprintf(why, sizeof(why), "%s.desc", input);
	CHECK_EQ(unlink(why), 0);
	CHECK_EQ(rmdir(dir), 0);
}

TEST_MAIN()
