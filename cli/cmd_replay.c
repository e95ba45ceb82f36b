/*
 * mmfuzz replay INPUT...: run inputs through their targets with every check
 * on, each in a child process, and for each one that fails say what a
 * person needs to act on it: the broken invariant, the operation that broke
 * it (the shortest prefix of the input that fails the same way, found by
 * bisecting over the operations' offsets), the addresses involved, the
 * decoded operations around it, and the commands that reproduce it and
 * keep it as a regression test.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bug_switch.h"
#include "commands.h"
#include "describe.h"
#include "input_files.h"

static const char usage[] =
	"usage: mmfuzz replay [--target T] [--timeout SEC] [--bug NAME[,NAME]] INPUT...\n"
	"Run each INPUT (files, or directories walked like mmfuzz-replay's) through its\n"
	"target with every oracle check on, one child process per input, and print\n"
	"'ok', 'rejected REASON', or for a failure a report: the broken invariant and the\n"
	"oracle's or sanitizer's message, the addresses (and pfns) it names, the operation\n"
	"that broke it with the decoded operations around it, and the commands that\n"
	"reproduce it and keep it (scripts/add-repro.sh).  Without --target, a file's\n"
	"target is the last component of its path naming one.  --timeout (default 10 s)\n"
	"counts as a failure.  Exits 1 if any input failed.\n";

struct outcome {
	enum { RUN_OK, RUN_REJECTED, RUN_FAILED } kind;
	char line[512];		/* the reason, or the first line saying what failed */
	char signature[160];	/* what must match for a prefix to fail "the same way" */
};

struct replay {
	const struct fuzz_target *target;
	unsigned timeout;
	unsigned passed, failed;
	const char *bugs;	/* --bug's list, repeated in the reproduce commands */
};

/* The first line of text starting with one of the markers a failure prints. */
static bool find_failure_line(const char *text, char *out, size_t cap)
{
	static const char *const markers[] = { "ORACLE: ", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
					       "runtime error:", "TIMEOUT ", "Assertion" };

	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		const char *p = strstr(text, markers[i]);

		if (!p)
			continue;
		if (markers[i][0] == 'r' || markers[i][0] == 'A')	/* keep the file:line before it */
			while (p > text && p[-1] != '\n')
				p--;
		snprintf(out, cap, "%.*s", (int)strcspn(p, "\n"), p);
		return true;
	}
	return false;
}

