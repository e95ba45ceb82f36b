/*
 * mmfuzz-replay: run saved inputs through their fuzz targets, without any
 * fuzzing engine and without the engines' size cap, so corpora and
 * minimised crashers replay under any compiler (ctest uses it).
 *
 *   mmfuzz-replay [--target NAME] [--timeout SEC] [--bug NAME] [--expect] [--quiet] PATH...
 *   mmfuzz-replay --list | --list-bugs
 *
 * Directories are walked recursively in byte order of names; files that
 * are not inputs by walk_inputs()'s rule are skipped, and said so unless
 * they are dotfiles or notes (*.md, *.txt, *.desc).  Without --target, each file's
 * target is the last component of its path that names a target.  A broken
 * invariant aborts in the oracle; a hang ends the run via alarm().  With
 * --expect each input must give the verdict the first line of its .desc
 * names (repro_verdict.h), or it fails: how ctest replays repro/.
 */
#include "bug_switch.h"
#include "fuzz_target.h"
#include "input_files.h"
#include "repro_verdict.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct replay {
	const struct fuzz_target *target;	/* NULL: infer from each path */
	unsigned timeout;
	bool quiet;
	bool expect;		/* hold each input to its .desc's verdict */
	unsigned passed, failed, skipped;
};

/* Written by the SIGALRM handler, which may only call write() and _exit(). */
static char timeout_msg[PATH_MAX + 64];
static size_t timeout_msg_len;

static void on_alarm(int sig)
{
	ssize_t n = write(STDERR_FILENO, timeout_msg, timeout_msg_len);

	(void)sig;
	(void)n;
	_exit(3);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mmfuzz-replay [--target NAME] [--timeout SEC] [--bug NAME[,NAME]] [--expect] [--quiet] PATH...\n"
		"       mmfuzz-replay --list | --list-bugs\n");
}

/* --expect: a verdict that the outcome does not match fails the input. */
static bool verdict_holds(const struct replay *r, const char *path, const struct repro_verdict *v,
			  bool rejected, const char *why)
{
	if (!r->expect || repro_verdict_matches(v, rejected, why))
		return true;
	printf("FAILED %s: expected %s%s, got %s%s\n", path, v->rejected ? "rejected " : "ok",
	       v->rejected ? v->reason : "", rejected ? "rejected " : "ok", rejected && why ? why : "");
	return false;
}

/* Returns -1 only for a usage error (no target for the file). */
static int replay_file(struct replay *r, const char *path)
{
	const struct fuzz_target *t = r->target ? r->target : fuzz_target_from_path(path);
	struct repro_verdict verdict = { 0 };
	char bad_verdict[PATH_MAX + 96];
	const char *why = NULL;
	uint8_t *data, *exact;
	size_t len;
	int ret;

	if (!t) {
		fprintf(stderr, "mmfuzz-replay: no target name in path '%s'; use --target\n", path);
		return -1;
	}
	if (r->expect && repro_verdict_read(path, &verdict, bad_verdict, sizeof(bad_verdict)) < 0) {
		printf("FAILED %s: no verdict: %s\n", path, bad_verdict);
		r->failed++;
		return 0;
	}
	errno = 0;
	data = read_input(path, &len);
	if (!data) {
		fprintf(stderr, "mmfuzz-replay: %s: %s\n", path, strerror(errno ? errno : EIO));
		r->failed++;
		return 0;
	}
	/* An exactly-sized copy, so ASan catches reads past the input. */
	exact = malloc(len ? len : 1);
	if (!exact) {
		fprintf(stderr, "mmfuzz-replay: %s: out of memory\n", path);
		free(data);
		r->failed++;
		return 0;
	}
	memcpy(exact, data, len);
	free(data);

	timeout_msg_len = (size_t)snprintf(timeout_msg, sizeof(timeout_msg),
					   "TIMEOUT %s after %u s\n", path, r->timeout);
	if (timeout_msg_len >= sizeof(timeout_msg))
		timeout_msg_len = sizeof(timeout_msg) - 1;
	alarm(r->timeout);
	ret = t->run(exact, len);
	alarm(0);
	free(exact);

	if (ret == -1)
		why = t->last_reject ? t->last_reject() : NULL;
	if (ret == 0 || ret == -1) {
		if (!r->quiet)
			printf("%s %s%s%s\n", ret ? "rejected" : "ok", path, why && *why ? " " : "", why ? why : "");
		if (verdict_holds(r, path, &verdict, ret == -1, why))
			r->passed++;
		else
			r->failed++;
	} else {
		printf("FAILED %s: run() returned %d\n", path, ret);
		r->failed++;
	}
	fflush(stdout);
	return 0;
}

/* input_file_fn: an unreadable path counts as a failure and the walk goes on. */
static int replay_visit(const char *path, int err, void *ctx)
{
	struct replay *r = ctx;

	if (err == INPUT_NOT_AN_INPUT) {
		if (!r->quiet)
			printf("skipped %s: not an input\n", path);
		r->skipped++;
		return 0;
	}
	if (err) {
		fprintf(stderr, "mmfuzz-replay: %s: %s\n", path, strerror(err));
		r->failed++;
		return 0;
	}
	return replay_file(r, path);
}

static bool parse_uint(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > UINT_MAX)
		return false;
	*out = (unsigned)v;
	return true;
}

int main(int argc, char **argv)
{
	struct replay r = { .timeout = 10 };
	int i;

	/* every check on every input, in fuzzing builds too: that is what replaying is for */
	fuzz_scheduled_sweeps = false;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		const char *opt = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(opt, "--") == 0) {
			i++;
			break;
		} else if (strcmp(opt, "--list") == 0) {
			for (int j = 0; fuzz_targets[j]; j++)
				printf("%s\n", fuzz_targets[j]->name);
			return 0;
		} else if (strcmp(opt, "--list-bugs") == 0) {
			fuzz_list_bugs(stdout);
			return 0;
		} else if (strcmp(opt, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(opt, "--quiet") == 0) {
			r.quiet = true;
		} else if (strcmp(opt, "--expect") == 0) {
			r.expect = true;
		} else if (strcmp(opt, "--target") == 0 && val) {
			r.target = fuzz_target_find(val);
			if (!r.target) {
				fprintf(stderr, "mmfuzz-replay: unknown target '%s' (see --list)\n", val);
				return 2;
			}
			i++;
		} else if (strcmp(opt, "--timeout") == 0 && val) {
			if (!parse_uint(val, &r.timeout)) {
				fprintf(stderr, "mmfuzz-replay: bad --timeout '%s'\n", val);
				return 2;
			}
			i++;
		} else if (strcmp(opt, "--bug") == 0 && val) {
			if (fuzz_enable_bugs(val) < 0)
				return 2;
			i++;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (i == argc) {
		usage(stderr);
		return 2;
	}
	if (fuzz_enable_bugs_from_env() < 0 || fuzz_oracle_level_from_env() < 0)
		return 2;
	signal(SIGALRM, on_alarm);

	for (; i < argc; i++)
		if (walk_inputs(argv[i], replay_visit, &r) < 0)
			return 2;
	printf("replay: %u passed, %u failed", r.passed, r.failed);
	if (r.skipped)
		printf(", %u skipped (not inputs)", r.skipped);
	printf("\n");
	return r.failed ? 1 : 0;
}
