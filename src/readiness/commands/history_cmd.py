"""`readiness history`, `show`, `export` and `forget`: saved results from the command line.

Each handler takes the parsed arguments and returns an exit status (0 done,
1 a problem explained in one line on stderr, 2 usage); what `history` prints is
worded in `history_lines`. Nothing here imports Textual, and the store is
imported inside the handlers so `readiness --help` stays fast. When saved results are protected (`readiness protect`), `history`,
`show` and `export` ask for the passphrase first (`protect_cmd.unlock_if_needed`);
`forget` never needs it.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
from typing import TYPE_CHECKING, TextIO

from readiness.commands.output import complain, counted, say, shown
from readiness.commands.protect_cmd import add_passphrase_fd, unlock_if_needed

if TYPE_CHECKING:
    from pathlib import Path

    from readiness.core.store import DeletePlan, DeleteReport, Survey

CONFIRM_WORD = "delete"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "history",
        help="list saved results, newest first",
        description="List saved results, newest first, with each dimension's band and "
        "its change since the time before.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_passphrase_fd(p)
    p.set_defaults(handler=run_history)

    p = subparsers.add_parser(
        "show",
        help="show one saved result",
        description="Show a saved result with the titles and labels it was saved with. "
        "ID is from `readiness history`; a unique start or the last 6 characters are enough.",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--format",
        choices=("markdown", "json", "text"),
        default="text",
        help="text (default), markdown (the summary saved with it) or json (the record)",
    )
    add_passphrase_fd(p)
    p.set_defaults(handler=run_show)

    p = subparsers.add_parser(
        "export",
        help="copy a saved result to a file",
        description="Copy a saved result to PATH (a file, or a folder to put it in). "
        "The format follows PATH's extension (.json, .md, .txt, .html) unless --format says; "
        "--format worksheet writes a one-page worksheet of the next steps (HTML). "
        "Any other extension (x.pdf) is refused.",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--to", required=True, metavar="PATH", help="file or folder to write to")
    p.add_argument(
        "--format", choices=("markdown", "json", "text", "html", "worksheet"), default=None
    )
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.add_argument(
        "--plain",
        action="store_true",
        help="a protected result: write it as a plain file without asking first",
    )
    p.add_argument(
        "--to-recipient",
        metavar="AGE_KEY",
        help="write the file encrypted to this age public key (age1...), not in plain",
    )
    add_passphrase_fd(p)
    p.set_defaults(handler=run_export)

    p = subparsers.add_parser(
        "forget",
        help="delete one saved result, or all of them",
        description="Delete a saved result (its record and its summary), or with --all every "
        "saved result. --all asks you to type 'delete' unless --yes is given.",
    )
    p.add_argument("id", metavar="ID", nargs="?")
    p.add_argument("--all", action="store_true", help="delete every saved result")
    p.add_argument("--yes", action="store_true", help="with --all: do not ask")
    p.set_defaults(handler=run_forget)


# --------------------------------------------------------------------------- history


def _history_json(found: Survey, out: TextIO) -> None:
    from readiness.commands.history_lines import listing_json
    from readiness.core.protect import is_protected
    from readiness.core.store import results_folder
    from readiness.core.textsafe import json_safe

    payload = listing_json(found, str(results_folder()), is_protected())
    out.write(json_safe(json.dumps(payload, ensure_ascii=False, indent=2) + "\n"))
    _print_notices(found)


def _history_text(found: Survey, out: TextIO) -> None:
    from readiness.commands.history_lines import incomplete_lines, listing_lines
    from readiness.core.protect import is_protected
    from readiness.core.store import results_folder

    _print_notices(found)
    summaries = found.summaries
    if summaries:
        # On a terminal, band lines wrap at its width; piped, each stays on one line for grep.
        width = shutil.get_terminal_size((100, 24)).columns if out.isatty() else 0
        out.write("\n".join([*listing_lines(summaries, width), ""]))  # one copy of a long text
        out.write(
            f"\n{counted(len(summaries), 'saved result')} in {results_folder()}"
            f"{' (protected)' if is_protected() else ''}. "
            "See one with `readiness show ID` (the last 6 characters of ID are enough).\n"
        )
    else:
        out.write(
            "No saved results yet. Nothing is saved unless you choose to: press s on the "
            "results in the app, or use `readiness take QUIZ --answers FILE --save`.\n"
        )
    incomplete = incomplete_lines(found.leftovers)
    if incomplete:
        out.write("\n" + "\n".join(incomplete) + "\n")
    for note in found.notes:  # looser-than-private modes, on stderr
        complain(f"note: {note}")


def _print_notices(found: Survey) -> None:
    for notice in found.notices:
        complain(f"skipped {notice.path}: {notice.message}")


def run_history(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """List saved results newest first; skipped files are named on stderr.

    The cyclic collector is paused meanwhile: a listing of 10,000 results makes
    some 200,000 small objects and no cycle, and the collector's passes over
    them found nothing and took a tenth of the command's time.
    """
    from readiness.core.store import StoreError, survey

    collecting = gc.isenabled()
    gc.disable()
    try:
        status = unlock_if_needed(args)
        if status is not None:
            return status
        try:
            found = survey()
        except StoreError as exc:
            complain(str(exc))
            return 1
        (_history_json if getattr(args, "json", False) else _history_text)(found, out or sys.stdout)
        return 0
    finally:
        if collecting:
            gc.enable()


# --------------------------------------------------------------------------- show / export


def run_show(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print a saved result as it was saved (text, its Markdown summary, or the record)."""
    from readiness.core.exporting import render
    from readiness.core.store import StoreError, load_saved, load_saved_markdown, resolve_id

    out = out or sys.stdout
    status = unlock_if_needed(args)
    if status is not None:
        return status
    try:
        full = resolve_id(args.id)
        record = load_saved(full)
        markdown = load_saved_markdown(full) if args.format == "markdown" else None
        text = render(record, args.format, markdown)
    except StoreError as exc:
        complain(str(exc))
        return 1
    from readiness.core.textsafe import json_safe, terminal_safe

    text = json_safe(text) if args.format == "json" else terminal_safe(text, multiline=True)
    out.write(text if text.endswith("\n") else text + "\n")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write a saved result to a file of the person's choosing (0600, atomically).

    A protected result is written in plain only after a warning (`--plain`, or
    yes to a question at a terminal), or encrypted to `--to-recipient`.
    """
    from pathlib import Path

    from readiness.core.exporting import ExportFormatError, export_saved, format_for, unsealed_name
    from readiness.core.store import StoreError, is_protected_result

    to = Path(args.to)
    sealed = args.to_recipient is not None
    if sealed and args.plain:
        complain("give either --plain or --to-recipient, not both")
        return 2
    try:  # a folder takes --format (JSON without it); a file, its extension or --format
        fmt = (
            args.format
            if to.is_dir()
            else format_for(unsealed_name(to) if sealed else to, args.format)
        )
    except ExportFormatError as exc:
        complain(f"export: {exc}")
        return 2
    try:  # both asked before the passphrase, so a mistake costs no unlocking
        if sealed:
            from readiness.core.protect import parse_recipient

            parse_recipient(args.to_recipient)
        elif not args.plain and is_protected_result(args.id):
            status = _plain_export_agreed(to)
            if status is not None:
                return status
    except StoreError as exc:
        complain(str(exc))
        return 1
    status = unlock_if_needed(args)
    if status is not None:
        return status
    try:
        path = export_saved(args.id, to, fmt, overwrite=args.force, recipient=args.to_recipient)
    except StoreError as exc:
        message = str(exc)
        if message.endswith("already exists."):
            message += " Use --force to replace it."
        complain(message)
        return 1
    say(f"Exported to {path}")
    return 0


def _plain_export_agreed(to: Path) -> int | None:
    """A protected result leaves protection only when the person says so: None to go on."""
    if sys.stdin is None or sys.stdin.closed or not sys.stdin.isatty():
        complain(
            "This result is protected; add --plain to write it as a plain file anyone who can "
            "open it can read, or --to-recipient age1... to write it encrypted."
        )
        return 1
    answer = _ask(
        shown(
            f"This result is protected, but {to} would be a plain file that anyone who can open "
            "it can read. Write it? [y/N] "
        )
    )
    if (answer or "").strip().lower() not in ("y", "yes"):
        print("Nothing was exported.")
        return 1
    return None


def _ask(prompt: str) -> str | None:
    """The line typed after `prompt` (on stderr), or None if there is no one to ask."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        return None
    try:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        return stdin.readline() or None  # empty: end of input, nobody typed anything
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------- forget


