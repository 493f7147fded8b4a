"""`list`, `validate`, `take`, `schema` and `paths`: quizzes from the command line.

Every handler returns an exit status: 0 done, 1 a quiz or answers problem
(printed on stderr as PATH:LINE:COL: error: ...), 2 usage. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from readiness.commands.output import PROG, counted, err, problems_said, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from readiness.core.model import Quiz

SAFETY_CHOICES = ("none", "concern", "crisis", "unsure")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "list",
        help="list the quizzes you can take",
        description="List every quiz found, and any broken quiz files apart.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_list)

    p = subparsers.add_parser(
        "validate",
        help="check quiz files",
        description="Check quiz files; every problem is printed as PATH:LINE:COL: error: MESSAGE.",
    )
    p.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="quiz files or folders of them"
    )
    p.set_defaults(handler=cmd_validate)

    p = subparsers.add_parser(
        "take",
        help="take a quiz (in the app, or from an answers file)",
        description="Without --answers, open the app on QUIZ. With --answers, score it here and print the result.",
    )
    p.add_argument(
        "quiz", metavar="QUIZ", help="a quiz id (see 'readiness list') or a path to a quiz file"
    )
    p.add_argument("--answers", type=Path, metavar="FILE", help="YAML file of question_id: answer")
    p.add_argument(
        "--safety",
        type=parse_safety,
        default="none",
        metavar="{none,concern,crisis,unsure}",
        help="what the safety check found, one or several joined by commas, e.g. concern,crisis (default: none, i.e. not asked)",
    )
    p.add_argument(
        "--format",
        choices=("json", "markdown", "text"),
        default="text",
        help="output format (default: text)",
    )
    p.add_argument("--save", action="store_true", help="also save the result to your saved results")
    p.add_argument(
        "--explain", action="store_true", help="show why each next step did or did not appear"
    )
    p.set_defaults(handler=cmd_take)

    p = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the quiz format",
        description="Print the JSON Schema editors use to complete quiz files.",
    )
    p.add_argument(
        "--to", type=Path, metavar="PATH", help="write it to PATH instead of printing it"
    )
    p.set_defaults(handler=cmd_schema)

    p = subparsers.add_parser(
        "paths",
        help="show where quizzes and saved results live",
        description="Show every folder readiness reads or writes.",
    )
    p.set_defaults(handler=cmd_paths)


# --- list ------------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from readiness.core.catalog import load_catalog

    catalog = load_catalog(tuple(getattr(args, "quiz_dir", ())), write_cache=True)
    from readiness import locations

    for place, why in locations.unusable_quiz_paths():  # on stderr: stdout stays the list
        err(f"{PROG}: note: {locations.quiz_path_notice(place, why)}")
    if args.json:
        payload = {
            "quizzes": [
                {
                    "id": e.id,
                    "title": e.title,
                    "minutes": e.minutes,
                    "questions": e.question_count,
                    "source": e.source,
                    "path": shown(e.path),
                    "shadows": [shown(p) for p in e.shadows],
                    "warnings": len(e.warnings),
                    "first_warning": str(e.warnings[0]) if e.warnings else None,
                }
                for e in catalog.entries
            ],
            "broken": [
                {"path": shown(b.path), "error": b.first_error, "problems": len(b.problems)}
                for b in catalog.broken
            ],
        }
        from readiness.core.textsafe import json_safe

        print(json_safe(json.dumps(payload, indent=2, ensure_ascii=False)))
        return 0
    if not catalog.entries:
        print("No quizzes found. 'readiness paths' shows where quizzes are looked for.")
    width = max((len(e.id) for e in catalog.entries), default=0)
    for e in catalog.entries:
        minutes = f"{e.minutes} min" if e.minutes else "? min"
        print(
            f"{shown(e.id).ljust(width)}  {shown(e.title)}  ({minutes}, {counted(e.question_count, 'question')})  {shown(e.path)}"
        )
        for shadowed in e.shadows:
            print(f"{''.ljust(width)}  shadows {shown(shadowed)}")
        if e.warnings:
            count = len(e.warnings)
            more = f"; run 'readiness validate {shown(e.path)}' for all" if count > 1 else ""
            print(f"{''.ljust(width)}  {counted(count, 'warning')}{more}: {e.warnings[0]}")
    if catalog.broken:
        print(f"\nBroken quiz files ({len(catalog.broken)}), not listed above:")
        for b in catalog.broken:
            more = (
                f" (+{len(b.problems) - 1} more; run 'readiness validate {shown(b.path)}')"
                if len(b.problems) > 1
                else ""
            )
            print(f"  {shown(b.first_error)}{more}")
    return 0


# --- validate --------------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from readiness.core.catalog import check_files, quiz_files_resolved, real_path
    from readiness.core.quizcache import QuizCache

    cache = QuizCache(write=True)
    failed = checked = 0
    first_with_id: dict[str, tuple[Path, Path]] = {}  # id -> (path as given, real path)
    for target in args.paths:
        listed = quiz_files_resolved(target) if target.is_dir() else [(target, real_path(target))]
        if target.is_dir() and not listed:
            err(f"{shown(target)}: warning: no .yaml or .yml files in this folder")
        files = [path for path, _ in listed]
        # A folder's files are checked together (a second CPU helps with many), then told in order.
        checked_files = check_files(files, cache, [real for _, real in listed])
        for (path, real), (outcome, _) in zip(listed, checked_files, strict=True):
            checked += 1
            if outcome.info is None:
                failed += 1
                for problem in outcome.problems:
                    # Cached problems carry the resolved path; show the one the author typed.
                    err(str(problem._replace(path=str(path))))
                continue
            for warning in outcome.problems:  # valid, but a condition can never hold
                err(str(warning._replace(path=str(path))))
            quiz_id = outcome.info.id
            first, first_real = first_with_id.setdefault(quiz_id, (path, real))
            if first_real != real:
                line, col = _id_place(path)
                err(
                    f"{path}:{line}:{col}: warning: the id '{quiz_id}' is also the id of "
                    f"{first}; in one catalog only one of them is listed "
                    "(the later one), so give each quiz an id of its own"
                )
            print(
                f"{shown(path)}: ok ({outcome.info.id}, {counted(outcome.info.question_count, 'question')})"
            )
    cache.save()
    if checked > 1 or failed:
        err(f"{counted(checked, 'file')} checked, {failed} with problems")
    return 1 if failed or not checked else 0


def _id_place(path: Path) -> tuple[int, int]:
    """Line and column of a quiz file's top-level `id:` value (1, 1 when it cannot be found)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, ValueError):
        return 1, 1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("id:"):
            value = line[3:]
            return number, 4 + len(value) - len(value.lstrip())
    return 1, 1


