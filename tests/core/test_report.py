"""The Markdown summary shows the arithmetic behind each score, as it promises."""

from __future__ import annotations

from typing import Any

from readiness.core.report import how_computed, readable_reason, reasons_line, to_markdown


def record(**dim: Any) -> dict[str, Any]:
    base = {
        "id": "own",
        "label": "Your readiness",
        "raw": 17,
        "min": 5,
        "max": 25,
        "score": 60,
        "band": {"id": "mid", "label": "Getting there"},
    }
    return {
        "quiz": {"id": "q", "version": 1, "title": "Q"},
        "taken_at": "2026-11-22T10:04:05+00:00",
        "dimensions": [{**base, **dim}],
        "flags": {},
        "next_steps": [],
        "answers": {},
    }


def test_each_score_is_shown_with_its_points_and_range() -> None:
    text = to_markdown(record())
    assert "## How the scores are worked out" in text
    assert (
        "- Your readiness: 17 points, where 5 was the least and 25 the most possible, so 60."
        in text
    )


def test_decimal_points_read_naturally() -> None:
    line = how_computed({"label": "Load", "raw": 2.5, "min": 0.0, "max": 5.0, "score": 50})
    assert line == "Load: 2.5 points, where 0 was the least and 5 the most possible, so 50."


def test_no_score_says_why_without_numbers() -> None:
    line = how_computed({"label": "Approach", "raw": 0, "min": 0, "max": 0, "score": None})
    assert (
        line == "Approach: none of your answers counted towards it, so there is no score this time."
    )


def test_flag_names_read_as_words_and_other_reasons_stay() -> None:
    assert readable_reason("blame_seems_the_biggest_worry") == "Blame seems the biggest worry"
    assert readable_reason("not leaning_out") == "Not leaning out"
    assert readable_reason("Your readiness: Ready (82)") == "Your readiness: Ready (82)"
    assert reasons_line(["Partner's response: They said no", "leaning_out"]) == (
        "Partner's response: They said no; Leaning out"
    )


def test_summary_shows_flags_as_words_and_the_record_keeps_the_name() -> None:
    rec = record()
    rec["next_steps"] = [
        {"id": "s", "title": "T", "body": "B", "priority": 0, "tags": [], "why": ["leaning_out"]}
    ]
    assert "*Why this: Leaning out.*" in to_markdown(rec)
    assert rec["next_steps"][0]["why"] == ["leaning_out"]


def test_one_point_is_singular() -> None:
    line = how_computed({"label": "Load", "raw": 1, "min": 0, "max": 4, "score": 25})
    assert line == "Load: 1 point, where 0 was the least and 4 the most possible, so 25."
