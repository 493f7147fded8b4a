"""Saved-result records shaped like the contract's, for store, history and app tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def make_record(
    quiz_id: str = "therapy-readiness",
    taken_at: str = "2026-11-22T10:04:05+00:00",
    scores: dict[str, int | None] | None = None,
    *,
    version: int = 2,
    title: str = "Therapy readiness",
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A record shaped like the contract's (`Result.to_record()`)."""
    scores = {"own_readiness": 60, "partner_openness": 40} if scores is None else scores
    labels = labels or {}
    dims = []
    for did, score in scores.items():
        band = None
        if score is not None:
            band = (
                {"id": "low", "label": "Not yet"}
                if score < 40
                else {"id": "mid", "label": "Getting there"}
                if score < 70
                else {"id": "high", "label": "Ready"}
            )
        dims.append(
            {
                "id": did,
                "label": labels.get(did, did.replace("_", " ").capitalize()),
                "raw": None if score is None else score // 4,
                "min": 0,
                "max": 25,
                "score": score,
                "band": band,
            }
        )
    return {
        "quiz": {"id": quiz_id, "version": version, "title": title},
        "taken_at": taken_at,
        "dimensions": dims,
        "flags": {"leaning_out": False},
        "next_steps": [
            {
                "id": "trial-session",
                "title": "Suggest one session",
                "body": "...",
                "priority": 50,
                "tags": ["joint"],
                "why": ["Your readiness: Getting there (60)", "leaning_out"],
            }
        ],
        "answers": {"open_to_talk": 4},
    }


def write_signed_index(index: Path, entries: dict[str, Any]) -> None:
    """Write a results index of `entries` with the digest the store would give it: an
    index edited by someone who can also compute the digest again."""
    from readiness.core import resultindex

    encoded = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    opening = f'{{"index_version": {resultindex.INDEX_VERSION}, "digest": "{resultindex.digest(encoded)}", "entries": '
    index.write_bytes(opening.encode("utf-8") + encoded + b"}")
