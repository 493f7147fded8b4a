"""Subcommands of the `readiness` command line, one module per group."""
