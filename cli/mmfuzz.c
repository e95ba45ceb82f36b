/*
 * mmfuzz: the tools a person triages fuzz findings with, and boots a board with.
 *
 *   mmfuzz COMMAND [ARGS...]      mmfuzz --help      mmfuzz COMMAND --help
 *
 * Each command lives in cli/cmd_<name>.c; add one there and to the table below.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "input_files.h"

static const struct command *const commands[] = {
	&cmd_decode,
	&cmd_replay,
	&cmd_map,
	&cmd_boot,
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *mmfuzz_program = "mmfuzz";

int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

bool pick_target(const char *cmd, const char *name, const struct fuzz_target **t)
{
	*t = fuzz_target_find(name);
	if (*t)
		return true;
	fprintf(stderr, "mmfuzz %s: unknown target '%s'; targets:", cmd, name);
	for (int i = 0; fuzz_targets[i]; i++)
		fprintf(stderr, " %s", fuzz_targets[i]->name);
	fputc('\n', stderr);
	return false;
}

int usage_error(const char *usage)
{
	fputs(usage, stderr);
	return 2;
}

unsigned char *read_file_or_complain(const char *path, size_t *len)
{
	unsigned char *data = read_input(path, len);

	if (!data)
		perror(path);
	return data;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: mmfuzz COMMAND [ARGS...]   (mmfuzz COMMAND --help for its options)\n\ncommands:\n");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
}

int main(int argc, char **argv)
{
	mmfuzz_program = argv[0];
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < NR_COMMANDS; i++) {
		if (strcmp(argv[1], commands[i]->name) != 0)
			continue;
		if (wants_help(argc - 1, argv + 1)) {
			fputs(commands[i]->usage, stdout);
			return 0;
		}
		return commands[i]->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "mmfuzz: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