def _left_text(plan: DeletePlan) -> str:
    """What "delete all" leaves, said plainly ('' when it leaves nothing)."""
    if len(plan.left) == 1:
        return (
            "1 file there could not be read as a saved result and is left as it is "
            "(`readiness history` names it)."
        )
    return (
        f"{len(plan.left)} files there could not be read as saved results and are left as they "
        "are (`readiness history` names them)."
        if plan.left
        else ""
    )


def run_forget(args: argparse.Namespace) -> int:
    """Delete one saved result, or all of them after a typed confirmation.

    --all deletes exactly the results `readiness history` lists (and their
    summaries); files it skips are left, and the prompt says so.
    """
    from readiness.core.store import (
        StoreError,
        delete_all_report,
        delete_saved,
        plan_delete_all,
        resolve_id,
    )
    from readiness.core.textsafe import terminal_safe

    if args.all and args.id:
        complain("give either an ID or --all, not both")
        return 2
    if not args.all and not args.id:
        complain("give the ID of a saved result (see `readiness history`), or --all")
        return 2
    if args.yes and not args.all:
        complain("--yes only goes with --all")
        return 2
    try:
        if args.id:
            full = resolve_id(args.id)
            removed = delete_saved(full)
            what = " and its summary" if len(removed) > 1 else ""
            say(f"Deleted {full}{what}." if removed else f"{full} was already gone.")
            return 0
        plan = plan_delete_all()
        left = _left_text(plan)
        count = len(plan.ids)
        if plan.empty:
            print("There are no saved results to delete." + (f" {left}" if left else ""))
            return 0
        if not args.yes:
            lines = []
            if count:
                lines.append(
                    f"This permanently deletes {counted(count, 'saved result')} (each record and "
                    f"its summary) in {plan.folder}."
                )
            if plan.leftovers:
                lines.append(
                    f"{'It also deletes' if count else 'This permanently deletes'} "
                    f"{counted(plan.leftovers, 'file')} left by saves that were cut off "
                    "(`readiness history` lists them as incomplete saves)."
                )
            if left:
                lines.append(left)
            answer = _ask(
                terminal_safe("\n".join(lines), multiline=True)
                + f"\nType '{CONFIRM_WORD}' to confirm: "
            )
            if answer is None:
                complain(
                    "not deleting without confirmation; add --yes to delete every saved result"
                )
                return 1
            if answer.strip().lower() != CONFIRM_WORD:
                print("Nothing deleted.")
                return 1
        report = delete_all_report(plan=plan)
    except StoreError as exc:
        complain(str(exc))
        return 1
    print(_deleted_text(report) + (f" {left}" if left else ""))
    return 0


def _deleted_text(report: DeleteReport) -> str:
    """What "delete all" really removed, in one sentence."""
    more = (
        f" and {counted(report.leftovers, 'file')} of incomplete saves" if report.leftovers else ""
    )
    return f"Deleted {counted(report.records, 'saved result')}{more}."
