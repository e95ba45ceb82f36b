/*
 * The mmfuzz command's subcommands: each is cmd_<name>(argc, argv) with
 * argv[0] the subcommand's name, returning the process exit status.
 */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

int cmd_boot(int argc, char **argv);

#endif
