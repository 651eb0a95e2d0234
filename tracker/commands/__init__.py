"""The `tracker` subcommands, one module per group: records (reading and changing what leads
keep), data (the database as a whole: files in and out, reports, checks) and admin (the TUI,
creating the database, periods and users). Each handler is `cmd_NAME(args, ctx) -> exit status`;
tracker/cli_parser.py wires them to the command line and tracker/cli.py runs them.

Heavy modules are imported inside the handlers, so `tracker --version` loads none of them.
"""
