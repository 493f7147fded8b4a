"""The saved-results screen (Pilot): list, open, change over time, delete one, delete all."""

from __future__ import annotations

import json
import os
import re
import threading
import time

import pytest

from readiness import locations
from readiness.core import store
from support.records import make_record

pytest.importorskip("textual")

from textual.widgets import DataTable, Input, Static  # noqa: E402

from readiness.app.delete_dialogs import ConfirmDeleteAllScreen, ConfirmDeleteScreen  # noqa: E402
from readiness.app.history_screen import HistoryScreen  # noqa: E402
from readiness.app.main import ReadinessApp  # noqa: E402
from readiness.app.saved_result import SavedResultScreen  # noqa: E402
from support.history import open_history, save_three, text_of, utc, wait_loaded  # noqa: E402,F401


async def test_history_lists_opens_and_compares() -> None:
    saved = save_three()
    app = ReadinessApp()
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#saved", DataTable)
        assert table.row_count == 3
        assert [s.id for s in screen.summaries] == [saved[2].id, saved[1].id, saved[0].id]
        first_row = [str(c) for c in table.get_row_at(0)]
        assert first_row[0] == "2026-05-01 12:00" and first_row[1] == "Therapy readiness"
        # the headline names the dimension; what does not fit is counted, not cut
        assert first_row[2] == "Readiness, as renamed in v3: Getting there 60 · 1 more"
        trend = text_of(screen, "#trend")
        assert "2nd of 2 saved" in trend
        assert "Change since the time before (3 March), and over time:" in trend
        lines = trend.splitlines()
        # changes in words, never a sign: on some dimensions higher is harder
        assert any(
            "12 higher  Readiness, as renamed in v3: Getting there (60)" in ln for ln in lines
        )
        assert any(" 30 lower  Partner openness: Not yet (20)" in ln for ln in lines)
        assert "+" not in trend and "-3" not in trend

        await pilot.press("down")
        await pilot.pause()
        assert "only saved result of this quiz" in text_of(screen, "#trend")

        # open the oldest: its own labels, its notes, and "the first of 2"
        await pilot.press("down", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, SavedResultScreen)
        assert detail.summary.id == saved[0].id
        texts = " ".join(str(s.render()) for s in detail.query(Static))
        assert "Your snapshot: Therapy readiness" in texts
        assert "Own readiness" in texts and "renamed" not in texts
        assert "The first of 2 saved results" in texts
        assert "Why this one: Your readiness: Getting there (60); Leaning out" in texts
        assert "More time" in " ".join(str(m._markdown) for m in detail.query("Markdown"))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        # open the newest: the change since the time before, under each bar
        await pilot.press("up", "up", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, SavedResultScreen) and detail.summary.id == saved[2].id
        changes = [str(s.render()) for s in detail.query(".change")]
        assert any("12 higher than on 3 March" in c for c in changes)
        assert any("30 lower than on 3 March" in c for c in changes)
        assert not any("+" in c or "-" in c for c in changes)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


async def test_delete_one_asks_first() -> None:
    saved = save_three()
    app = ReadinessApp()
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteScreen)
        await pilot.press("n")
        await pilot.pause()
        assert all(p.record.exists() for p in saved)

        await pilot.press("delete")
        await pilot.pause()
        loads = screen.load_count
        await pilot.press("y")
        await wait_loaded(pilot, screen, loads)
        assert not saved[2].record.exists() and not saved[2].summary.exists()
        assert saved[0].record.exists() and saved[1].record.exists()
        assert screen.query_one("#saved", DataTable).row_count == 2

        # delete from the opened result too
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SavedResultScreen)
        await pilot.press("delete")
        await pilot.pause()
        loads = screen.load_count
        await pilot.press("y")
        await wait_loaded(pilot, screen, loads)
        assert app.screen is screen
        assert not saved[1].record.exists() and saved[0].record.exists()


async def test_delete_all_needs_the_typed_word() -> None:
    saved = save_three()
    (locations.results_dir() / "mine.txt").write_text("keep me")
    app = ReadinessApp()
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteAllScreen)
        await pilot.press(*"yes", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteAllScreen)  # wrong word: still asking
        assert all(p.record.exists() for p in saved)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and all(p.record.exists() for p in saved)

        await pilot.press("A")
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        loads = screen.load_count
        await pilot.press(*"delete", "enter")
        await wait_loaded(pilot, screen, loads)
        assert [p.name for p in locations.results_dir().iterdir()] == ["mine.txt"]
        assert "No saved results yet" in text_of(screen, "#history-status")
        assert "1 file" in text_of(screen, "#skipped")  # mine.txt is named, not touched


