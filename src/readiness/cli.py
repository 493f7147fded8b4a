"""The `readiness` command: argparse, with every subcommand imported only when used.

`readiness` alone opens the app; the subcommands work without it, and
`--help`, `--version`, `list`, `validate` and `take --answers` never import
Textual, so they stay quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from readiness import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

PROG = "readiness"


# Each command module and the subcommands it registers, in the order `--help` lists them.
# A command not named here (one just added to a module) still works: the full parser is
# built for it.
_MODULES = {
    "quiz_cmd": ("list", "validate", "take", "schema", "paths"),
    "history_cmd": ("history", "show", "export", "forget"),
    "protect_cmd": ("protect",),
    "compare_cmd": ("compare",),
    "authoring_cmd": ("new", "add", "preview"),
    "guide_cmd": ("guide",),
    "print_cmd": ("print", "completion"),
}
_COMMANDS = {command: module for module, commands in _MODULES.items() for command in commands}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser.

    Given the arguments, and when the first of them is a command, only that
    command's parser is made (its module alone imported): `readiness validate FILE`
    should not pay for a dozen parsers it never uses; `--version` alone needs none.
    In every other case (no arguments, `--help`, an option first, a mistyped
    command) all are made, so help, usage and error messages are exactly the full
    parser's.
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=_HelpFormatter,
        description="A private self-assessment for when your partner is reluctant about therapy. "
        "Run it with no command to open the app. ctrl+q (or ctrl+c) leaves the app at once.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_global_flags(parser)
    parser.set_defaults(handler=run_app)
    # prog given, as argparse would work it out (no positionals come before COMMAND):
    # working it out builds a help formatter, and that imports shutil.
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", prog=PROG)
    if argv is not None and list(argv) == ["--version"]:
        return parser  # argparse prints the version and exits before any command is looked at
    only = argv[0] if argv and argv[0] in _COMMANDS else None
    for name in [_COMMANDS[only]] if only else _MODULES:
        # (importlib itself would be one more import)
        module = __import__(f"readiness.commands.{name}", fromlist=["register"])
        module.register(_Subparsers(subparsers, only))
    return parser


def _add_global_flags(parser: argparse.ArgumentParser, *, after_command: bool = False) -> None:
    """`--private`, `--quiz-dir` and `--version`, before the command or after it (`take X --private`).

    After the command they go to their own names, absent unless given (argparse
    would otherwise let a subcommand's default overwrite what came before it);
    `merge_global_flags` joins the two.
    """
    place = parser.add_argument_group("options for every command") if after_command else parser
    after = "_after" if after_command else ""
    place.add_argument(
        "--private",
        dest=f"private{after}",
        action="store_true",
        default=argparse.SUPPRESS if after_command else False,
        help="turn saving off for this run",
    )
    place.add_argument(
        "--quiz-dir",
        dest=f"quiz_dir{after}",
        action="append",
        type=Path,
        default=argparse.SUPPRESS if after_command else [],
        metavar="DIR",
        help="also list the quizzes in DIR",
    )
    if after_command:
        place.add_argument("--version", action="version", version=f"{PROG} {__version__}")


def merge_global_flags(args: argparse.Namespace) -> argparse.Namespace:
    """One `private` and one `quiz_dir` however the flags were placed (dirs in the order given)."""
    if args.__dict__.pop("private_after", False):
        args.private = True
    after = args.__dict__.pop("quiz_dir_after", None)
    if after:
        args.quiz_dir = [*getattr(args, "quiz_dir", []), *after]
    return args


# The commands the settings file changes: the app (and `take` without answers, which opens
# it) and `take --answers ... --save`. No other command reads the file, so `--version`,
# `list` and `validate` stay as quick as they were; `paths` reads it itself, to show it.
_SETTINGS_HANDLERS = ("run_app", "cmd_take")  # by name: the command modules are not imported here


def apply_settings(args: argparse.Namespace) -> bool:
    """What `config.toml` changes about this run; True when a save asked for was refused.

    `private = true` acts as `--private` (`args.private_from` says which it was).
    A private run's `take --save` shows the result and saves nothing, saying so; with
    `protect = true`, a save while protection is not set up is not made in plain
    (and the command then ends with 1). A bad file's problems are printed on stderr,
    once, and the run goes on with the defaults. `readiness protect` is left alone:
    protecting results already saved is not the saving `private` turns off.
    """
    handler = getattr(args, "handler", None)
    if handler is not run_app and getattr(handler, "__name__", "") not in _SETTINGS_HANDLERS:
        return False
    from readiness.core.config import current_config

    settings, problems = current_config()
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if args.private:
        args.private_from = "--private"
    elif settings.private:
        args.private = True
        args.private_from = "private = true in config.toml"
    if not getattr(args, "save", False) or getattr(args, "answers", None) is None:
        return False
    if args.private:
        args.save = False
        print(
            f"This run is private ({args.private_from}), so the result is shown but not saved.",
            file=sys.stderr,
        )
        return False
    if settings.protect:
        from readiness.core.protect import is_protected

        if not is_protected():
            args.save = False
            print(
                f"Not saved: your settings ask for results to be saved only when protected (protect = true), "
                f"so run '{PROG} protect' first and then save again.",
                file=sys.stderr,
            )
            return True
    return False


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own formatter, asking for the terminal's width only when help or
    usage is really formatted.

    argparse makes a formatter for every argument added (to check its metavar), and
    the stock one measures the terminal each time, importing shutil (with bz2 and
    lzma): a few ms of every command, which prints no help. Same width, same output.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            prog,
            indent_increment,
            max_help_position,
            width=80 if width is None else width,
            **kwargs,
        )  # type: ignore[arg-type]
        if width is None:  # measured by __getattr__ when first read
            self._measure = (max_help_position, indent_increment)
            del self._width, self._max_help_position

    def __getattr__(self, name: str) -> int:
        if name not in ("_width", "_max_help_position"):
            raise AttributeError(name)
        import shutil

        max_help_position, indent_increment = self._measure
        width = shutil.get_terminal_size().columns - 2  # as HelpFormatter.__init__ does
        self._width = width
        self._max_help_position = min(max_help_position, max(width - 20, indent_increment * 2))
        return int(getattr(self, name))


class _Subparsers:
    """The subparsers action as the command modules see it: every parser gets the
    formatter above, and when one command was named only its parser is made; the others
    a module registers are taken and dropped (`_Ignored`), at no cost."""

    def __init__(self, subparsers: argparse._SubParsersAction, wanted: str | None) -> None:
        self._subparsers = subparsers
        self._wanted = wanted

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser | _Ignored:
        if self._wanted is None or name == self._wanted:
            kwargs.setdefault("formatter_class", _HelpFormatter)
            parser = self._subparsers.add_parser(name, **kwargs)  # type: ignore[arg-type]
            _add_global_flags(parser, after_command=True)
            return parser
        return _Ignored()


class _Ignored:
    """Stands for a parser that is not needed this run: every call is accepted and does nothing."""

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: self


def run_app(args: argparse.Namespace) -> int:
    """Open the terminal app (optionally straight into one quiz)."""
    try:
        from readiness.app import build_app
    except ImportError:
        print(
            f"{PROG}: the terminal app is not available in this build; try '{PROG} --help'",
            file=sys.stderr,
        )
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
    streams = _guard_output()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser(argv)
        args = merge_global_flags(parser.parse_args(argv))
        refused = apply_settings(args)
        code = int(args.handler(args) or 0)
        return code or (1 if refused else 0)
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
    finally:
        sys.stdout, sys.stderr = streams


class TerminalGuard:
    """stdout or stderr as every command writes to it: the one place output is made safe.

    Each command already passes outside text through `core.textsafe` where it
    builds a line (and JSON through `json_safe`); this is the last word, so no
    command can forget: any control character, ESC, DEL, bidi override or
    zero-width character still in what is written is shown visibly (newlines and
    tabs kept). The check is per character, so how `print` splits a line into
    writes changes nothing. Everything else (`isatty`, `encoding`, `flush`,
    `buffer`...) is the stream's own.
    """

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from readiness.core.textsafe import terminal_safe

        self.stream.write(terminal_safe(text, multiline=True))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        self.write("".join(lines))

    @property
    def buffer(self) -> Any:
        """No byte stream: bytes would pass under the guard, so commands write text."""
        raise AttributeError("commands write text through the guard, never bytes")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _guard_output() -> tuple[Any, Any]:
    """Put a `TerminalGuard` over stdout and stderr; returns the streams to put back.

    And where the terminal's encoding cannot show a character (`LC_ALL=C`, no
    UTF-8 mode), it comes out as an ASCII stand-in (a bar as #, an arrow as ->,
    curly quotes as ') or as \\uXXXX, never as a UnicodeEncodeError: one error
    handler (`core.textsafe.ASCII_ERRORS`) on both streams decides it for every command.
    """
    from readiness.core.textsafe import ASCII_ERRORS

    streams = (sys.stdout, sys.stderr)
    guarded = []
    for stream in streams:
        if stream is not None and not isinstance(stream, TerminalGuard):
            if getattr(stream, "errors", ASCII_ERRORS) != ASCII_ERRORS:
                try:  # noqa: SIM105 - contextlib is not otherwise imported on the quick paths
                    stream.reconfigure(errors=ASCII_ERRORS)  # type: ignore[union-attr]
                except (AttributeError, ValueError, OSError):
                    pass
            stream = TerminalGuard(stream)
        guarded.append(stream)
    sys.stdout, sys.stderr = guarded
    return streams


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
