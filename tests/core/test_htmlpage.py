"""core.htmlpage: printable pages that run nothing, load nothing and escape everything from outside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.core.exporting import ExportFormatError, format_for, suffix_for
from readiness.core.htmlpage import markdown, questionnaire_page, result_page, worksheet_page
from readiness.core.loader import load_quiz, load_quiz_text
from support.inert import Tags, assert_inert
from support.paths import FIXTURES, REPO

QUIZ_DIR = REPO / "quizzes"
BUILTIN = sorted(QUIZ_DIR.glob("*.yaml"))
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\x1b]52;c;aGk=\x07\u202e"


def record(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "quiz": {"id": "q", "version": 1, "title": "Therapy readiness"},
        "taken_at": "2026-11-22T10:04:05+00:00",
        "dimensions": [
            {
                "id": "own",
                "label": "Your readiness",
                "raw": 17,
                "min": 5,
                "max": 25,
                "score": 60,
                "band": {"id": "mid", "label": "Getting there"},
            },
            {
                "id": "none",
                "label": "Unscored",
                "raw": 0,
                "min": 0,
                "max": 0,
                "score": None,
                "band": None,
            },
        ],
        "flags": {"leaning_out": False},
        "next_steps": [
            {
                "id": "one",
                "title": "Suggest one session",
                "body": "Say **one** session.\n\n- a\n- b",
                "why": ["Your readiness: Getting there (60)", "leaning_out"],
            },
            {
                "id": "two",
                "title": "Read together",
                "body": "See [this guide](https://example.org/x).",
                "why": [],
            },
        ],
        "notes": [{"question": "Your hope", "answer": "That we talk.\nCalmly."}],
    }
    base.update(overrides)
    return base


# --- format_for ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "explicit", "expected"),
    [
        ("r.md", None, "markdown"),
        ("r.MARKDOWN", None, "markdown"),
        ("r.json", None, "json"),
        ("r.txt", None, "text"),
        ("r.html", None, "html"),
        ("r.HTM", None, "html"),
        ("r", None, "json"),
        ("r.pdf", "md", "markdown"),
        ("r.html", "worksheet", "worksheet"),
        ("r.json", "text", "text"),
    ],
)
def test_format_from_extension_or_explicit(path: str, explicit: str | None, expected: str) -> None:
    assert format_for(Path(path), explicit) == expected


@pytest.mark.parametrize("path", ["x.pdf", "x.docx", "x.yaml", "notes.MD.bak"])
def test_format_refuses_an_extension_it_cannot_write(path: str) -> None:
    with pytest.raises(ExportFormatError) as caught:
        format_for(Path(path), None)
    message = str(caught.value)
    assert Path(path).suffix.lower() in message
    for can in (".md", ".json", ".txt", ".html"):
        assert can in message


def test_format_refuses_an_unknown_explicit_format() -> None:
    with pytest.raises(ExportFormatError, match="worksheet"):
        format_for(Path("x.html"), "pdf")


def test_suffix_for_every_format() -> None:
    assert [suffix_for(f) for f in ("markdown", "json", "text", "html", "worksheet")] == [
        ".md",
        ".json",
        ".txt",
        ".html",
        ".html",
    ]


# --- the pages -------------------------------------------------------------------------------------


def test_result_page_has_profile_steps_reasons_and_snapshot_note() -> None:
    page = result_page(record())
    assert_inert(page)
    assert (
        page.startswith("<!DOCTYPE html>")
        and "@media print" in page
        and "Content-Security-Policy" in page
    )
    assert "Your readiness" in page and "Getting there" in page and 'style="width: 60%"' in page
    assert "not enough answers" in page  # the unscored dimension, with an empty bar
    assert (
        "1. Suggest one session" in page and "<strong>one</strong>" in page and "<li>a</li>" in page
    )
    assert "Why this: Your readiness: Getting there (60); Leaning out." in page
    assert "not a verdict" in page and "snapshot" in page
    assert "That we talk.<br>Calmly." in page
    # a link is words and its address as text, never a live link
    assert (
        '<span class="link">this guide</span> <span class="url">(https://example.org/x)</span>'
        in page
    )


def test_hostile_title_labels_steps_and_notes_are_escaped() -> None:
    hostile = record(
        quiz={"id": "q", "version": 1, "title": HOSTILE},
        dimensions=[
            {
                "id": "d",
                "label": HOSTILE,
                "score": 40,
                "band": {"id": "b", "label": HOSTILE},
                "raw": 1,
                "min": 0,
                "max": 2,
            }
        ],
        next_steps=[
            {
                "id": "s",
                "title": HOSTILE,
                "why": [HOSTILE],
                "body": HOSTILE + "\n\n<b onclick=x>hi</b>"
                "\n\n![pic](https://evil.example/p.png)\n\n<https://evil.example/a>",
            }
        ],
        notes=[{"question": HOSTILE, "answer": HOSTILE}],
    )
    for page in (result_page(hostile), worksheet_page(hostile)):
        assert_inert(page)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "\\x1b]52;c;aGk=\\x07U+202E" in page  # controls shown, never passed through
    page = result_page(hostile)
    assert "<title>&lt;script&gt;" in page
    assert "&lt;b onclick=x&gt;hi&lt;/b&gt;" in page  # raw HTML in Markdown shown as text
    assert "[pic]" in page and "https://evil.example/a" in page


def test_a_record_edited_by_hand_still_renders() -> None:
    odd = {
        "quiz": None,
        "taken_at": 5,
        "dimensions": [None, {"label": None, "score": "x"}],
        "next_steps": "nope",
        "notes": [{"question": None}],
    }
    for page in (result_page(odd), worksheet_page(odd)):
        assert_inert(page)
        assert "<h1>Result</h1>" in page


def test_worksheet_has_each_step_with_room_to_write() -> None:
    page = worksheet_page(record())
    assert_inert(page)
    assert "1. Suggest one session" in page and "2. Read together" in page
    assert page.count('class="plan"') == 2 and page.count("What I will try") == 2
    assert "Say <strong>one</strong>" not in page  # titles and reasons only: it fits one page
    assert 'class="lines"' in page


def test_worksheet_without_steps_still_has_space() -> None:
    page = worksheet_page(record(next_steps=[]))
    assert 'class="lines"' in page and "Something small to try" in page


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.stem)
def test_questionnaire_has_every_question_option_and_scale_point_and_no_scores(path: Path) -> None:
    quiz = load_quiz(path)
    page = questionnaire_page(quiz)
    assert_inert(page)
    for number, question in enumerate(quiz.questions, 1):
        assert f"{number}. {_esc(question.text)}" in page
        for option in question.options or []:
            assert _esc(option.label) in page
        if question.section:
            assert f"<h2>{_esc(question.section)}</h2>" in page
    for points in quiz.scales.values():
        for point in points:
            assert _esc(point.label) in page
    assert page.count('class="question"') == len(quiz.questions)
    for dim in quiz.dimensions:  # no dimension or score is given away
        assert f">{_esc(dim.label)}<" not in page
    assert 'class="score"' not in page and 'class="fill"' not in page
    for points in quiz.scales.values():  # a box and the words, never the value it scores as
        for point in points:
            assert f'<span class="box" aria-hidden="true"></span>{_esc(point.label)}<' in page


def test_questionnaire_escapes_a_hostile_quiz(tmp_path: Path) -> None:
    source = (FIXTURES / "contract.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("title: Therapy readiness", "title: " + json.dumps("Bad </title><script>x()</script>")),
        (
            "intro: |",
            "intro: |\n  <iframe src='https://evil.example'></iframe> [go](javascript:alert(1))\n",
        ),
        ("text: I would be willing", "text: <img src=x onerror=alert(1)> I would be willing"),
        (
            "help: optional hint, Markdown",
            "help: " + json.dumps("<style>@import url(https://evil.example/x.css)</style>"),
        ),
    ]:
        assert old in source
        source = source.replace(old, new, 1)
    quiz = load_quiz_text(source, "hostile.yaml")
    page = questionnaire_page(quiz)
    assert_inert(page)
    assert "<title>Bad &lt;/title&gt;&lt;script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "@import url(https" not in page.split("</style>")[0]


def test_markdown_never_makes_a_live_link() -> None:
    html = markdown(
        "[a](http://x.example) <http://y.example> ![b](http://z.example/i.png) <a href='q'>r</a>"
    )
    parsed = Tags()
    parsed.feed(html)
    assert {tag for tag, _ in parsed.tags} <= {"p", "span"}
    assert all(
        attrs == [("class", "link")]
        or attrs == [("class", "url")]
        or attrs == [("class", "image")]
        or not attrs
        for _, attrs in parsed.tags
    )
    assert "&lt;a href='q'&gt;r&lt;/a&gt;" in html


def _esc(value: str) -> str:
    from html import escape

    return escape(value, quote=True)


# --- writing a saved result as a page --------------------------------------------------------------


def test_export_saved_page_writes_privately_and_never_replaces_without_overwrite(
    tmp_path: Path,
) -> None:
    import stat

    from readiness.core import store
    from readiness.core.exporting import export_saved as export_saved_page

    saved = store.save_result(record(), "# summary")
    record_id = saved.record.stem
    page = export_saved_page(record_id[-6:], tmp_path / "r.html")
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    assert_inert(page.read_text(encoding="utf-8"))
    assert "Suggest one session" in page.read_text(encoding="utf-8")
    with pytest.raises(store.StoreError, match="already exists"):
        export_saved_page(record_id, tmp_path / "r.html", "worksheet")
    assert "What I will try" not in page.read_text(encoding="utf-8")
    export_saved_page(record_id, tmp_path / "r.html", "worksheet", overwrite=True)
    assert "What I will try" in page.read_text(encoding="utf-8")
    in_folder = export_saved_page(record_id, tmp_path, "worksheet")
    assert in_folder == tmp_path / f"{record_id}-worksheet.html"
    with pytest.raises(store.StoreError, match="does not exist"):
        export_saved_page(record_id, tmp_path / "missing" / "r.html")


# --- any text at all -------------------------------------------------------------------------------

_ANY = st.text(
    alphabet=st.sampled_from(list("<>&\"'=/ :()[]!*`\\\n\x1b\x07\u202eaonsrcipthf")), max_size=60
)


@settings(max_examples=150, deadline=None)
@given(title=_ANY, label=_ANY, band=_ANY, step_title=_ANY, why=_ANY, body=_ANY, note=_ANY)
def test_any_outside_text_leaves_the_pages_inert(
    title: str, label: str, band: str, step_title: str, why: str, body: str, note: str
) -> None:
    hostile = record(
        quiz={"id": "q", "version": 1, "title": title},
        dimensions=[
            {
                "id": "d",
                "label": label,
                "score": 50,
                "band": {"id": "b", "label": band},
                "raw": 1,
                "min": 0,
                "max": 2,
            }
        ],
        next_steps=[{"id": "s", "title": step_title, "why": [why], "body": body}],
        notes=[{"question": note, "answer": note}],
    )
    assert_inert(result_page(hostile))
    assert_inert(worksheet_page(hostile))
