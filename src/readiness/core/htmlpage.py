"""Self-contained, printable HTML pages: a result, a worksheet of its next steps, a blank questionnaire.

Each page is one file a person can open offline, print (A4 or Letter) or hand
to a counsellor: inline CSS with print styles, no scripts, no external
reference of any kind (no URL in src, href, @import or url()), and a
Content-Security-Policy that forbids loading anything should a browser try.
All outside text (quiz files, saved records) passes `textsafe.terminal_safe`
and is HTML-escaped; Markdown bodies are rendered by markdown-it with raw
HTML disabled, and links are shown as text, never clickable.

Pages are made from the record (the contract's JSON), like `core.report`, so
a result saved months ago prints with the words it was saved with. Whoever
exports a live result passes its saved view (`core.safety.saved_view`).
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from readiness.core.report import (
    NOT_ENOUGH,
    SCORE_SCALE_WORDS,
    SNAPSHOT_LINE,
    as_record,
    friendly_date,
    how_computed,
    notes_of,
    reasons_line,
)
from readiness.core.textsafe import terminal_safe

# --------------------------------------------------------------------------- text and Markdown


def text(value: Any) -> str:
    """Outside text as HTML: made safe for a reader (controls shown), then escaped."""
    return escape(terminal_safe("" if value is None else str(value)), quote=True)


@cache
def _markdown() -> Any:
    """CommonMark with raw HTML off; links and images come out as plain text."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.add_render_rule("link_open", lambda *_: '<span class="link">')
    md.add_render_rule("link_close", _link_close)
    md.add_render_rule("image", _image)
    return md


