"""A result as JSON, as the Markdown summary a person keeps, and as plain text.

Renderers work from the record (the contract's JSON), so a result saved months
ago renders with the words it was saved with, not with today's quiz file.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

SNAPSHOT_LINE = "An educational snapshot, not a diagnosis and not a verdict on your relationship."
BAR_WIDTH = 20


def as_record(result_or_record: Any) -> dict[str, Any]:
    """Accept a Result (has .to_record()) or a record dict."""
    record: dict[str, Any] = (
        result_or_record if isinstance(result_or_record, dict) else result_or_record.to_record()
    )
    return record


def notes_of(result_or_record: Any) -> list[tuple[str, str]]:
    """The person's own words, labelled by question when we know it."""
    if not isinstance(result_or_record, dict):
        return list(result_or_record.notes)
    notes = result_or_record.get("notes")
    return [
        (str(n.get("question", "")), str(n.get("answer", "")))
        for n in (notes if isinstance(notes, list) else [])
        if isinstance(n, dict)
    ]


def text_bar(score: int | None, width: int = BAR_WIDTH) -> str:
    """A bar that reads without colour: filled blocks for the score, light ones for the rest."""
    if score is None:
        return "·" * width
    filled = max(0, min(width, (score * width + 50) // 100))  # rounded half up, like scores
    return "█" * filled + "░" * (width - filled)


def friendly_date(iso: str) -> str:
    """A saved UTC time in the reader's own time zone: '22 November 2026, 10:04'."""
    try:
        when = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{when.day} {when:%B %Y}, {when:%H:%M}"


def ordinal(n: int) -> str:
    """'1st', '2nd', '11th', '23rd': a place in a list, in words."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


NOT_ENOUGH = "not enough answers"
NOT_ASKED = "not enough answers (not asked this time)"


def unasked_of(result_or_record: Any) -> frozenset[str]:
    """Dimensions whose questions were all hidden, when a Result says so (a record
    saved earlier does not: its words stay the contract's)."""
    return (
        frozenset() if isinstance(result_or_record, dict) else frozenset(result_or_record.unasked)
    )


def none_words(dimension_id: Any, unasked: frozenset[str]) -> str:
    """What a score of none reads as."""
    return NOT_ASKED if dimension_id in unasked else NOT_ENOUGH


def _score_words(dim: dict[str, Any], unasked: frozenset[str] = frozenset()) -> tuple[str, str]:
    score = dim.get("score")
    band = dim.get("band") or {}
    if score is None:
        return "—", none_words(dim.get("id"), unasked)
    return str(score), str(band.get("label", ""))


_FLAG_NAME = re.compile(r"(not )?[a-z][a-z0-9_]*")


def readable_reason(reason: str) -> str:
    """A reason as a person reads it: a flag's name ('leaning_out') becomes 'Leaning out'.

    Every other reason already reads as words ('Label: Band (score)'); only a
    flag is a bare name, and the record keeps that name as the contract says.
    """
    if not _FLAG_NAME.fullmatch(reason):
        return reason
    words = reason.replace("_", " ")
    return words[0].upper() + words[1:]


def reasons_line(why: list[str]) -> str:
    """The reasons of one step, joined for one line of a summary or a screen."""
    return "; ".join(readable_reason(str(reason)) for reason in why)


def _points(value: Any) -> str:
    """A recorded number as a person writes it: 17, 2.5 (never 17.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def how_computed(dim: dict[str, Any]) -> str:
    """One line that shows the arithmetic behind a score, from the recorded raw, min and max."""
    label = dim.get("label", "")
    if dim.get("score") is None:
        return f"{label}: none of your answers counted towards it, so there is no score this time."
    raw, low, high = (_points(dim.get(key)) for key in ("raw", "min", "max"))
    unit = "point" if raw in ("1", "-1") else "points"
    return f"{label}: {raw} {unit}, where {low} was the least and {high} the most possible, so {dim['score']}."


SCORE_SCALE_WORDS = (
    "Each score places your points between the least and the most that the questions "
    "you answered could give, on a scale of 0 to 100."
)
_DIRECTION_WORDS = {
    "better": "Higher is better here.",
    "worse": "Here, higher means more difficulty.",
    "neutral": "Higher or lower is neither good nor bad here.",
}


def score_meaning(quiz: Any, answers: dict[str, Any], dim_id: str) -> str:
    """Which way is better for one dimension, and which "Not sure" answers counted as the middle of their scale."""
    dim = quiz.dimension(dim_id)
    words = [_DIRECTION_WORDS.get(getattr(dim, "higher_is", None) or "", "")]
    middles = [
        question.label
        for question in quiz.questions
        if question.type == "scale" and dim_id in (question.scores or {}) and question.id in answers
        for point in quiz.scales.get(question.scale, [])
        if point.value == answers[question.id] and point.label.strip().lower() == "not sure"
    ]
    if middles:
        words.append(
            f'Your "Not sure" counted as the middle of the scale for: {"; ".join(middles)}.'
        )
    return " ".join(w for w in words if w)


def to_json(result_or_record: Any) -> str:
    """The record as JSON; a control or invisible character (from an answer) as \\uXXXX."""
    from readiness.core.textsafe import json_safe

    return json_safe(json.dumps(as_record(result_or_record), indent=2, ensure_ascii=False))


def to_markdown(result_or_record: Any) -> str:
    """The summary a person keeps: title, date, profile table, next steps with reasons, notes."""
    record = as_record(result_or_record)
    quiz = record.get("quiz", {})
    lines = [
        f"# {quiz.get('title', 'Result')}",
        "",
        f"Taken {friendly_date(record.get('taken_at', ''))}. {SNAPSHOT_LINE}",
        "",
        "## Your profile",
        "",
        "| Dimension | | Score | Band |",
        "| --- | --- | ---: | --- |",
    ]
    unasked = unasked_of(result_or_record)
    for dim in record.get("dimensions", []):
        score, band = _score_words(dim, unasked)
        lines.append(
            f"| {_cell(dim.get('label', ''))} | `{text_bar(dim.get('score'))}` | {score} | {_cell(band)} |"
        )
    steps = record.get("next_steps", [])
    lines += ["", "## Next steps", ""]
    if not steps:
        lines.append(
            "No particular step stood out this time. Talking the profile over with a counsellor is always an option."
        )
    for number, step in enumerate(steps, 1):
        lines += [f"### {number}. {step.get('title', '')}", ""]
        if step.get("why"):
            lines += [f"*Why this: {reasons_line(step['why'])}.*", ""]
        lines += [str(step.get("body", "")).rstrip(), ""]
    lines += [
        "## How the scores are worked out",
        "",
        SCORE_SCALE_WORDS,
        "",
    ]
    lines += [f"- {how_computed(dim)}" for dim in record.get("dimensions", [])]
    lines.append("")
    notes = notes_of(result_or_record)
    if notes:
        lines += ["## Your notes", ""]
        for question, answer in notes:
            lines += [f"**{question}**", "", *[f"> {row}" for row in answer.splitlines()], ""]
    lines += [
        "---",
        "",
        "Scores are estimates from your own answers, shown with how they were computed. "
        "Consider talking them over with a counsellor or therapist.",
    ]
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: Any) -> str:
    """A table cell; a record edited by hand may hold anything, even null."""
    return ("" if text is None else str(text)).replace("|", "\\|")


def to_text(result_or_record: Any) -> str:
    """Plain text for a terminal or a pipe."""
    record = as_record(result_or_record)
    quiz = record.get("quiz", {})
    out = [
        str(quiz.get("title", "Result")),
        f"Taken {friendly_date(record.get('taken_at', ''))}",
        SNAPSHOT_LINE,
        "",
    ]
    dims = record.get("dimensions", [])
    width = max((len(str(d.get("label", ""))) for d in dims), default=0)
    unasked = unasked_of(result_or_record)
    for dim in dims:
        score, band = _score_words(dim, unasked)
        out.append(
            f"  {str(dim.get('label', '')).ljust(width)}  {text_bar(dim.get('score'))}  {score:>3}  {band}"
        )
    out += ["", "Next steps:"]
    for number, step in enumerate(record.get("next_steps", []), 1):
        out.append(f"  {number}. {step.get('title', '')}")
        if step.get("why"):
            out.append(f"     Why: {reasons_line(step['why'])}")
    notes = notes_of(result_or_record)
    if notes:
        out += ["", "Your notes:", *(f"  {q}\n    {a}" for q, a in notes)]
    return "\n".join(out) + "\n"


def safety_preamble(
    state: Any, resources: Any, steps: list[Any], held_back: int, *, markdown: bool = False
) -> str:
    """The support card(s) that lead `take`'s text or Markdown when the check raised anything.

    Lines first, then the emergency number, then the explanation, technology
    safety and the safety check's own steps. Never saved: a saved summary
    comes from the saved view, which knows nothing of the safety check.
    """
    from readiness.core.resources import card_plan
    from readiness.core.textsafe import terminal_safe

    bullet = "- " if markdown else "  • "
    heading = "## " if markdown else ""
    out: list[str] = []

    def para(text: str) -> list[str]:
        """Each paragraph on one line (the terminal wraps it), emphasis marks dropped in plain text."""
        found = [" ".join(p.split()) for p in str(text).split("\n\n") if p.strip()]
        if not markdown:
            found = [p.replace("**", "").replace("*", "") for p in found]
        return [line for paragraph in found for line in (terminal_safe(paragraph), "")]

    if resources is None:
        out += [
            f"{heading}Your safety comes first",
            "",
            "Support lines could not be loaded just now. If you are not safe, or are thinking of "
            "harming yourself, please contact your local emergency number or a helpline near you.",
            "",
        ]
    else:
        for number, plan in enumerate(card_plan(state, resources)):
            out += [f"{heading}{terminal_safe(plan.card.title)}", ""]
            if plan.card.lead:
                out += para(plan.card.lead)
            for line in plan.lines:
                where = "anywhere" if line.region == "INTL" else line.region
                out.append(
                    f"{bullet}{terminal_safe(line.name)} ({where}): {terminal_safe(line.contact)}. {terminal_safe(line.url)}"
                )
            if not plan.lines and number:
                out.append("The lines above can help with this too.")
            out.append("")
            if number == 0 and resources.emergency is not None:
                out += [terminal_safe(resources.emergency.say), ""]
            out += para(plan.card.body)
        if resources.tech_safety.title:
            out += [
                f"{heading}{terminal_safe(resources.tech_safety.title)}",
                "",
                *para(resources.tech_safety.body),
            ]
    for step in steps:
        out += [f"{heading}{terminal_safe(step.title)}", "", *para(step.body)]
    if held_back:
        noun = "suggestion involves" if held_back == 1 else "suggestions involve"
        verb = "is" if held_back == 1 else "are"
        if state.unsure and not (state.concern or state.crisis):
            out += [
                f"{held_back} {noun} your partner and {verb} held back here; the app shows "
                "them when you press j, if you feel safe at home.",
                "",
            ]
        else:
            out += [f"{held_back} {noun} your partner and {verb} left out for your safety.", ""]
    out += ["---" if markdown else "—" * 20, ""]
    return "\n".join(out) + "\n"
