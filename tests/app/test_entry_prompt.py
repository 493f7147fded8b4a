"""Home's quiz lines: the word wrap keeps every word, in order, within the width,
and a line measures exactly as many rows as it draws."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.content import Content
from textual.style import Style
from textual.visual import RenderOptions

from readiness.app.entry_prompt import KEY_WIDTH, EntryPrompt, wrap_cells
from support.paths import REPO

WORDS = st.text(alphabet=st.sampled_from("abcdefghij,.·界é"), min_size=1, max_size=14)
PARAGRAPH = st.lists(WORDS, max_size=12).map(" ".join)


@given(st.lists(PARAGRAPH, min_size=1, max_size=3).map("\n".join), st.integers(2, 60))
def test_wrapping_keeps_every_word_in_order_within_the_width(text: str, width: int) -> None:
    """(Width 2 at least: a wide character needs two cells.)"""
    lines = wrap_cells(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert len(lines) >= text.count("\n") + 1
    # Words too wide for a line are folded, so compare the letters, not the words.
    assert "".join("".join(line.split()) for line in lines) == "".join(text.split())


@given(PARAGRAPH, st.integers(2, 60))
def test_words_that_fit_are_never_split(text: str, width: int) -> None:
    words = text.split()
    if all(cell_len(word) <= width for word in words):
        assert " ".join(wrap_cells(text, width)).split() == words


def options() -> RenderOptions:
    return RenderOptions(
        lambda style: style if isinstance(style, Style) else Style.parse(style), {}
    )  # type: ignore[arg-type]


@given(
    PARAGRAPH,
    PARAGRAPH,
    st.sampled_from(["", "about 5 minutes · 12 questions"]),
    st.integers(8, 100),
)
def test_a_line_draws_as_many_rows_as_it_measures(
    title: str, summary: str, facts: str, width: int
) -> None:
    prompt = EntryPrompt("1", title, summary, facts)
    strips = prompt.render_strips(width, None, Style(), options())
    assert len(strips) == prompt.get_height({}, width)  # type: ignore[arg-type]
    assert all(strip.cell_length == width for strip in strips)
    assert strips[0].text[:KEY_WIDTH] == "1  "
    assert all(strip.text[:KEY_WIDTH] == "   " for strip in strips[1:])


def test_the_words_are_styled_as_before_title_bold_facts_dim() -> None:
    prompt = EntryPrompt("2", "Title", "Summary", "Facts")
    assert prompt.lines(40) == [("Title", "bold"), ("Summary", ""), ("Facts", "dim")]
    assert prompt.plain == "2 Title Summary Facts"
    assert isinstance(Content.styled("x", "bold"), Content)


def test_home_lists_a_folder_of_many_quizzes_checked_with_a_helper(
    tmp_path: Path, monkeypatch
) -> None:
    import asyncio

    from readiness.app import build_app
    from readiness.core import checkhelper

    monkeypatch.setattr(checkhelper, "spare_cpus", lambda: 1)
    source = (REPO / "quizzes" / "boundary-needs.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "many"
    folder.mkdir()
    count = checkhelper.MIN_FILES_FOR_HELPER + 2
    for index in range(count):
        text = source.replace("\nid: boundary-needs\n", f"\nid: many-{index:02d}\n", 1)
        text = text.replace("\ntitle: Boundary needs\n", f"\ntitle: Many {index:02d}\n", 1)
        (folder / f"many-{index:02d}.yaml").write_text(text, encoding="utf-8")
    app = build_app(extra_quiz_dirs=[folder])
    assert app.catalog_plan is not None and app.catalog_plan.checks.helper is not None
    asyncio.run(_take_the_third(app, count))
    assert app.catalog_plan is None


async def _take_the_third(app, count: int) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if app.catalog is not None:
                break
        await pilot.pause()
        quizzes = app.screen.query_one("#quizzes")
        titles = [e.title for e in app.catalog.entries]
        assert quizzes.option_count == len(titles)
        assert titles[:3] == ["Boundary needs", "Deal-breaker factors", "Many 00"]
        assert len(titles) == count + 3
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.__class__.__name__ != "HomeScreen"