/* "ORACLE: <invariant>: at ..." → the invariant; a sanitizer's error kind; else the line. */
static void signature_of(const char *line, char *out, size_t cap)
{
	const char *p = line;
	size_t n = strlen(line);

	if (strncmp(line, "ORACLE: ", 8) == 0) {
		const char *at = strstr(line, ": at 0x");

		p = line + 8;
		n = at ? (size_t)(at - p) : strlen(p);
	} else if ((p = strstr(line, "runtime error: ")) != NULL || (p = strstr(line, "ERROR: ")) != NULL) {
		n = strcspn(p, "0123456789");	/* up to the first address or number */
	} else {
		p = line;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static char *slurp(FILE *f)
{
	long n;
	char *text;

	fflush(f);
	n = ftell(f);
	text = malloc(n > 0 ? (size_t)n + 1 : 1);
	if (!text)
		abort();
	rewind(f);
	n = n > 0 ? (long)fread(text, 1, (size_t)n, f) : 0;
	text[n] = '\0';
	return text;
}

/* Runs the target on data[0..len) in a child, with its output captured. */
static void run_in_child(const struct replay *r, const struct fuzz_target *t, const uint8_t *data,
			 size_t len, struct outcome *o)
{
	FILE *capture = tmpfile();
	int status = 0;
	char *text;
	pid_t pid;

	if (!capture) {
		perror("mmfuzz replay: tmpfile");
		exit(2);
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		uint8_t *exact = malloc(len ? len : 1);
		int ret;

		dup2(fileno(capture), STDOUT_FILENO);
		dup2(fileno(capture), STDERR_FILENO);
		if (!exact)
			abort();
		memcpy(exact, data, len);	/* exactly sized: ASan sees reads past the input */
		alarm(r->timeout);
		ret = t->run(exact, len);
		alarm(0);
		if (ret == 0)
			printf("ok\n");
		else
			printf("rejected %s\n", t->last_reject ? t->last_reject() : "");
		free(exact);
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		perror("mmfuzz replay: fork");
		exit(2);
	}
	text = slurp(capture);
	fclose(capture);
	*o = (struct outcome){ .kind = RUN_FAILED };
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && strncmp(text, "ok\n", 3) == 0) {
		o->kind = RUN_OK;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && strncmp(text, "rejected ", 9) == 0) {
		o->kind = RUN_REJECTED;
		snprintf(o->line, sizeof(o->line), "%.*s", (int)strcspn(text + 9, "\n"), text + 9);
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		snprintf(o->line, sizeof(o->line), "TIMEOUT after %u s", r->timeout);
	} else if (!find_failure_line(text, o->line, sizeof(o->line))) {
		if (WIFSIGNALED(status))
			snprintf(o->line, sizeof(o->line), "killed by signal %d (%s)", WTERMSIG(status),
				 strsignal(WTERMSIG(status)));
		else
			snprintf(o->line, sizeof(o->line), "exit status %d", WEXITSTATUS(status));
	}
	if (o->kind == RUN_FAILED)
		signature_of(o->line, o->signature, sizeof(o->signature));
	free(text);
}

/*
 * The number of leading operations with which the input first fails the
 * same way (1..nr_ops), or 0 when it already fails with none of them.
 * Bisects over prefixes cut at the operations' offsets; later operations
 * can only add failures, so a failing prefix's extensions fail too.
 */
static unsigned first_failing_prefix(const struct replay *r, const struct description *d,
				     const uint8_t *data, const struct outcome *full)
{
	unsigned lo = 0, hi = d->nr_ops;	/* hi operations fail; is lo enough? */
	struct outcome o;

	run_in_child(r, d->target, data, d->nr_ops ? d->ops[0].offset : 0, &o);
	if (o.kind == RUN_FAILED && strcmp(o.signature, full->signature) == 0)
		return 0;
	while (hi - lo > 1) {
		unsigned mid = lo + (hi - lo) / 2;

		run_in_child(r, d->target, data, d->ops[mid].offset, &o);
		if (o.kind == RUN_FAILED && strcmp(o.signature, full->signature) == 0)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* The oracle's "at 0x<addr>: expected 0x<e>, actual 0x<a>", spelled out with the address's pfn. */
static void print_addresses(const char *line)
{
	const char *at = strstr(line, ": at 0x"), *exp = strstr(line, ": expected 0x"), *act = strstr(line, ", actual 0x");
	unsigned long long addr;

	if (!at)
		return;
	addr = strtoull(at + 5, NULL, 16);
	printf("  address:           %#llx (pfn %#llx, if physical)\n", addr, addr >> 12);
	if (exp && act)
		printf("  expected / actual: %#llx / %#llx\n", strtoull(exp + 11, NULL, 16),
		       strtoull(act + 9, NULL, 16));
}

/* The mmfuzz-replay of this program's build (build/X/cli/mmfuzz → build/X/fuzz/mmfuzz-replay). */
static void replay_tool(char *out, size_t cap)
{
	const char *slash = strrchr(mmfuzz_program, '/');

	if (slash && slash - mmfuzz_program >= 4 && strncmp(slash - 4, "/cli", 4) == 0)
		snprintf(out, cap, "%.*s/fuzz/mmfuzz-replay", (int)(slash - 4 - mmfuzz_program), mmfuzz_program);
	else
		snprintf(out, cap, "mmfuzz-replay");
}

static void report(const struct replay *r, const char *path, const uint8_t *data, size_t len,
		   const struct outcome *full)
{
	static struct description d;
	char tool[PATH_MAX + 32];
	unsigned k;

	printf("FAILED %s (target %s)\n", path, r->target ? r->target->name : "?");
	printf("  broken invariant:  %s\n", full->signature);
	printf("  message:           %s\n", full->line);
	print_addresses(full->line);
	if (describe_input(r->target, data, len, &d) == 0 && d.has_ops) {
		k = first_failing_prefix(r, &d, data, full);
		if (k == 0) {
			printf("  broke at:          before any operation (the boot or preset itself; mmfuzz decode %s shows it)\n",
			       path);
		} else {
			printf("  broke at:          operation %u of %u (byte %u): the input cut before it passes, with it fails the same way\n",
			       k - 1, d.nr_ops, d.ops[k - 1].offset);
			printf("  operations around it:\n");
			for (unsigned i = k > 4 ? k - 4 : 0; i < d.nr_ops && i < k + 2; i++)
				printf("    %s %4u  %s\n", i == k - 1 ? ">" : " ", i, d.ops[i].text);
		}
	} else {
		printf("  broke at:          the boot of its device tree (no operations; mmfuzz decode %s shows the tree)\n",
		       path);
	}
	replay_tool(tool, sizeof(tool));
	printf("  reproduce:         %s --target %s%s%s %s\n", tool, r->target->name, r->bugs ? " --bug " : "",
	       r->bugs ? r->bugs : "", path);
	printf("                     %s replay --target %s%s%s %s\n", mmfuzz_program, r->target->name,
	       r->bugs ? " --bug " : "", r->bugs ? r->bugs : "", path);
	printf("  keep it:           bash scripts/add-repro.sh %s %s \"<what broke, one line>\"\n",
	       r->target->name, path);
}

static int replay_visit(const char *path, int err, void *ctx)
{
	struct replay *r = ctx;
	const struct fuzz_target *saved = r->target;
	struct outcome o;
	unsigned char *data;
	size_t len;

	if (err) {
		fprintf(stderr, "mmfuzz replay: %s: %s\n", path, strerror(err));
		r->failed++;
		return 0;
	}
	if (!r->target)
		r->target = fuzz_target_from_path(path);
	if (!r->target) {
		fprintf(stderr, "mmfuzz replay: no target name in '%s'; use --target\n", path);
		return -1;
	}
	data = read_file_or_complain(path, &len);
	if (!data) {
		r->failed++;
	} else {
		run_in_child(r, r->target, data, len, &o);
		if (o.kind == RUN_OK) {
			printf("ok %s\n", path);
			r->passed++;
		} else if (o.kind == RUN_REJECTED) {
			printf("rejected %s %s\n", path, o.line);
			r->passed++;
		} else {
			r->failed++;
			report(r, path, data, len, &o);
		}
		free(data);
	}
	fflush(stdout);
	r->target = saved;
	return 0;
}

static int replay_run(int argc, char **argv)
{
	struct replay r = { .timeout = 10 };
	int i;
	char *end;

	fuzz_scheduled_sweeps = false;	/* every check on every input, as mmfuzz-replay */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
			if (!pick_target("replay", argv[++i], &r.target))
				return 2;
		} else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
			errno = 0;
			r.timeout = (unsigned)strtoul(argv[++i], &end, 10);
			if (errno || *end || !r.timeout) {
				fprintf(stderr, "mmfuzz replay: bad --timeout '%s'\n", argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--bug") == 0 && i + 1 < argc) {
			r.bugs = argv[++i];
			if (fuzz_enable_bugs(r.bugs) < 0)
				return 2;
		} else {
			return usage_error(usage);
		}
	}
	if (i == argc)
		return usage_error(usage);
	if (fuzz_enable_bugs_from_env() < 0)
		return 2;
	if (!r.bugs && getenv("MMFUZZ_BUG"))
		r.bugs = getenv("MMFUZZ_BUG");
	for (; i < argc; i++)
		if (walk_inputs(argv[i], replay_visit, &r) < 0)
			return 2;
	printf("replay: %u passed, %u failed\n", r.passed, r.failed);
	return r.failed ? 1 : 0;
}

const struct command cmd_replay = {
	.name = "replay",
	.summary = "replay inputs with every check; report a failure with its operation and the commands to keep it",
	.usage = usage,
	.run = replay_run,
};
