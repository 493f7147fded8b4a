"""How saved results are named, and finding one by the id a person types.

A plain save is `<time>-<quiz id>-<6 hex>.json` with its summary `.md` beside it;
a protected one `<32 hex>.json.age` and `.md.age`, so the name shows neither quiz
nor time. Dot files (the index, a write in progress) are never saved results.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readiness import locations
from readiness.core import records
from readiness.core.agefile import AGE_SUFFIX as AGE
from readiness.core.records import StoreError

PLAIN_STEM = re.compile(
    r"^(?P<stamp>\d{8}T\d{6}Z)-(?P<quiz>[a-z0-9][a-z0-9-]*)-(?P<token>[0-9a-f]{6})$"
)
ENCRYPTED_STEM = re.compile(r"^[0-9a-f]{32}$")
"""A protected save's name (before `.json.age` / `.md.age`): random, or a keyed hash."""
_SAFE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
_QUIZ_ID_CLEAN = re.compile(r"[^a-z0-9-]+")


def results_folder(folder: Path | None = None) -> Path:
    """The folder saved results live in: `folder` if given, else the user data folder's."""
    return Path(folder) if folder is not None else locations.results_dir()


def is_plain_stem(stem: str) -> bool:
    """Whether `stem` is named as an unprotected save names a result (time, quiz, token)."""
    return bool(PLAIN_STEM.match(stem))


def plain_stem_for(record: dict[str, Any] | None, token: str, mtime: float = 0.0) -> str:
    """The unprotected name for a record (`protect --off`): its time and quiz, then `token`.

    A record that cannot be read is named by `mtime` and "unreadable", so it is
    still listed (as damaged) and removable.
    """
    when = records.parse_time(record["taken_at"]) if record else None
    if when is None:
        when = datetime.fromtimestamp(max(0.0, mtime), UTC)
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    quiz = str(record["quiz"]["id"]) if record else "unreadable"
    quiz_part = (_QUIZ_ID_CLEAN.sub("-", quiz.lower()).strip("-") or "quiz")[:80]
    return f"{stamp}-{quiz_part}-{token}"


def is_record_name(name: str) -> bool:
    """A record's file name, plain (`X.json`) or protected (`X.json.age`); never a dot file."""
    return (name[-5:] == ".json" or name[-9:] == ".json.age") and name[:1] != "."


def stem(record_name: str) -> str:
    """The id in a record's file name (`X` of `X.json` and of `X.json.age`)."""
    return record_name[:-9] if record_name.endswith(".json.age") else record_name[:-5]


def summary_name(record_name: str) -> str:
    """`X.md` for `X.json`, `X.md.age` for `X.json.age`."""
    if record_name.endswith(".json.age"):
        return record_name[:-9] + ".md.age"
    return record_name[:-5] + ".md"


def record_name(summary_name: str) -> str:
    """`X.json` for `X.md`, `X.json.age` for `X.md.age`."""
    if summary_name.endswith(".md.age"):
        return summary_name[:-7] + ".json.age"
    return summary_name[:-3] + ".json"


def is_summary_name(name: str) -> bool:
    """A summary named as a save names one (plain or protected)."""
    if name.endswith(".md.age"):
        return bool(ENCRYPTED_STEM.match(name[:-7]))
    return name[-3:] == ".md" and bool(PLAIN_STEM.match(name[:-3]))


def record_file(target: Path, full: str) -> Path:
    """The record file of id `full`: the protected one when there is one."""
    enc = target / f"{full}.json{AGE}"
    return enc if os.path.lexists(enc) else target / f"{full}.json"


def valid_id(record_id: str) -> bool:
    """An id that can only name a file in the results folder (no path, no `..`)."""
    return bool(_SAFE_ID.match(record_id)) and "/" not in record_id and ".." not in record_id


def resolve_id(record_id: str, folder: Path | None = None) -> str:
    """The full id for `record_id`: an exact id, a unique prefix, or the 6-hex suffix.

    Raises StoreError when nothing or more than one saved result matches.
    """
    record_id = record_id.strip()
    for suffix in (".json.age", ".json"):
        if record_id.endswith(suffix):
            record_id = record_id[: -len(suffix)]
            break
    target = results_folder(folder)
    if not record_id or not valid_id(record_id):
        raise StoreError(f"'{record_id}' is not a saved result id (see `readiness history`).")
    if (target / f"{record_id}.json").is_file() or (target / f"{record_id}.json{AGE}").is_file():
        return record_id
    try:
        stems = [stem(n) for n in os.listdir(target) if is_record_name(n)]
    except OSError:
        stems = []
    matches = [
        s
        for s in stems
        if s.startswith(record_id)
        or s.endswith("-" + record_id)
        or (len(record_id) >= 6 and ENCRYPTED_STEM.match(s) and s.endswith(record_id))
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise StoreError(f"No saved result with id '{record_id}' (see `readiness history`).")
    raise StoreError(f"'{record_id}' matches {len(matches)} saved results; give more of the id.")
