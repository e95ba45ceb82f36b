/*
 * The subcommands of mmfuzz (cli/mmfuzz.c dispatches): each cmd_<name>.c
 * defines one `const struct command cmd_<name>`, and mmfuzz.c lists it in
 * its table.  run() gets the arguments after the command's name (argv[0]
 * is the name) and returns the exit status; every command answers --help.
 */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "fuzz_target.h"

struct command {
	const char *name;
	const char *summary;	/* one line for `mmfuzz --help` */
	const char *usage;	/* what `mmfuzz NAME --help` prints */
	int (*run)(int argc, char **argv);
};

extern const struct command cmd_decode;
extern const struct command cmd_replay;
extern const struct command cmd_map;
extern const struct command cmd_boot;

/* argv[0] of mmfuzz, for the commands a report prints. */
extern const char *mmfuzz_program;

/* True when argv holds -h or --help (before a "--"); the command then prints its usage. */
int wants_help(int argc, char **argv);
/* --target NAME of command cmd: *t = that target, or false with a message for an unknown name. */
bool pick_target(const char *cmd, const char *name, const struct fuzz_target **t);
/* The usage on stderr; returns 2, the exit status of a usage error. */
int usage_error(const char *usage);
/* The input file's bytes (malloc'ed, exactly sized), or NULL with a message on stderr. */
unsigned char *read_file_or_complain(const char *path, size_t *len);

#endif