async def test_empty_history_and_broken_files() -> None:
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert "No saved results yet" in text_of(screen, "#history-status")
        assert not screen.query_one("#saved").display
        await pilot.press("d", "delete", "A", "enter")  # nothing to act on: nothing happens
        await pilot.pause()
        assert app.screen is screen
    assert not locations.results_dir().exists()


async def test_a_record_that_breaks_after_listing_opens_with_a_message() -> None:
    saved = save_three()
    app = ReadinessApp()
    async with app.run_test(size=(100, 34)) as pilot:
        await open_history(pilot)
        saved[2].record.write_text("{")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SavedResultScreen)
        assert "Cannot open" in text_of(app.screen, "#problem")


def write_many(n: int) -> None:
    folder = locations.ensure_private_dir(locations.results_dir())
    for i in range(n):
        when = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(i // 60) % 60:02d}+00:00"
        record = {
            **make_record(
                "therapy-readiness" if i % 3 else "boundary-needs",
                when,
                {"own_readiness": i % 101, "partner_openness": (i * 7) % 101},
            ),
            "record_version": 1,
            "quiz_sha256": None,
        }
        stamp = when[:19].replace("-", "").replace(":", "") + "Z"
        (folder / f"{stamp}-{record['quiz']['id']}-{i:06x}.json").write_text(json.dumps(record))


async def test_the_screen_answers_keys_while_the_list_is_still_being_read(monkeypatch) -> None:
    save_three()
    release = threading.Event()
    real = store.list_saved

    def slow_list_saved(folder=None, **kwargs):
        release.wait(10)
        return real(folder)

    monkeypatch.setattr(store, "list_saved", slow_list_saved)
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and not screen.loaded
        assert "Reading your saved results" in text_of(screen, "#history-status")
        await pilot.press("d", "enter")  # nothing listed yet: nothing to act on
        await pilot.pause()
        assert app.screen is screen
        release.set()
        await wait_loaded(pilot, screen)
        assert screen.query_one("#saved", DataTable).row_count == 3


async def test_many_records() -> None:
    write_many(3000)
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert len(screen.summaries) == 3000
        for _ in range(100):  # rows arrive in chunks between frames
            if screen.query_one("#saved", DataTable).row_count == 3000:
                break
            await pilot.pause(0.02)
        assert screen.query_one("#saved", DataTable).row_count == 3000
        times = [s.taken_at for s in screen.summaries]
        assert times == sorted(times, reverse=True)
        newest = screen.summaries[0]
        trend = text_of(screen, "#trend")
        total = sum(1 for s in screen.summaries if s.quiz_id == newest.quiz_id)
        assert f"{total}th of {total} saved" in trend
        assert all(len(line) <= 76 for line in trend.splitlines())  # fits at 80 columns
        await pilot.press("pagedown", "pagedown", "end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SavedResultScreen)
        assert app.screen.summary.id == screen.summaries[-1].id


def test_saved_result_notes_come_from_the_summary_when_the_record_has_none() -> None:
    from readiness.app.saved_result import notes_markdown

    md = "# T\n\n## Next steps\n\nx\n\n## Your notes\n\n**Q?**\n\n> A\n\n---\n\nfooter\n"
    assert notes_markdown({}, md) == "**Q?**\n\n> A"
    assert notes_markdown({}, "# T\n") is None
    assert "> hello" in (
        notes_markdown({"notes": [{"question": "Q", "answer": "hello"}]}, None) or ""
    )


async def test_the_store_is_read_only_after_the_first_frame(monkeypatch) -> None:
    """The first frame never waits on the disk, nor on the worker's share of the CPU."""
    save_three()
    frames: list[object] = []
    frames_at_read: list[int] = []
    real_refresh = HistoryScreen._compositor_refresh
    real_list = store.list_saved

    def counting_refresh(self) -> None:
        real_refresh(self)
        if self is self.app.screen:
            frames.append(self)

    def recording_list(folder=None, **kwargs):
        if isinstance(app.screen, HistoryScreen):  # home reads the index too, for its own list
            frames_at_read.append(len(frames))
        return real_list(folder, **kwargs)

    monkeypatch.setattr(HistoryScreen, "_compositor_refresh", counting_refresh)
    monkeypatch.setattr(store, "list_saved", recording_list)
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert frames_at_read and frames_at_read[0] >= 1
        assert screen.query_one("#saved", DataTable).row_count == 3


# ------------------------------------------------------------ what a new person sees


def save_real(quiz_id: str, pick: int, when: str) -> store.SavedPaths:
    """A result of a built-in quiz, each question answered with its `pick`th choice (-1: last)."""
    from datetime import datetime

    from readiness.core.loader import load_quiz
    from readiness.core.report import to_markdown
    from readiness.core.scoring import evaluate

    quiz = load_quiz(locations.builtin_quiz_dir() / f"{quiz_id}.yaml")
    answers: dict[str, object] = {}
    for question in quiz.questions:
        if question.type == "text":
            continue
        choices = quiz.choices(question)
        value = choices[pick if pick >= 0 else len(choices) - 1][0]
        answers[question.id] = [value] if question.type == "multi" else value
    result = evaluate(quiz, answers, taken_at=datetime.fromisoformat(when))
    return store.save_result(result, to_markdown(result))


def save_built_in_pairs() -> None:
    """Each built-in quiz saved twice, first with the first answers, then with the last."""
    for n, quiz_id in enumerate(("therapy-readiness", "boundary-needs", "deal-breakers")):
        save_real(quiz_id, 0, f"2026-03-0{n + 1}T10:00:00+00:00")
        save_real(quiz_id, -1, f"2026-05-0{n + 1}T10:00:00+00:00")


_NUMBER = re.compile(r"\d+")


def assert_whole_numbers(text: str, summary: store.SavedSummary) -> None:
    """Every number shown is one of the result's scores, whole (none cut in half)."""
    scores = {str(score) for _label, _band, score in summary.bands if score is not None}
    shown = re.sub(r" · \d+ more$", "", text)
    for number in _NUMBER.findall(shown):
        assert number in scores, (number, text)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_list_fits_the_terminal_and_names_what_it_shows(size) -> None:
    save_built_in_pairs()
    app = ReadinessApp()
    async with app.run_test(size=size) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#saved", DataTable)
        assert table.row_count == 6
        columns = sum(c.get_render_width(table) for c in table.columns.values())
        assert (
            columns + 1 <= size[0] - 4
        )  # beside its scrollbar, inside the page: no sideways scroll
        assert table.virtual_size.width <= table.size.width
        heads = []
        for row, summary in enumerate(screen.summaries):
            cells = [str(c) for c in table.get_row_at(row)]
            assert cells[1] == summary.quiz_title  # never cut
            head = cells[2]
            heads.append(head)
            assert head and len(head) <= table.make_row.layout.bands_width
            assert_whole_numbers(head, summary)
            assert not head.endswith(("·", ":"))
        if size[0] >= 80:
            # at 80 columns, headlines name their dimension whenever one fits beside it
            assert any(h.startswith("Your readiness: ") and "more" in h for h in heads)
            assert sum(": " in h for h in heads) >= 4
        await pilot.pause()
        trend = text_of(screen, "#trend")
        width = screen.query_one("#trend").content_size.width
        for line in trend.splitlines():
            assert len(line) <= width, line


async def test_preview_labels_are_said_shortly_before_they_are_cut() -> None:
    save_built_in_pairs()
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        row = next(i for i, s in enumerate(screen.summaries) if s.quiz_id == "therapy-readiness")
        summary = screen.summaries[row]
        screen.query_one("#saved", DataTable).move_cursor(row=row)
        await pilot.pause()
        lines = text_of(screen, "#trend").splitlines()
        dims = [ln for ln in lines if ln.startswith("  ")]
        assert len(dims) == len(summary.bands)
        # Too long in full for 80 columns, so every label loses its "(as you see it)"
        # (all of them, not some); then only the ones still too long are cut, at a word.
        assert not any("(as you see it)" in ln for ln in dims)
        cut = [ln for ln in dims if "…" in ln]
        assert cut == [
            "  ▂▆ 50 points harder  Worry about what therapy…: A strong barrier (67)",
            "  ▁▆ 67 points harder  Not knowing what therapy is…: A strong barrier (67)",
        ]
        assert any("Fear of being blamed: A strong barrier (" in ln for ln in dims)
        # words carry the change, with no sign: which way is better where the quiz says
        assert all("+" not in ln and " -" not in ln for ln in dims)
        assert any(" points harder  " in ln for ln in dims)


async def test_a_resize_lays_the_rows_out_again() -> None:
    save_built_in_pairs()
    app = ReadinessApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#saved", DataTable)
        table.move_cursor(row=3)
        wide = [str(c) for c in table.get_row_at(3)]
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        narrow = [str(c) for c in table.get_row_at(3)]
        assert narrow != wide and len(narrow[0]) == 10  # the date alone; the panel has the time
        assert table.cursor_row == 3 and table.row_count == 6
        assert len(narrow[2]) <= table.make_row.layout.bands_width < len(wide[2]) + 30


async def test_delete_all_deletes_what_the_list_shows_and_says_what_it_leaves() -> None:
    saved = save_three()
    folder = locations.results_dir()
    damaged = folder / "20260101T000000Z-therapy-readiness-aaaaaa.json"
    damaged.write_text("{")
    newer = folder / "20260102T000000Z-therapy-readiness-bbbbbb.json"
    newer.write_text(json.dumps({**json.loads(saved[0].record.read_text()), "record_version": 9}))
    (folder / "mine.txt").write_text("keep me")
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert screen.query_one("#saved", DataTable).row_count == 3
        # opening the list (nothing saved in this run) keeps its private cache there
        index = folder / store.INDEX_NAME
        assert index.exists() and (index.stat().st_mode & 0o777) == 0o600
        assert "3 files could not be read; left as they are" in text_of(screen, "#skipped")
        await pilot.press("A")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDeleteAllScreen)
        assert "Delete all 3 saved results?" in " ".join(
            str(s.render()) for s in dialog.query(Static)
        )
        left = text_of(dialog, "#delete-left")
        assert "Left as they are: 3 files there that could not be read" in left
        assert "readiness history" in left
        loads = screen.load_count
        await pilot.press(*"delete", "enter")
        await wait_loaded(pilot, screen, loads)
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [damaged.name, newer.name, "mine.txt"]
        )  # the listed results, their summaries and the index are gone; nothing else
        assert "No saved results yet" in text_of(screen, "#history-status")
        assert "3 files" in text_of(screen, "#skipped")
        assert not (folder / store.INDEX_NAME).exists()  # and listing again wrote none


