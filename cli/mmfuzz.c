/* mmfuzz COMMAND [ARGS]: dispatches to cli/cmd_<command>.c. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "boot", cmd_boot, "boot the model on a DTB or DTS and print the log and /proc files" },
};

static int usage(FILE *f, int status)
{
	fprintf(f, "usage: mmfuzz COMMAND [ARGS]   (mmfuzz COMMAND --help for its options)\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, 2);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return usage(stdout, 0);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "mmfuzz: unknown command '%s'\n", argv[1]);
	return usage(stderr, 2);
}
