"""The `readiness` command: argparse, with every subcommand imported only when used.

`readiness` alone opens the app; the subcommands work without it, and
`--help`, `--version`, `list`, `validate` and `take --answers` never import
Textual, so they stay quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from readiness import __version__

PROG = "readiness"


def build_parser() -> argparse.ArgumentParser:
    from readiness.commands import history_cmd, quiz_cmd

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A private self-assessment for when your partner is reluctant about therapy. "
        "Run it with no command to open the app. ctrl+q leaves the app at once.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--private", action="store_true", help="turn saving off for this run")
    parser.add_argument(
        "--quiz-dir", action="append", type=Path, default=[], metavar="DIR", help="also list the quizzes in DIR"
    )
    parser.set_defaults(handler=run_app)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    quiz_cmd.register(subparsers)
    history_cmd.register(subparsers)
    try:
        from readiness.commands import authoring_cmd
    except ImportError:  # pragma: no cover - authoring commands are optional during development
        pass
    else:
        authoring_cmd.register(subparsers)
    return parser


def run_app(args: argparse.Namespace) -> int:
    """Open the terminal app (optionally straight into one quiz)."""
    try:
        from readiness.app import build_app
    except ImportError:
        print(f"{PROG}: the terminal app is not available in this build; try '{PROG} --help'", file=sys.stderr)
        return 1
    quiz = getattr(args, "quiz", None)
    quiz_path = Path(quiz) if quiz and Path(quiz).is_file() else None
    app = build_app(
        quiz_id=None if quiz_path else quiz,
        quiz_path=quiz_path,
        private=args.private,
        extra_quiz_dirs=tuple(args.quiz_dir),
    )
    app.run()
    return int(app.return_code or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status. Never a traceback for the person at the terminal.

    ctrl+c ends quietly with 130 (the shell's convention). Anything unexpected is a
    bug of ours: one line asking to report it, exit 1. READINESS_TRACEBACK=1 shows
    the traceback instead, for whoever works on readiness itself.
    """
    _safe_output()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug, said in one line
        import os

        if os.environ.get("READINESS_TRACEBACK"):
            raise
        from readiness.core.problems import printable

        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(printable(f"{PROG}: internal error: {detail}; please report it"), file=sys.stderr)
        return 1


def _safe_output() -> None:
    """Whatever we print, a character the terminal's encoding lacks (or a file name's
    undecodable byte) comes out escaped rather than as a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict":
            try:  # noqa: SIM105 - contextlib is not otherwise imported on the quick paths
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