# --- take ------------------------------------------------------------------------------------------


def resolve_quiz(reference: str, extra_dirs: tuple[Path, ...] = (), *, load: bool = True) -> Quiz:
    """A quiz by path or by id (the hidden safety check included). Raises QuizFileError.

    With `load=False` an id is only looked up in the catalog (the app about to
    open loads it anyway) and the return value is meaningless; a path is still
    read, so a broken file is reported here with its PATH:LINE:COL.
    """
    from readiness.core.catalog import load_catalog
    from readiness.core.loader import load_quiz
    from readiness.core.problems import Problem, QuizFileError

    path = Path(reference)
    if path.suffix.lower() in {".yaml", ".yml"} or path.exists() or "/" in reference:
        return load_quiz(path)
    from readiness.core.safety import SAFETY_QUIZ_ID, load_safety_quiz

    if reference == SAFETY_QUIZ_ID:
        return load_safety_quiz()
    catalog = load_catalog(extra_dirs)
    entry = catalog.find(reference)
    if entry is None:
        from readiness.core.problems import did_you_mean

        hint = did_you_mean(reference, [e.quiz.id for e in catalog.entries])
        message = f"no quiz with the id '{reference}'{hint}; 'readiness list' shows them"
        raise QuizFileError([Problem(reference, 1, 1, message)])
    return entry.quiz if load else None  # type: ignore[return-value]


def parse_safety(text: str) -> str:
    """`--safety`: none, or one or more of concern, crisis and unsure joined by commas."""
    names = [name.strip() for name in text.split(",")]
    for name in names:
        if name not in SAFETY_CHOICES:
            choices = ", ".join(repr(c) for c in SAFETY_CHOICES)
            raise argparse.ArgumentTypeError(
                f"invalid choice: {name!r} (choose from {choices}, or several joined by commas)"
            )
    if "none" in names and len(names) > 1:
        raise argparse.ArgumentTypeError("'none' cannot be combined with other states")
    return ",".join(dict.fromkeys(names))


def safety_state(choice: str) -> Any:
    """`--safety` sets exactly the flags named, so an author can see what each one does alone."""
    from readiness.core.scoring import SafetyState

    names = set(choice.split(","))
    return SafetyState(
        concern="concern" in names, crisis="crisis" in names, unsure="unsure" in names
    )


