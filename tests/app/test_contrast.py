"""Contrast: every word on the app's screens is at least 4.5:1 (WCAG AA) in the
dark and the light theme, and an empty answer box stands out from the page.

Measured on what is drawn, not on what the CSS meant: the app is driven with
Pilot through home, a quiz, its review and its results (with and without the
safety card), the help and a dialog; every cell of the screen is read from
Textual's compositor with its final colours, translucent ones blended. A word
is a run of letters or digits; a disabled key (drawn dim on purpose) is left
out, and behind a dialog only the dialog is read (the backdrop fades the rest).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readiness.app.services import SafetyState
from support.looks import settle, two_quiz_catalog
from support.snapshot_app import make_app

THEMES = ("textual-dark", "textual-light")
LEAST = 4.5
BOX_LEAST = 3.0  # WCAG's least for the parts of a control (1.4.11)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_measure_is_wcags() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((1, 120, 212), (208, 208, 208)) == pytest.approx(
        2.94, abs=0.01
    )  # the light footer keys before
    assert contrast((168, 109, 28), (224, 224, 224)) == pytest.approx(
        3.27, abs=0.01
    )  # light headings before


def cells(app: Any) -> list[tuple[int, int, str, Any]]:
    """(x, y, text, rich style) of every segment drawn on the screen now."""
    out = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            out.append((x, y, segment.text, segment.style))
            x += segment.cell_length
    return out


def colours(style: Any) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    if style is None or style.color is None or style.bgcolor is None:
        return None
    fg, bg = tuple(style.color.get_truecolor()), tuple(style.bgcolor.get_truecolor())
    return (bg, fg) if style.reverse else (fg, bg)  # type: ignore[return-value]


def low_contrast_words(app: Any, where: str) -> list[str]:
    """Every word drawn below 4.5:1, as "where: 'text' 3.27:1 (fg on bg)"."""
    region = None
    dialogs = app.screen.query("#dialog")
    if dialogs:
        region = dialogs.first().region
    found = []
    for x, y, text, style in cells(app):
        if not any(ch.isalnum() for ch in text) or style is None or style.dim:
            continue
        if region is not None and not region.contains(x, y):
            continue
        pair = colours(style)
        assert pair is not None, f"{where}: {text!r} has no colour of its own"
        ratio = contrast(*pair)
        if ratio < LEAST:
            found.append(f"{where}: {text.strip()!r} {ratio:.2f}:1 ({pair[0]} on {pair[1]})")
    return found


@pytest.fixture
def fixture_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return two_quiz_catalog(tmp_path, monkeypatch)


@pytest.mark.parametrize("theme", THEMES)
async def test_home_words_and_its_highlighted_row(theme: str, fixture_catalog: Path) -> None:
    from readiness.app import build_app

    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await settle(pilot)
        found = low_contrast_words(app, "home")
        await pilot.press("down")
        await settle(pilot)
        found += low_contrast_words(app, "home, second row highlighted")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("concern", [False, True], ids=["plain", "safety-card"])
@pytest.mark.parametrize("theme", THEMES)
async def test_every_screen_of_a_quiz(theme: str, concern: bool) -> None:
    app = make_app()
    found: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await settle(pilot)
        app.safety_state = SafetyState(concern=concern, crisis=False)
        found += low_contrast_words(app, "intro")
        await pilot.press("enter")
        await settle(pilot)
        found += low_contrast_words(app, "choice question")
        await pilot.press("1", "enter")
        await settle(pilot)
        found += low_contrast_words(app, "multi question")
        await pilot.press("space", "enter")
        await settle(pilot)
        found += low_contrast_words(app, "scale question")
        await pilot.press("1", "enter", "enter")
        await settle(pilot)
        found += low_contrast_words(app, "review")
        await pilot.press("right")
        await settle(pilot)
        found += low_contrast_words(app, "results")
        await pilot.press("end")
        await settle(pilot)
        found += low_contrast_words(app, "results, end")
        await pilot.press("f1")
        await settle(pilot)
        found += low_contrast_words(app, "help")
        await pilot.press("escape", "n")
        await settle(pilot)
        found += low_contrast_words(app, "leave dialog")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("theme", THEMES)
async def test_an_empty_answer_box_stands_out_from_the_page(theme: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # the choice question: nothing picked, so every box is empty
        boxes = [(text, style) for _, _, text, style in cells(app) if text in ("▐", "▌")]
        assert len(boxes) >= 6, boxes
        for text, style in boxes:
            pair = colours(style)
            assert pair is not None
            assert contrast(*pair) >= BOX_LEAST, (theme, text, pair)
        await pilot.press("1", "enter")
        await settle(pilot)
        # the multi question: its tick boxes, empty too (the first row is highlighted)
        boxes_at = [(y, style) for _, y, text, style in cells(app) if text in ("▐", "▌")]
        first_row = min(y for y, _ in boxes_at)
        others = [colours(style) for y, style in boxes_at if y != first_row]
        assert len(others) >= 4, boxes_at
        for pair in others:
            assert pair is not None
            assert contrast(*pair) >= BOX_LEAST, (theme, pair)
