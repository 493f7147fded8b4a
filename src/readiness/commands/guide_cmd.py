"""`guide`: the authoring guide, shipped inside the package.

Someone who installed readiness with pipx has no `docs/` folder, so the guide
lives in `readiness/data/authoring.md` and this command shows it: paged at a
terminal (as `git` does), printed as it is anywhere else, so
`readiness guide > guide.md` keeps a copy. Exit status: 0 done, 1 the file is
missing from this installation.
"""

from __future__ import annotations

import argparse
import sys

from readiness.commands.output import PROG, err, shown

GUIDE_NAME = "authoring.md"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "guide",
        help="show the guide to writing your own quiz",
        description="Show the authoring guide: from an empty file to a quiz in the app's list, every key, "
        "and every kind of error message with its fix. At a terminal it opens in a pager ($PAGER, or "
        "less); otherwise it is printed, so 'readiness guide > guide.md' keeps a copy.",
    )
    p.add_argument(
        "--path", action="store_true", help="print where the guide's file is, instead of the guide"
    )
    p.set_defaults(handler=cmd_guide)


def cmd_guide(args: argparse.Namespace) -> int:
    from readiness import locations

    path = locations.data_file(GUIDE_NAME)
    if args.path:
        print(shown(path))
        return 0
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        err(f"{PROG} guide: cannot read {path}: {reason}; this installation seems incomplete")
        return 1
    if sys.stdout.isatty() and sys.stdin.isatty():
        import pydoc  # a pager only for a person at a terminal; its choice follows $MANPAGER/$PAGER

        pydoc.pager(text)
    else:
        print(text, end="")
    return 0
