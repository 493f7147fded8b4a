"""`new`, `add` and `preview`: starting a quiz of your own, trying it while you write it,
and putting it where the app finds it.

Both write only what was asked for, into the user quiz folder (0700, files
0600) unless `new --to` says elsewhere, and keep a copy of the JSON Schema next
to the quiz so the `# yaml-language-server: $schema=quiz.schema.json` line gives
completion in editors. Exit status: 0 done, 1 refused or invalid (messages on
stderr, never a traceback), 2 usage.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from readiness import locations
from readiness.commands.output import PROG, counted, err, problems_said, say
from readiness.core import safefile

if TYPE_CHECKING:
    from readiness.core.model import Quiz

SCHEMA_NAME = "quiz.schema.json"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "new",
        help="start a quiz of your own from a commented example",
        description="Write a small, valid, commented starter quiz to edit: into your quiz folder "
        "as ID.yaml, or to --to PATH. Check it with 'readiness validate', try it with "
        "'readiness take FILE --answers ANSWERS --explain'.",
    )
    p.add_argument(
        "id",
        metavar="ID",
        help="the new quiz's id: lowercase letters, digits and '-' (like 'my-check-in')",
    )
    p.add_argument(
        "--to",
        metavar="PATH",
        help="write here instead: a .yaml file, or a folder to put ID.yaml in",
    )
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(handler=cmd_new)

    p = subparsers.add_parser(
        "add",
        help="check a quiz file and copy it into your quiz folder",
        description="Validate FILE and copy it into your quiz folder, where 'readiness list' and the "
        "app find it. Refuses an invalid file (its problems are printed) and an id that is already "
        "taken, unless --force.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the quiz file to add")
    p.add_argument(
        "--force",
        action="store_true",
        help="add it even if a quiz with that id exists (yours replaces or hides it)",
    )
    p.set_defaults(handler=cmd_add)

    p = subparsers.add_parser(
        "preview",
        help="open the app on one quiz file and reload it whenever you save it",
        description="Open the app on FILE and reload it each time it is saved, keeping the answers "
        "whose questions are still there. A save with mistakes shows them (PATH:LINE:COL) inside the "
        "app and the last good version stays usable until the next save fixes them. Preview never "
        "saves results (as with --private). ctrl+q quits.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the quiz file you are writing")
    p.set_defaults(handler=cmd_preview)


# --- helpers ---------------------------------------------------------------------------------------


def ensure_schema(folder: Path) -> Path | None:
    """Put an up-to-date quiz.schema.json in `folder`; returns it when it was written.

    A file of that name that is not ours (another title) is left alone.
    """
    import json

    from readiness.commands.quiz_cmd import schema_text
    from readiness.core.model import SCHEMA_TITLE

    target = folder / SCHEMA_NAME
    text = schema_text()
    if target.exists():
        try:
            current = safefile.read_text(target, 1 << 24)  # never waits on a FIFO or a device
            ours = json.loads(current).get("title") == SCHEMA_TITLE
        except (OSError, ValueError, AttributeError):
            return None
        if not ours or current == text:
            return None
    try:
        safefile.atomic_write(target, text.encode("utf-8"))
    except OSError:
        return None  # completion is a nicety; never fail the command over it
    return target


def _in_folder(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


# --- new -------------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    import re

    from readiness.core.loader import load_quiz_text
    from readiness.core.model import QUIZ_ID
    from readiness.core.problems import QuizFileError
    from readiness.core.starter import starter_quiz

    quiz_id: str = args.id
    if not re.fullmatch(QUIZ_ID, quiz_id):
        err(
            f"{PROG} new: '{quiz_id}' cannot be a quiz id: use lowercase letters, digits and '-', "
            "starting with a letter or digit (like 'my-check-in')"
        )
        return 2

    try:
        target = _new_target(args.to, quiz_id)
    except ValueError as exc:
        err(f"{PROG} new: {exc}")
        return 2
    except OSError as exc:
        err(
            f"{PROG} new: cannot make the folder for {args.to or 'your quizzes'}: {exc.strerror or exc}"
        )
        return 1
    if target.is_dir():
        err(f"{PROG} new: {target} is a folder")
        return 1
    if target.exists() and not args.force:
        err(
            f"{PROG} new: {target} already exists; edit it, or add --force to replace it with a new starter quiz"
        )
        return 1

    text = starter_quiz(quiz_id, str(target))
    try:  # the starter is meant to be valid: never write one that is not
        load_quiz_text(text, str(target))
    except QuizFileError as exc:
        first = exc.problems[0].message if exc.problems else "it does not load"
        err(
            f"{PROG} new: internal error: the starter quiz for '{quiz_id}' does not load ({first}); "
            "the quiz was not written; please report it"
        )
        return 1
    try:
        safefile.atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        err(f"{PROG} new: cannot write {target}: {exc.strerror or exc}")
        return 1

    say(f"Wrote a starter quiz '{quiz_id}' to {target}")
    schema = ensure_schema(target.parent)
    if schema is not None:
        say(f"Wrote {schema} next to it, for completion in editors that read the $schema line")
    existing = _find_other(quiz_id, target, tuple(getattr(args, "quiz_dir", ())))
    if existing is not None:
        err(
            f"{PROG} new: note: a quiz with the id '{quiz_id}' already exists ({existing}); change 'id:' unless you mean to replace it"
        )
    in_user_folder = _in_folder(target, locations.user_quiz_dir())
    say("Next:")
    say(f"  edit it, then check it:  {PROG} validate {_q(target)}")
    say(
        f"  try it without the app:  {PROG} take {quiz_id if in_user_folder and existing is None else _q(target)} --answers ANSWERS.yaml --explain"
    )
    say("  (the comments at the top of the file show what an answers file looks like;")
    say("   keep answers files out of your quiz folder, where every .yaml file is read as a quiz)")
    if not in_user_folder:
        say(f"  make it part of the app: {PROG} add {_q(target)}")
    return 0


def _new_target(to: str | None, quiz_id: str) -> Path:
    """Where `new` writes: the user folder, a folder given with --to, or a .yaml file."""
    if to is None:
        return locations.ensure_private_dir(locations.user_quiz_dir()) / f"{quiz_id}.yaml"
    path = Path(to).expanduser()
    if path.is_dir() or to.endswith(("/", os.sep)):
        path.mkdir(parents=True, exist_ok=True)
        return path / f"{quiz_id}.yaml"
    if path.suffix.lower() not in {".yaml", ".yml"}:
        raise ValueError(
            f"--to takes a folder or a file ending in .yaml (quizzes are .yaml or .yml files), not {to}"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _find_other(quiz_id: str, target: Path, extra_dirs: tuple[Path, ...]) -> Path | None:
    """Another file in the catalog with this id, if any."""
    from readiness.core.catalog import load_catalog

    entry = load_catalog(extra_dirs).find(quiz_id)
    if entry is None:
        return None
    for path in [entry.path, *entry.shadows]:
        if not _same_file(path, target):
            return path
    return None


# --- add -------------------------------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    from readiness.core.catalog import load_catalog
    from readiness.core.loader import load_quiz_text
    from readiness.core.problems import Problem, QuizFileError
    from readiness.core.yamlsafe import MAX_BYTES

    source: Path = args.file
    shown = str(source)
    try:
        if source.is_dir():
            raise QuizFileError(
                [Problem(shown, 1, 1, "this is a folder; add one quiz file at a time")]
            )
        raw = safefile.read_regular(source, MAX_BYTES)  # never waits on a FIFO or a device
        quiz = load_quiz_text(raw, shown)
    except FileNotFoundError:
        err(f"{shown}:1:1: error: no such file")
        return 1
    except OSError as exc:
        err(f"{shown}:1:1: error: cannot read the file: {exc.strerror or exc}")
        return 1
    except QuizFileError as exc:
        problems_said(exc)
        err(
            f"{PROG} add: not added: fix the problem{'s' if len(exc.problems) != 1 else ''} above, then run this again"
        )
        return 1

    folder = locations.user_quiz_dir()
    entry = load_catalog(tuple(getattr(args, "quiz_dir", ()))).find(quiz.id)
    same_id = [entry.path, *entry.shadows] if entry else []
    if any(_same_file(path, source) for path in same_id):
        say(f"{source} is already in the catalog ({quiz.id}); nothing to do")
        return 0
    user_copies = [p for p in same_id if _in_folder(p, folder)]
    target = user_copies[0] if user_copies else folder / f"{quiz.id}.yaml"

    existed = target.exists()
    try:  # never waits on a FIFO or a device
        unchanged = existed and safefile.read_regular(target, 1 << 24) == raw
    except OSError:
        unchanged = False
    if unchanged:
        say(f"'{quiz.id}' is already in your quiz folder, unchanged: {target}")
        _warn(quiz, source, summary=False)
        return 0
    if not args.force and (same_id or existed):
        if user_copies:
            err(
                f"{PROG} add: your quiz folder already has a quiz with the id '{quiz.id}': {target}. "
                f"Change 'id:' in {source}, or add --force to replace it"
            )
        elif same_id:
            where = "; ".join(f"{p} ({_kind(p, folder)})" for p in same_id)
            err(
                f"{PROG} add: a quiz with the id '{quiz.id}' already exists: {where}. "
                f"Change 'id:' in {source}, or add --force to add yours anyway (it takes that one's place)"
            )
        else:
            err(
                f"{PROG} add: {target} already exists (it does not load as a quiz); add --force to replace it"
            )
        return 1

    try:
        locations.ensure_private_dir(folder)
        safefile.atomic_write(target, raw)
    except OSError as exc:
        err(f"{PROG} add: cannot write {target}: {exc.strerror or exc}")
        return 1
    say(
        f"{'Replaced' if existed else 'Added'} '{quiz.id}' ({quiz.title}, {counted(len(quiz.questions), 'question')}): {target}"
    )
    hidden = [p for p in same_id if p != target]
    for path in hidden:
        say(f"  it takes the place of {path} ({_kind(path, folder)})")
    _warn(quiz, source)
    ensure_schema(folder)
    say(f"Take it with '{PROG} take {quiz.id}', or find it in the app's list.")
    return 0


def _warn(quiz: Quiz, source: Path, *, summary: bool = True) -> None:
    """What `validate` would warn about in an added quiz (a condition that can never hold),
    at its place in the file the author edits: it loads all the same, but a step or a
    question that can never show should not go unnoticed."""
    from readiness.core.loader import quiz_warnings, real_warnings

    warnings = real_warnings(quiz_warnings(quiz))  # not its notes: nothing there to fix
    for warning in warnings:
        err(str(warning))
    if warnings and summary:
        err(
            f"{PROG} add: added with {counted(len(warnings), 'warning')} (above); fix "
            f"{'it' if len(warnings) == 1 else 'them'} in {_q(source)}, then run this again with --force"
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _kind(path: Path, user_folder: Path) -> str:
    if _in_folder(path, user_folder):
        return "yours"
    if _in_folder(path, locations.builtin_quiz_dir()):
        return "built-in"
    return "from READINESS_QUIZ_PATH or --quiz-dir"


def _q(path: Path) -> str:
    """A path as a shell word, for commands we suggest."""
    import shlex

    from readiness.core.problems import printable

    return shlex.quote(printable(str(path)))


# --- preview ---------------------------------------------------------------------------------------


def cmd_preview(args: argparse.Namespace) -> int:
    """The app on one file, reloaded when it is saved. A broken file still opens (its problems
    are shown and the app waits for a fix); a missing one is a usage error."""
    source: Path = args.file
    if not source.exists():
        err(f"{PROG} preview: {_missing_preview(source, tuple(getattr(args, 'quiz_dir', ())))}")
        return 2
    if source.is_dir():
        err(f"{PROG} preview: {source} is a folder; preview one quiz file")
        return 2
    try:
        from readiness.app import build_app  # Textual is imported only here
    except ImportError:
        err(f"{PROG} preview: the terminal app is not available in this build")
        return 1
    app = build_app(preview_path=source)
    app.run()
    return int(app.return_code or 0)


def _missing_preview(source: Path, extra_dirs: tuple[Path, ...]) -> str:
    """What to say when FILE does not exist. A quiz id instead of a path is the usual
    slip (`readiness take` accepts either): name that quiz's file when the id is known."""
    reference = str(source)
    if source.suffix.lower() in {".yaml", ".yml"} or os.sep in reference or "/" in reference:
        return f"{source}: no such file (write one with '{PROG} new ID --to {_q(source)}')"
    from readiness.core.catalog import load_catalog
    from readiness.core.safety import SAFETY_QUIZ_ID, safety_quiz_path

    found: Path | None
    if reference == SAFETY_QUIZ_ID:
        found = safety_quiz_path()
    else:
        entry = load_catalog(extra_dirs).find(reference)
        found = entry.path if entry is not None else None
    if found is not None:
        return (
            f"preview takes the path of a quiz file, not a quiz id; the quiz '{reference}' is in "
            f"{_q(found)}: run '{PROG} preview {_q(found)}'"
        )
    import re

    from readiness.core.model import QUIZ_ID

    if not re.fullmatch(QUIZ_ID, reference):
        return f"{source}: no such file; preview takes the path of a quiz file (a .yaml file)"
    return (
        f"preview takes the path of a quiz file: there is no file '{reference}', and no quiz has "
        f"that id either ('{PROG} list' shows them); start one with '{PROG} new {reference}'"
    )