def test_headline_never_cuts_a_number() -> None:
    from readiness.app.history_text import headline

    bands = [
        ("Issues that keep coming back", "Heavy strain", 100),
        ("Needs brushed aside (as you see it)", "Heavy strain", 100),
        ("Room for your own life", "Worth watching", 50),
    ]
    assert headline(bands, 200) == (
        "Issues that keep coming back: Heavy strain 100 · Needs brushed aside: Heavy strain 100"
        " · Room for your own life: Worth watching 50"
    )
    assert headline(bands, 60) == "Issues that keep coming back: Heavy strain 100 · 2 more"
    assert headline(bands, 33) == "Issues that…: Heavy strain 100 …"
    quoted = [('"We can handle it ourselves" (as you see it)', "Not much of a barrier", 33)]
    assert headline(quoted, 45) == '"We can handle it…": Not much of a barrier 33'

    for width in range(4, 90):
        text = headline(bands, width)
        assert len(text) <= width or text in ("100", "…"), (width, text)
        assert all(n in ("100", "50", "2", "1") for n in _NUMBER.findall(text)), text
        assert "10 " not in text + " " and not text.endswith(" 1")


def test_a_long_quiz_title_is_cut_at_a_word_and_the_columns_still_fit() -> None:
    from readiness.app.history_text import PAGE_GUTTER, TABLE_EXTRA, RowMaker, TableLayout

    title = "What we each need when the arguments come back again and again"
    for width in (60, 80, 120):
        layout = TableLayout.for_width(width, [title])
        widths = layout.date_width + layout.quiz_width + layout.bands_width
        assert widths + PAGE_GUTTER + TABLE_EXTRA <= width
        summary = store.summary_from_record(
            {**make_record(title=title), "record_version": 1}, record_id="x"
        )
        _date, quiz, bands = (str(c) for c in RowMaker(layout)(summary))
        assert len(quiz) <= layout.quiz_width and quiz.endswith("…") and " " in quiz
        assert title.startswith(quiz[:-1]) and not quiz[:-1].endswith(" ")
        assert len(bands) <= layout.bands_width


