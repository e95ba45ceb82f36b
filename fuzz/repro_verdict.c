/* See repro_verdict.h. */
#include "repro_verdict.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define PREFIX "expect: "
#define REJECTED "rejected "

int repro_verdict_parse(const char *line, struct repro_verdict *v)
{
	size_t n;

	if (strncmp(line, PREFIX, strlen(PREFIX)) != 0)
		return -1;
	line += strlen(PREFIX);
	if (strcmp(line, "ok") == 0) {
		*v = (struct repro_verdict){ .rejected = false };
		return 0;
	}
	if (strncmp(line, REJECTED, strlen(REJECTED)) != 0)
		return -1;
	line += strlen(REJECTED);
	n = strlen(line);
	/* an empty reason would accept any refusal: the hole this format closes */
	if (!n || n >= sizeof(v->reason))
		return -1;
	v->rejected = true;
	memcpy(v->reason, line, n + 1);
	return 0;
}

int repro_verdict_read(const char *input_path, struct repro_verdict *v, char *why, size_t why_len)
{
	char path[PATH_MAX], line[VERDICT_REASON_MAX + 64];
	FILE *f;
	bool got;

	if ((size_t)snprintf(path, sizeof(path), "%s.desc", input_path) >= sizeof(path)) {
		snprintf(why, why_len, "path too long");
		return -1;
	}
	f = fopen(path, "r");
	if (!f) {
		snprintf(why, why_len, "%s: %s", path, strerror(errno));
		return -1;
	}
	got = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (got)
		line[strcspn(line, "\r\n")] = '\0';
	if (!got || repro_verdict_parse(line, v) < 0) {
		snprintf(why, why_len, "%s: first line is not 'expect: ok' or 'expect: rejected REASON'", path);
		return -1;
	}
	return 0;
}

bool repro_verdict_matches(const struct repro_verdict *v, bool rejected, const char *reason)
{
	if (v->rejected != rejected)
		return false;
	return !rejected || (reason && strncmp(reason, v->reason, strlen(v->reason)) == 0);
}
