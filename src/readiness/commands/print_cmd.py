"""`print` and `completion`: a blank questionnaire to print, and shell completions.

`print QUIZ --to FILE.html` writes a quiz as a self-contained page a counsellor
can print (core.htmlpage). Like `export`, it writes only the file asked for,
0600 and atomically, and never replaces an existing file unless --force.
`completion bash|zsh` prints a completion script made by shtab from the same
parser `--help` describes (shtab imported only there). Exit status: 0 done,
1 a quiz or file problem (one line on stderr), 2 usage. No Textual.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from readiness.commands.output import PROG, err, problems_said

HTML_SUFFIXES = (".html", ".htm")
SHELLS = ("bash", "zsh")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "print",
        help="write a blank questionnaire to print (HTML)",
        description="Write QUIZ as a printable page with every question, its options and boxes to tick, "
        "for a counsellor or for paper. No scores are shown. The file is self-contained: no scripts, "
        "nothing loaded from anywhere.",
    )
    p.add_argument(
        "quiz", metavar="QUIZ", help="a quiz id (see 'readiness list') or a path to a quiz file"
    )
    p.add_argument(
        "--to",
        required=True,
        type=Path,
        metavar="FILE.html",
        help="the page to write (.html or .htm), or a folder to put QUIZ-questionnaire.html in",
    )
    p.add_argument("--force", action="store_true", help="replace FILE.html if it exists")
    p.set_defaults(handler=cmd_print)

    p = subparsers.add_parser(
        "completion",
        help="print a shell completion script (bash or zsh)",
        description="Print a completion script for your shell. For bash: "
        "readiness completion bash > ~/.local/share/bash-completion/completions/readiness ; "
        "for zsh: readiness completion zsh > ~/.zfunc/_readiness (with ~/.zfunc in your fpath).",
    )
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    p.set_defaults(handler=cmd_completion)


def cmd_print(args: argparse.Namespace) -> int:
    from readiness.commands.quiz_cmd import resolve_quiz
    from readiness.core.problems import QuizFileError

    target: Path = args.to.expanduser()
    if not target.is_dir() and target.suffix.lower() not in HTML_SUFFIXES:
        shown = target.suffix or "no extension"
        err(
            f"{PROG} print: the questionnaire is an HTML page; name the file .html or .htm "
            f"(not {shown}), e.g. --to questionnaire.html"
        )
        return 2
    try:
        quiz = resolve_quiz(args.quiz, tuple(getattr(args, "quiz_dir", ())))
    except QuizFileError as exc:
        return problems_said(exc)
    from readiness.core.htmlpage import questionnaire_page

    if target.is_dir():
        target = target / f"{quiz.id}-questionnaire.html"
    data = questionnaire_page(quiz).encode("utf-8")
    return _write(target, data, force=args.force)


def _write(target: Path, data: bytes, *, force: bool) -> int:
    """Write privately and atomically; an existing file is replaced only with --force
    (or when it already holds exactly this page)."""
    from readiness.core import safefile

    if target.exists() or target.is_symlink():
        if not target.is_file():
            err(f"{PROG}: cannot write {target}: it is not a regular file")
            return 1
        if not force:
            try:
                same = safefile.read_regular(target, len(data) + 1) == data
            except OSError:
                same = False
            if not same:
                err(f"{PROG}: {target} already exists. Use --force to replace it.")
                return 1
    if not target.parent.is_dir():
        err(f"{PROG}: cannot write {target}: the folder {target.parent} does not exist")
        return 1
    try:
        safefile.atomic_write(target, data)
    except OSError as exc:
        err(f"{PROG}: cannot write {target}: {exc.strerror or exc}")
        return 1
    print(f"Wrote {target} (open it in a browser to print it)")
    return 0


def cmd_completion(args: argparse.Namespace) -> int:
    try:
        import shtab
    except ImportError:
        err(f"{PROG} completion: the shtab package is missing; install it with 'pip install shtab'")
        return 1
    from readiness.cli import build_parser

    parser = build_parser()  # every command, as `readiness --help` shows them
    _complete_paths(parser, shtab)
    print(shtab.complete(parser, shell=args.shell), end="")
    return 0


_FILE_ARGS = {"paths", "file", "answers", "to", "quiz"}  # QUIZ may be a path: files are offered
_DIR_ARGS = {"quiz_dir", "quiz_dir_after"}


def _complete_paths(parser: argparse.ArgumentParser, shtab: object) -> None:
    """Mark every argument that takes a file or a folder, so the shell offers them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _complete_paths(sub, shtab)
        elif action.dest in _FILE_ARGS:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif action.dest in _DIR_ARGS:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
