"""`readiness compare ID ID`: two saved results of one quiz side by side.

Returns an exit status like every command module (0 done, 1 a problem said in
one line on stderr). The store is imported inside the handler so `--help`
stays quick.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from readiness.commands.output import PROG, err


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "compare",
        help="compare two saved results of one quiz",
        description="Show two saved results of the same quiz side by side, dimension by "
        "dimension, with the change in words. IDs are from `readiness history`; a unique "
        "start or the last 6 characters are enough. The earlier one is shown first.",
    )
    p.add_argument("first", metavar="ID")
    p.add_argument("second", metavar="ID")
    p.set_defaults(handler=run_compare)


def run_compare(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the comparison, or say in one line why it cannot be made."""
    from readiness.core import compare, records, store
    from readiness.core.textsafe import terminal_safe

    out = out or sys.stdout
    try:
        summaries = []
        for given in (args.first, args.second):
            full = store.resolve_id(given)
            summaries.append(records.summary_from_record(store.load_saved(full), full))
        if summaries[0].id == summaries[1].id:
            raise store.StoreError("Those are the same saved result; give two different ids.")
        text = compare.to_text(compare.compare(*summaries))
    except store.StoreError as exc:
        err(f"{PROG}: {exc}")
        return 1
    out.write(terminal_safe(text, multiline=True) + "\n")
    return 0