# ------------------------------------------------------------ private mode writes nothing


def _folder_state(folder) -> dict[str, tuple[int, int]]:
    """Every name in the folder (and the folder itself) with its size and mtime."""
    state = {".": (0, folder.stat().st_mtime_ns)}
    for path in folder.iterdir():
        st = path.lstat()
        state[path.name] = (st.st_size, st.st_mtime_ns)
    return state


@pytest.mark.parametrize("with_index", [False, True])
async def test_private_mode_writes_nothing_when_saved_results_are_shown(with_index: bool) -> None:
    saved = save_three()
    folder = saved[0].record.parent
    old = folder / f".{saved[0].record.name}.0badf00d.tmp"  # an interrupted save's leftover
    old.write_text("half")
    os.utime(old, (1, 1))
    if with_index:
        store.list_saved()  # an index from an earlier, ordinary run
    else:
        (folder / store.INDEX_NAME).unlink(missing_ok=True)
    (folder / saved[1].record.name).write_bytes(saved[1].record.read_bytes() + b" ")  # stale index
    before = _folder_state(folder)
    time.sleep(0.01)  # any write now would show in an mtime
    app = ReadinessApp(private=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert len(screen.summaries) == 3 and screen.incomplete
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause()
    assert _folder_state(folder) == before


async def test_the_list_says_when_others_could_read_the_saved_results() -> None:
    """The notes `readiness history` prints (issue 13) are on the screen too, made safe to show."""
    saved = save_three()
    folder = saved[0].record.parent
    folder.chmod(0o755)
    saved[1].record.chmod(0o644)
    try:
        app = ReadinessApp()
        async with app.run_test(size=(100, 34)) as pilot:
            screen = await open_history(pilot)
            await pilot.pause()
            notes = screen.query_one("#privacy-notes", Static)
            assert notes.display
            text = str(notes.render())
            assert "can be opened by other accounts" in text and "chmod 700" in text
            assert "1 saved result in" in text and "chmod 600" in text
            for char in "\x1b\x07\x9b":
                assert char not in text
    finally:
        folder.chmod(0o700)


async def test_a_private_folder_has_no_privacy_notes() -> None:
    save_three()
    app = ReadinessApp()
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_history(pilot)
        await pilot.pause()
        assert not screen.query_one("#privacy-notes", Static).display


def footer_keys(app) -> list[str]:
    from readiness.app.bars import Footer

    return [key for key, _, _, _ in app.screen.query_one(Footer).shown]


async def test_d_means_details_and_delete_has_its_own_key() -> None:
    """Issue 17: d is details on every result screen; deleting is the Delete key, all of them A."""
    saved = save_three()
    app = ReadinessApp()
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_history(pilot)
        assert footer_keys(app)[:4] == [
            "ctrl+q",
            "escape",
            "delete",
            "A",
        ]  # Enter: said above the list
        await pilot.press("d")  # the highlighted result, opened: its details
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, SavedResultScreen)
        await until_opened(pilot, detail)
        assert footer_keys(app)[:3] == ["ctrl+q", "escape", "delete"]
        assert not detail.has_class("-details")
        await pilot.press("d")  # how each score was worked out, as on the live results
        await pilot.pause()
        assert detail.has_class("-details") and app.screen is detail
        hows = [str(w.render()) for w in detail.query(".how")]
        assert hows and all(w.display for w in detail.query(".how"))
        assert "where" in hows[0] and "the most possible" in hows[0]
        await pilot.press("d")
        await pilot.pause()
        assert not detail.has_class("-details")
        assert all(p.record.exists() for p in saved)  # d never deletes
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is detail and all(p.record.exists() for p in saved)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def until_opened(pilot, detail: SavedResultScreen) -> None:
    for _ in range(250):
        if detail.opened:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert detail.opened


