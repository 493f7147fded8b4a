"""What `readiness history` prints: the listing's lines, its JSON, the incomplete saves.

Imported only when `history` runs. Every title, label, id and path comes from a
file anyone with the account can edit, so each goes through the one sanitizer
(`textsafe`) on its way to the terminal.
"""

from __future__ import annotations

import time
from typing import Any

from readiness.core.history import change_words, deltas_by_record
from readiness.core.store import Leftover, SavedSummary, Survey
from readiness.core.textsafe import terminal_safe as clean

BAND_INDENT = "    "


def band_text(
    label: str, band: str | None, score: int | None, delta: int | None, higher_is: str | None = None
) -> str:
    """One dimension as the listing words it: 'Label: Band (score, change)'."""
    if band is None and score is None:
        return f"{label}: not scored"
    inner = [] if score is None else [str(score)]
    if delta is not None:
        inner.append(change_words(delta, higher_is))
    core = f"{label}: {band or 'no band'}"
    return f"{core} ({', '.join(inner)})" if inner else core


def wrap(parts: list[str], width: int, indent: str = BAND_INDENT) -> list[str]:
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


def listing_lines(summaries: list[SavedSummary], width: int) -> list[str]:
    """The listing's lines, band lines wrapped at `width` (0: one line each).

    Each result's band lines are worded once per distinct bands and changes:
    they recur a lot, and wording them was most of the listing's time.
    """
    deltas = deltas_by_record(summaries)
    lines = []
    worded: dict[tuple[Any, ...], list[str]] = {}
    titles: dict[str, str] = {}  # a few quizzes' titles, made safe once each
    for s in summaries:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(s.taken_at.timestamp()))
        title = titles.get(s.quiz_title)
        if title is None:
            title = titles[s.quiz_title] = clean(s.quiz_title)
        lines.append(f"{clean(s.id)}  {when}  {title}")
        if s.bands:
            changes = tuple(map(deltas.get(s.id, {}).get, s.dimension_ids))
            key = (tuple(s.bands), s.directions, changes)
            block = worded.get(key)
            if block is None:
                parts = [
                    clean(band_text(label, band, score, change, way))
                    for (label, band, score), change, way in zip(
                        s.bands, changes, s.directions, strict=False
                    )
                ]
                block = worded[key] = wrap(parts, width)
            lines.extend(block)
    return lines


def incomplete_lines(leftovers: list[Leftover]) -> list[str]:
    """The "incomplete saves" part of the listing: never hidden, they may hold answers."""
    if not leftovers:
        return []
    n = len(leftovers)
    lines = [
        f"Incomplete saves: {n} file{'s' if n != 1 else ''} left by a save that was cut off "
        f"({'they' if n != 1 else 'it'} may hold answers):"
    ]
    lines += [f"  {clean(item.path.name)}: {item.what}" for item in leftovers]
    lines.append("`readiness forget --all` removes them.")
    return lines


def summary_json(s: SavedSummary, deltas: dict[str, int]) -> dict[str, Any]:
    """One saved result in `history --json`."""
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
                "higher_is": way,
            }
            for did, (label, band, score), way in zip(
                s.dimension_ids, s.bands, s.directions, strict=False
            )
        ],
    }


def listing_json(found: Survey, folder: str, protected: bool) -> dict[str, object]:
    """`history --json`: the results, skipped files, incomplete saves and notes."""
    deltas = deltas_by_record(found.summaries)
    payload: dict[str, object] = {
        "folder": folder,
        "results": [summary_json(s, deltas.get(s.id, {})) for s in found.summaries],
        "skipped": [{"path": str(n.path), "message": n.message} for n in found.notices],
        "incomplete": [{"path": str(i.path), "what": i.what} for i in found.leftovers],
        "notes": found.notes,
    }
    if protected:  # said only when it is, so unprotected output is as it always was
        payload["protected"] = True
    return payload