def _link_close(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """The address after the words, as text a reader can copy: never a live link."""
    depth = 0
    for back in range(idx - 1, -1, -1):  # find the matching link_open
        token = tokens[back]
        if token.type == "link_close":
            depth += 1
        elif token.type == "link_open":
            if depth == 0:
                href = str(token.attrGet("href") or "")
                words = "".join(
                    t.content for t in tokens[back + 1 : idx] if t.type in ("text", "code_inline")
                )
                if href and href not in (words, f"mailto:{words}"):
                    return f'</span> <span class="url">({escape(href)})</span>'
                return "</span>"
            depth -= 1
    return "</span>"


def _image(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """An image is never loaded: its description stands in for it."""
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
    return f'<span class="image">[{escape(alt)}]</span>' if alt else ""


def markdown(body: Any) -> str:
    """A Markdown body from a file as safe HTML (raw HTML shown as text, links as text)."""
    return str(_markdown().render(terminal_safe("" if body is None else str(body), multiline=True)))


# --------------------------------------------------------------------------- the page

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 2rem 1.5rem; color: #1a1a1a; background: #fff;
  font: 11.5pt/1.5 "Georgia", "DejaVu Serif", serif; }
h1, h2, h3 { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; line-height: 1.25; color: #111; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.02rem; margin: 1.1rem 0 .3rem; }
p { margin: .35rem 0; }
.lead { color: #333; margin: 0 0 .2rem; }
.note { font-size: .92rem; color: #333; border-left: 3px solid #777; padding: .3rem .7rem; margin: .8rem 0; }
.why { font-style: italic; color: #333; }
.url, .image { color: #444; word-break: break-all; }
table.profile { width: 100%; border-collapse: collapse; margin: .5rem 0; }
.profile th, .profile td { text-align: left; padding: .35rem .4rem; border-bottom: 1px solid #ccc; vertical-align: middle; }
.profile th { font-family: Arial, "DejaVu Sans", sans-serif; font-size: .85rem; color: #333; }
.profile td.score { text-align: right; width: 3.2rem; font-variant-numeric: tabular-nums; }
.profile td.bar { width: 27%; }
.bar .track { height: .8rem; border: 1px solid #444; background: #fff; }
.bar .fill { height: 100%; background: #555; }
.question, .plan, .why { break-inside: avoid; page-break-inside: avoid; }
.step { margin-bottom: .9rem; }
.question { margin: 0 0 1rem; }
.question .qtext { font-weight: bold; margin-bottom: .15rem; }
.question .help, .question .aside { font-size: .9rem; color: #333; }
.choices { list-style: none; padding: 0; margin: .3rem 0 0; }
.choices li { margin: .2rem 0; padding-left: 1.3rem; text-indent: -1.3rem; }
.box { display: inline-block; width: .8em; height: .8em; border: 1.2px solid #222; margin: 0 .45em -.05em 0; }
.box.round { border-radius: 50%; }
.choices li .box { margin-left: 0; }
.scale { display: flex; flex-wrap: wrap; gap: .3rem .9rem; list-style: none; padding: 0; margin: .35rem 0 0; }
.scale li { white-space: nowrap; }
.lines { margin-top: .3rem; }
.lines div { border-bottom: 1px solid #888; height: 1.9rem; }
.plan { border: 1px solid #777; padding: .5rem .7rem .6rem; margin: 0 0 .7rem; }
.plan h3 { margin-top: 0; }
.plan .label { font-family: Arial, "DejaVu Sans", sans-serif; font-size: .8rem; color: #333; margin-top: .3rem; }
.worksheet .lines div { height: 1.5rem; }
.worksheet .why { font-size: .9rem; margin: .1rem 0; }
.worksheet .plan h3 { font-size: .98rem; margin-bottom: .1rem; }
.pair { display: flex; gap: 1.2rem; }
.pair > div { flex: 1; }
footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #999; font-size: .85rem; color: #333; }
@page { margin: 14mm 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .bar .track, .bar .fill { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .worksheet { font-size: 10pt; }
  .worksheet h1 { font-size: 1.35rem; }
  .worksheet .plan { margin-bottom: .5rem; padding: .35rem .6rem .45rem; }
  .worksheet footer { margin-top: .8rem; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"


def _page(title: str, body: list[str], *, kind: str) -> str:
    """The whole document around `body` (already HTML); `title` is outside text."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{text(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            f'<body class="{kind}">',
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _bar(score: Any) -> str:
    """A bar that prints: an outlined track, filled to the score (empty when there is none)."""
    if not isinstance(score, int | float) or isinstance(score, bool):
        return '<div class="track" aria-hidden="true"></div>'
    width = max(0, min(100, round(score)))
    return f'<div class="track" aria-hidden="true"><div class="fill" style="width: {width}%"></div></div>'


def _listed(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The entries under `key` that are tables: a record edited by hand may hold anything."""
    return [item for item in record.get(key) or [] if isinstance(item, dict)]


def _head(record: dict[str, Any], what: str) -> tuple[str, list[str]]:
    quiz = record.get("quiz")
    quiz = quiz if isinstance(quiz, dict) else {}
    title = str(quiz.get("title") or "Result")
    taken = friendly_date(str(record.get("taken_at", "")))
    return title, [f"<h1>{text(title)}</h1>", f'<p class="lead">{what} Taken {text(taken)}.</p>']


def result_page(result_or_record: Any) -> str:
    """A saved or taken result: the profile with bars, the next steps with their reasons, the notes."""
    record = as_record(result_or_record)
    title, body = _head(record, "Your result.")
    body.append(f'<p class="note">{text(SNAPSHOT_LINE)}</p>')
    body += [
        "<h2>Your profile</h2>",
        '<table class="profile">',
        '<thead><tr><th scope="col">Dimension</th><th scope="col">Score</th>'
        '<th scope="col"></th><th scope="col">Band</th></tr></thead>',
        "<tbody>",
    ]
    for dim in _listed(record, "dimensions"):
        score = dim.get("score")
        band = dim.get("band")
        band = band if isinstance(band, dict) else {}
        shown_score = "—" if score is None else text(score)
        band_words = NOT_ENOUGH if score is None else band.get("label", "")
        body.append(
            f'<tr><td>{text(dim.get("label", ""))}</td><td class="score">{shown_score}</td>'
            f'<td class="bar">{_bar(score)}</td><td>{text(band_words)}</td></tr>'
        )
    body += ["</tbody>", "</table>", "<h2>Next steps</h2>"]
    steps = _listed(record, "next_steps")
    if not steps:
        body.append(
            "<p>No particular step stood out this time. Talking the profile over with a "
            "counsellor is always an option.</p>"
        )
    for number, step in enumerate(steps, 1):
        body += [*_step_heading("step", number, step), markdown(step.get("body", "")), "</section>"]
    body += ["<h2>How the scores are worked out</h2>", f"<p>{text(SCORE_SCALE_WORDS)}</p>", "<ul>"]
    body += [f"<li>{text(how_computed(dim))}</li>" for dim in _listed(record, "dimensions")]
    body.append("</ul>")
    notes = notes_of(result_or_record)
    if notes:
        body.append("<h2>Your notes</h2>")
        for question, answer in notes:
            lines = "<br>".join(text(row) for row in str(answer).splitlines())
            body += [f"<h3>{text(question)}</h3>", f"<blockquote><p>{lines}</p></blockquote>"]
    body.append(
        _footer(
            "Scores are estimates from your own answers, shown with how they were computed. "
            "They describe a moment, not a person. Consider talking them over with a "
            "counsellor or therapist."
        )
    )
    return _page(title, body, kind="result")


def worksheet_page(result_or_record: Any) -> str:
    """One page to print: each chosen next step, why it came up, and room to plan and look back.

    One page on A4 and on Letter for up to six steps (the most a built-in quiz
    shows); the ruled space shrinks as the steps grow, and no footer takes room.
    """
    record = as_record(result_or_record)
    title, body = _head(record, "A worksheet for your next steps.")
    steps = _listed(record, "next_steps")
    body.append(
        '<p class="note">Pick one step to start with. Write as much or as little as helps; '
        "this page is for you. " + text(SNAPSHOT_LINE) + " Made with readiness, offline.</p>"
    )
    if not steps:
        body += [
            '<section class="plan"><h3>Something small to try</h3>',
            *_prompts(4),
            "</section>",
        ]
    lines = 3 if len(steps) <= 3 else 2 if len(steps) <= 4 else 1  # one page, however many steps
    for number, step in enumerate(steps, 1):
        body += [*_step_heading("plan", number, step), *_prompts(lines), "</section>"]
    return _page(f"{title}: worksheet", body, kind="worksheet")


def _step_heading(kind: str, number: int, step: dict[str, Any]) -> list[str]:
    """A step's section opened: its number and title, and why it came up."""
    out = [f'<section class="{kind}">', f"<h3>{number}. {text(step.get('title', ''))}</h3>"]
    why = step.get("why")
    if isinstance(why, list) and why:
        out.append(f'<p class="why">Why this: {text(reasons_line([str(w) for w in why]))}.</p>')
    return out


def _prompts(lines: int) -> list[str]:
    """Labelled ruled space: what to try and when, then how it went (side by side for one line)."""
    if lines <= 1:
        return [
            '<div class="pair"><div><div class="label">What I will try, and when:</div>',
            _ruled(1),
            '</div><div><div class="label">How it went:</div>',
            _ruled(1),
            "</div></div>",
        ]
    return [
        '<div class="label">What I will try, and when:</div>',
        _ruled(lines),
        '<div class="label">How it went:</div>',
        _ruled(lines - 1),
    ]


def _ruled(count: int) -> str:
    return '<div class="lines">' + "<div></div>" * count + "</div>"


def questionnaire_page(quiz: Any) -> str:
    """A blank questionnaire for a counsellor: every question with its options, scale points and
    sections, boxes to tick, room to write; no scores, weights or dimensions."""
    body = [f"<h1>{text(quiz.title)}</h1>", f'<p class="lead">{text(quiz.summary)}</p>']
    n = len(quiz.questions)
    facts = [f"{n} question{'' if n == 1 else 's'}"]
    if quiz.minutes:
        facts.append(f"about {quiz.minutes} minutes")
    body.append(
        f'<p class="lead">{text(", ".join(facts))}. Tick one box unless a question says otherwise; '
        "leave out any question that does not apply.</p>"
    )
    if quiz.intro:
        body.append(markdown(quiz.intro))
    section: str | None = None
    for number, question in enumerate(quiz.questions, 1):
        if question.section and question.section != section:
            section = question.section
            body.append(f"<h2>{text(section)}</h2>")
        body += _question(quiz, question, number)
    closing = "A reflection aid, not a diagnosis and not a verdict on anyone."
    if getattr(quiz, "safety_check", False):
        closing += " In the app, a short safety check comes before any result."
    body.append(_footer(closing))
    return _page(quiz.title, body, kind="questionnaire")


def _question(quiz: Any, question: Any, number: int) -> list[str]:
    out = [
        '<section class="question">',
        f'<div class="qtext">{number}. {text(question.text)}</div>',
    ]
    asides = []
    if question.type == "multi":
        asides.append(_tick_all(question))
    if question.show_if:
        asides.append("Only if it applies, given the answers before.")
    if not question.is_required and question.type != "text":
        asides.append("Optional.")
    if asides:
        out.append(f'<div class="aside">{text(" ".join(asides))}</div>')
    if question.help:
        out.append(f'<div class="help">{markdown(question.help)}</div>')
    if question.type == "scale":
        points = quiz.scales.get(question.scale or "", [])
        out.append(
            '<ul class="scale">'
            + "".join(f"<li>{_BOX}{text(point.label)}</li>" for point in points)
            + "</ul>"
        )
    elif question.type in ("choice", "multi"):
        box = _BOX if question.type == "multi" else _ROUND
        out.append(
            '<ul class="choices">'
            + "".join(f"<li>{box}{text(option.label)}</li>" for option in question.options or [])
            + "</ul>"
        )
    else:
        out.append(_ruled(3))
    out.append("</section>")
    return out


def _tick_all(question: Any) -> str:
    """On paper nothing unticks a box, so options that go alone (`exclusive`) are named."""
    alone = [f"“{o.label}”" for o in question.options or () if getattr(o, "exclusive", False)]
    if not alone:
        return "Tick all that apply."
    names = alone[0] if len(alone) == 1 else ", ".join(alone[:-1]) + " or " + alone[-1]
    return f"Tick all that apply, or only {names}."


# Boxes to tick drawn by CSS borders, which every printer prints (a glyph may be missing from a font).
_BOX = '<span class="box" aria-hidden="true"></span>'
_ROUND = '<span class="box round" aria-hidden="true"></span>'


def _footer(words: str) -> str:
    return f"<footer><p>{text(words)} Made with readiness, offline: nothing on this page was sent anywhere.</p></footer>"