def cmd_take(args: argparse.Namespace) -> int:
    from readiness.core.problems import QuizFileError

    if args.answers is None:
        if args.save or args.explain or args.format != "text" or args.safety != "none":
            err(f"{PROG} take: --save, --explain, --format and --safety need --answers FILE")
            return 2
        # An unknown id or a missing file is said here, with did-you-mean, as with
        # --answers (exit 1), rather than opening the app on nothing.
        try:
            resolve_quiz(args.quiz, tuple(getattr(args, "quiz_dir", ())), load=False)
        except QuizFileError as exc:
            return problems_said(exc)
        from readiness.cli import run_app

        return run_app(args)

    from readiness.core.answers import read_answers
    from readiness.core.report import to_json
    from readiness.core.scoring import evaluate

    try:
        quiz = resolve_quiz(args.quiz, tuple(getattr(args, "quiz_dir", ())))
        answers, warnings = read_answers(args.answers, quiz)
    except QuizFileError as exc:
        return problems_said(exc)
    from readiness.core.safety import SAFETY_QUIZ_ID

    if args.save and quiz.id == SAFETY_QUIZ_ID:
        err(
            f"{PROG} take: answers to the safety check are never saved; run it again without --save"
        )
        return 2
    for warning in warnings:
        err(str(warning))
    result = evaluate(quiz, answers, safety_state(args.safety))
    if args.explain:
        from readiness.core.explain import explain_steps

        for line in explain_steps(quiz, result).split("\n"):  # each line sanitized on its own
            err(line)
    if args.format == "json":
        print(to_json(result))  # the contract's record, whatever the safety state
    else:
        print(_with_safety(result, args.format), end="")
    if args.save:
        return _save(result, quiz)
    return 0


def _with_safety(result: Any, fmt: str) -> str:
    """Text or Markdown for the terminal: when the check raised anything, the support card
    leads (crisis lines first) and joint dimensions are left out, as on the results screen."""
    from readiness.core.report import safety_preamble, to_markdown, to_text

    render = to_markdown if fmt == "markdown" else to_text
    if not result.safety.holds_back_joint:
        return render(result)  # nothing raised: the output the contract has always had
    from readiness.core.resources import load_resources
    from readiness.core.safety import shown_view, support_steps

    try:
        resources = load_resources()
    except Exception:  # a broken shipped file must never hide the results
        resources = None
    shown = shown_view(result)
    lead = safety_preamble(
        result.safety,
        resources,
        support_steps(result.safety),
        len(result.held_back),
        markdown=fmt == "markdown",
    )
    return lead + render(shown)


def _save(result: Any, quiz: Quiz) -> int:
    from readiness.core.report import to_markdown
    from readiness.core.safety import saved_view
    from readiness.core.store import StoreError, save_result

    result = saved_view(result)  # nothing on disk may reveal what the safety check found
    try:
        saved = save_result(result, to_markdown(result), quiz_sha256=quiz.sha256)
    except StoreError as exc:
        err(f"{PROG}: {exc}")
        return 1
    err(f"Saved to {shown(saved.record)} (summary: {shown(saved.summary.name)})")
    return 0


# --- schema and paths ------------------------------------------------------------------------------


def schema_text() -> str:
    from readiness.core.model import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.to is None:
        print(text, end="")
        return 0
    try:
        args.to.write_text(text, encoding="utf-8")
    except OSError as exc:
        err(f"{PROG}: cannot write {shown(args.to)}: {exc.strerror or exc}")
        return 1
    err(f"Wrote the schema to {shown(args.to)}")
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    """Every place readiness reads or writes, then each setting of the settings file in one
    line; that file's problems, if any, on stderr (the listing itself is never held up)."""
    from readiness import locations
    from readiness.core.config import KEYS, load_config

    rows = [
        ("built-in quizzes", str(locations.builtin_quiz_dir())),
        ("your quizzes", str(locations.user_quiz_dir())),
        (
            locations.QUIZ_PATH_ENV,
            "; ".join(str(p) for p in locations.extra_quiz_paths()) or "(not set)",
        ),
        ("saved results", str(locations.results_dir())),
        ("protection key", str(locations.identity_file())),
        ("protection public key", str(locations.recipient_file())),
        ("settings", str(locations.config_file())),
        ("cache", str(locations.user_cache_dir())),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {shown(value)}")
    settings, problems = load_config()
    print()
    print("Settings, as now in force (in the settings file above; all optional):")
    shown_values = []
    for key in KEYS:
        value = getattr(settings, key)
        if value is None:
            shown_values.append(f"{key} (not set)")
        else:  # in TOML's words: true, false, "text"
            shown_values.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    key_width = max(len(text) for text in shown_values)
    for text, about in zip(shown_values, KEYS.values(), strict=True):
        print(f"  {shown(text).ljust(key_width)}  {about}")
    print(f"TEXTUAL_THEME=NAME sets the theme for one run; '{PROG} protect' turns protection on.")
    for problem in problems:
        err(str(problem))
    return 0
