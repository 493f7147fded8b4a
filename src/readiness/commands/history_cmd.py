"""`readiness history`, `show`, `export` and `forget`: saved results from the command line.

Each handler takes the parsed arguments and returns an exit status (0 done,
1 a problem explained in one line on stderr, 2 usage). Nothing here imports
Textual, and the store is imported inside the handlers so `readiness --help`
stays fast.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from readiness.core.store import Notice, SavedSummary

PROG = "readiness"
CONFIRM_WORD = "delete"


def _err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _print_notices(notices: list[Notice]) -> None:
    for notice in notices:
        _err(f"skipped {notice.path}: {notice.message}")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add history, show, export and forget to the main parser's subcommands."""
    p = subparsers.add_parser(
        "history",
        help="list saved results, newest first",
        description="List saved results, newest first, with each dimension's band and "
        "its change since the time before.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
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
    p.set_defaults(handler=run_show)

    p = subparsers.add_parser(
        "export",
        help="copy a saved result to a file",
        description="Copy a saved result to PATH (a file, or a folder to put it in). "
        "The format follows PATH's extension (.json, .md, .txt) unless --format says.",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--to", required=True, metavar="PATH", help="file or folder to write to")
    p.add_argument("--format", choices=("markdown", "json", "text"), default=None)
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
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


def _when(summary: SavedSummary) -> str:
    from readiness.core.history import local_date

    return local_date(summary.taken_at).strftime("%Y-%m-%d %H:%M")


def _deltas(summaries: list[SavedSummary]) -> dict[str, dict[str, int]]:
    """For each record id, each dimension's change since the same quiz's result before it."""
    out: dict[str, dict[str, int]] = {}
    last: dict[str, dict[str, int | None]] = {}
    for s in reversed(summaries):  # oldest first
        before = last.get(s.quiz_id)
        scores = {
            did: score for did, (_l, _b, score) in zip(s.dimension_ids, s.bands, strict=False)
        }
        if before is not None:
            out[s.id] = {
                did: score - before[did]
                for did, score in scores.items()
                if score is not None and before.get(did) is not None
            }
        last[s.quiz_id] = scores
    return out


def _band_text(label: str, band: str | None, score: int | None, delta: int | None) -> str:
    if band is None and score is None:
        return f"{label}: not scored"
    inner = [] if score is None else [str(score)]
    if delta is not None:
        inner.append(f"{delta:+d}" if delta else "no change")
    core = f"{label}: {band or 'no band'}"
    return f"{core} ({', '.join(inner)})" if inner else core


def _wrap(parts: list[str], width: int, indent: str = "    ") -> list[str]:
    """Join parts with " · " into lines of at most `width` columns (0: one line)."""
    if not width:
        return [indent + " · ".join(parts)]
    lines: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current} · {part}" if current else part
        if current and len(indent) + len(candidate) > width:
            lines.append(indent + current)
            current = part
        else:
            current = candidate
    if current:
        lines.append(indent + current)
    return lines


def _summary_json(s: SavedSummary, deltas: dict[str, int]) -> dict[str, Any]:
    return {
        "id": s.id,
        "path": str(s.path),
        "quiz": {"id": s.quiz_id, "title": s.quiz_title, "version": s.quiz_version},
        "taken_at": s.taken_at.isoformat(),
        "dimensions": [
            {
                "id": did,
                "label": label,
                "band": band,
                "score": score,
                "change": deltas.get(did),
            }
            for did, (label, band, score) in zip(s.dimension_ids, s.bands, strict=False)
        ],
    }


def run_history(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """List saved results newest first; skipped files are named on stderr."""
    from readiness.core.store import StoreError, list_saved, results_folder

    out = out or sys.stdout
    try:
        summaries, notices = list_saved()
    except StoreError as exc:
        _err(str(exc))
        return 1
    deltas = _deltas(summaries)
    folder = results_folder()
    if getattr(args, "json", False):
        payload = {
            "folder": str(folder),
            "results": [_summary_json(s, deltas.get(s.id, {})) for s in summaries],
            "skipped": [{"path": str(n.path), "message": n.message} for n in notices],
        }
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        _print_notices(notices)
        return 0
    _print_notices(notices)
    if not summaries:
        out.write(
            "No saved results yet. Nothing is saved unless you choose to: press s on the "
            "results in the app, or use `readiness take QUIZ --answers FILE --save`.\n"
        )
        return 0
    # On a terminal, band lines wrap at its width; piped, each stays on one line for grep.
    width = shutil.get_terminal_size((100, 24)).columns if out.isatty() else 0
    lines = []
    for s in summaries:
        d = deltas.get(s.id, {})
        lines.append(f"{s.id}  {_when(s)}  {s.quiz_title}")
        bands = [
            _band_text(label, band, score, d.get(did))
            for did, (label, band, score) in zip(s.dimension_ids, s.bands, strict=False)
        ]
        if bands:
            lines.extend(_wrap(bands, width))
    n = len(summaries)
    lines.append("")
    lines.append(
        f"{n} saved result{'s' if n != 1 else ''} in {folder}. "
        "See one with `readiness show ID` (the last 6 characters of ID are enough)."
    )
    out.write("\n".join(lines) + "\n")
    return 0


# --------------------------------------------------------------------------- show / export


def run_show(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print a saved result as it was saved (text, its Markdown summary, or the record)."""
    from readiness.core.store import StoreError, load_saved, load_saved_markdown, render, resolve_id

    out = out or sys.stdout
    try:
        full = resolve_id(args.id)
        record = load_saved(full)
        markdown = load_saved_markdown(full) if args.format == "markdown" else None
        text = render(record, args.format, markdown)
    except StoreError as exc:
        _err(str(exc))
        return 1
    out.write(text if text.endswith("\n") else text + "\n")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write a saved result to a file of the person's choosing (0600, atomically)."""
    from pathlib import Path

    from readiness.core.store import StoreError, export_saved

    try:
        path = export_saved(args.id, Path(args.to), args.format, overwrite=args.force)
    except StoreError as exc:
        message = str(exc)
        if message.endswith("already exists."):
            message += " Use --force to replace it."
        _err(message)
        return 1
    print(f"Exported to {path}")
    return 0


# --------------------------------------------------------------------------- forget


def _confirm(prompt: str) -> bool | None:
    """True if the person typed the word, False if not, None if there is no one to ask."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        return None
    try:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        line = stdin.readline()
    except (OSError, ValueError):
        return None
    if not line:
        return None  # end of input: nobody typed anything
    return line.strip().lower() == CONFIRM_WORD


def run_forget(args: argparse.Namespace) -> int:
    """Delete one saved result, or all of them after a typed confirmation."""
    from readiness.core.store import (
        StoreError,
        count_deletable,
        delete_all,
        delete_saved,
        resolve_id,
        results_folder,
    )

    if args.all and args.id:
        _err("give either an ID or --all, not both")
        return 2
    if not args.all and not args.id:
        _err("give the ID of a saved result (see `readiness history`), or --all")
        return 2
    if args.yes and not args.all:
        _err("--yes only goes with --all")
        return 2
    try:
        if args.id:
            full = resolve_id(args.id)
            delete_saved(full)
            print(f"Deleted {full}.")
            return 0
        folder = results_folder()
        count = count_deletable()
        if count == 0:
            print("There are no saved results to delete.")
            return 0
        if not args.yes:
            plural = "s" if count != 1 else ""
            answer = _confirm(
                f"This permanently deletes {count} saved result{plural} in {folder}.\n"
                f"Type '{CONFIRM_WORD}' to confirm: "
            )
            if answer is None:
                _err("not deleting without confirmation; add --yes to delete every saved result")
                return 1
            if not answer:
                print("Nothing deleted.")
                return 1
        removed = delete_all()
    except StoreError as exc:
        _err(str(exc))
        return 1
    print(f"Deleted {removed} saved result{'s' if removed != 1 else ''}.")
    return 0
