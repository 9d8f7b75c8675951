"""The command line's exit codes, one place for every command."""

EXIT_OK, EXIT_INPUT, EXIT_REGISTRY, EXIT_USAGE = 0, 1, 2, 64
EXIT_NO_TASKS = 3         # import: a file gave no task at all (its warnings, if any, say where to look)
EXIT_DENIED = 77          # sysexits' EX_NOPERM: signing in failed, or the account may not do this