async def test_a_saved_result_reads_as_the_live_one_did() -> None:
    """One result view for both screens: the same bars, band words, steps and reasons."""
    from support.pilot import answer_all, fixture_app, ready

    parts = (".dim-label", ".dim-bar", ".step-title", ".why", ".how")

    def words(app) -> dict[str, list[str]]:
        return {part: [str(w.render()) for w in app.screen.query(part)] for part in parts}

    app = fixture_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        live = words(app)
        await pilot.press("s", "enter")  # the shared-device note, then saved
        await pilot.pause()
        await pilot.press("n")  # saved: straight on, nothing to ask
        await pilot.pause()
        await open_history(pilot)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, SavedResultScreen)
        await until_opened(pilot, detail)
        saved = words(app)
    assert live[".dim-bar"] and live[".step-title"]
    for part in (".dim-label", ".dim-bar", ".step-title", ".why"):
        assert saved[part] == live[part], part
    # the arithmetic is the same; the live one may add which way is better (it has the quiz)
    assert all(
        live_how.startswith(how) for live_how, how in zip(live[".how"], saved[".how"], strict=True)
    )


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_quick_exit_from_the_delete_dialogs(key: str) -> None:
    """The app's quick exit works above a dialog too, the typed-word one (an Input) included."""
    saved = save_three()
    for dialog_key in ("delete", "A"):
        app = ReadinessApp()
        async with app.run_test(size=(100, 34)) as pilot:
            await open_history(pilot)
            await pilot.press(dialog_key)
            await pilot.pause()
            assert isinstance(app.screen, (ConfirmDeleteScreen, ConfirmDeleteAllScreen))
            await pilot.press(key)
            await pilot.pause()
            assert not app.is_running
        assert all(p.record.exists() for p in saved)
