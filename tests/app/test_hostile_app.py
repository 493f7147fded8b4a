"""Hostile folders against the app (Pilot), and the quick exit on a real terminal.

What a screen draws is read back from Textual's compositor as plain text (as a
screenshot would be): no character that could act on a terminal may be in it,
console markup from a file shows as the brackets it is, and every notice that
should be there is. Each case has a time limit, so a hang fails it.
The quick exit is tried in a pseudo-terminal, with threads that never finish.
"""

from __future__ import annotations

import io
import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readiness import locations
from readiness.core import store
from readiness.core.textsafe import has_unsafe
from support.records import make_record

pytest.importorskip("textual")

from rich.console import Console  # noqa: E402

from readiness.app.history_screen import HistoryScreen  # noqa: E402
from readiness.app.home import HomeScreen  # noqa: E402
from readiness.app.main import ReadinessApp  # noqa: E402
from readiness.app.saved_result import SavedResultScreen  # noqa: E402
from support.paths import REPO
from support.pilot import time_limit  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "contract.yaml"
TIME_LIMIT = 60
EVIL = "\x1b]0;owned\x07\x1b]52;c;aGk=\x07\x1b[2J\x9b31m\u202etxt\u200b\x7f\x85\u2028"
EVIL_NAME = "\x1b]0;owned\x07\x1b[2J\x9b\u202e"
MARKUP = "[@click=app.quit]x [link=https:example.invalid]y [b]z"


limited = time_limit(TIME_LIMIT)  # every Pilot test here fails rather than hangs


def drawn(app: Any) -> str:
    """The whole screen as drawn (every layer, toasts included), as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)


def assert_clean(app: Any) -> str:
    text = drawn(app)
    assert has_unsafe(text) is None, repr(has_unsafe(text))
    return text


async def until(pilot: Any, condition: Callable[[], bool]) -> None:
    while not condition():
        await pilot.pause(0.02)
    await pilot.pause()


async def home_loaded(pilot: Any) -> HomeScreen:
    await until(
        pilot, lambda: pilot.app.catalog is not None and isinstance(pilot.app.screen, HomeScreen)
    )
    return pilot.app.screen


# --- home ---------------------------------------------------------------------------------------


def user_quizzes() -> Path:
    return locations.ensure_private_dir(locations.user_quiz_dir())


@limited
async def test_home_names_a_broken_file_with_escapes_visibly() -> None:
    (user_quizzes() / f"a{EVIL_NAME}.yaml").write_text(
        "format: 1\nid: [unclosed\n", encoding="utf-8"
    )
    app = ReadinessApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await home_loaded(pilot)
        text = assert_clean(app)
        assert "could not be read" in text and "a\\x1b]0;owned\\x07" in text
        await pilot.press("b")  # every problem, in the dialog
        await pilot.pause()
        assert "a\\x1b]0;owned" in assert_clean(app)


@limited
async def test_home_shows_markup_in_a_file_name_as_text() -> None:
    (user_quizzes() / f"{MARKUP}.yaml").write_text("format: 2\n", encoding="utf-8")
    app = ReadinessApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        text = assert_clean(app)
        assert "[@click=app.quit]x" in text
        assert app.is_running


@limited
async def test_home_with_a_tampered_quiz_cache() -> None:
    """Titles and summaries from an edited cache are shown, if at all, harmlessly."""
    shutil.copy(FIXTURE, user_quizzes() / "mine.yaml")
    app = ReadinessApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await home_loaded(pilot)
    from readiness.cli import main

    assert main(["list"]) == 0  # writes the cache
    cache_dir = Path(os.environ["XDG_CACHE_HOME"]) / "readiness"
    for cache in cache_dir.glob("*.json"):
        data = json.loads(cache.read_text(encoding="utf-8"))
        cache.write_text(json.dumps(_poison(data), ensure_ascii=False), encoding="utf-8")
    app = ReadinessApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await home_loaded(pilot)
        assert_clean(app)


@limited
async def test_home_says_which_quiz_path_entries_give_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / f"gone{EVIL_NAME}"
    monkeypatch.setenv(
        "READINESS_QUIZ_PATH", os.pathsep.join([str(missing), str(REPO / "quizzes")])
    )
    app = ReadinessApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        text = " ".join(
            assert_clean(app).replace("▌", "").split()
        )  # as read, whatever the wrapping
        assert "READINESS_QUIZ_PATH names" in text and "gone\\x1b]0;owned" in text
        assert "does not exist" in text
    monkeypatch.setenv("READINESS_QUIZ_PATH", str(REPO / "quizzes"))
    app = ReadinessApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        assert "READINESS_QUIZ_PATH" not in drawn(app)  # nothing to say, nothing said


def _poison(value: Any) -> Any:
    if isinstance(value, str):
        return value + EVIL
    if isinstance(value, dict):
        return {k: _poison(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v) for v in value]
    return value


# --- saved results ------------------------------------------------------------------------------


def save_hostile() -> store.SavedPaths:
    record = make_record(
        title=f"Therapy{EVIL}{MARKUP}",
        labels={"own_readiness": f"Ready{EVIL}", "partner_openness": f"Open {MARKUP}"},
    )
    record["dimensions"][0]["band"]["label"] = f"Band{EVIL}"
    step = record["next_steps"][0]
    step["title"] = f"Step{EVIL}{MARKUP}"
    step["body"] = f"Body {EVIL}\n\n[click me](https://example.invalid) {MARKUP}"
    step["why"] = [f"Why{EVIL}", MARKUP]
    record["answers"]["open_to_talk"] = 4
    markdown = f"# t\n\n## Your notes\n\n**Q{EVIL}**\n\n> A{EVIL}\n"
    return store.save_result(record, markdown)


async def open_history(pilot: Any) -> HistoryScreen:
    await home_loaded(pilot)
    await pilot.press("h")
    await until(
        pilot, lambda: isinstance(pilot.app.screen, HistoryScreen) and pilot.app.screen.loaded
    )
    return pilot.app.screen


@limited
async def test_history_list_panel_and_detail_show_a_hostile_record_harmlessly() -> None:
    save_hostile()
    app = ReadinessApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot)
        text = assert_clean(app)
        assert "Therapy\\x1b]0;owned" in text  # the row and the panel name it, visibly
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SavedResultScreen) and app.screen.opened)
        text = assert_clean(app)
        assert "Step\\x1b]0;owned" in text and "[@click=app.quit]x" in text
        assert "Why\\x1b]0;owned" in text
        bodies = list(app.screen.query("Markdown"))
        assert bodies and not any(body._open_links for body in bodies)  # a click opens no browser
        await pilot.press("end")
        await pilot.pause()
        text = assert_clean(app)
        assert "Q\\x1b]0;owned" in text  # the person's notes, from the summary
        await pilot.press("delete")  # the delete dialog names it too
        await pilot.pause()
        assert "Therapy\\x1b]0;owned" in assert_clean(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running  # no markup action ran


@limited
async def test_history_with_a_record_poisoned_everywhere_and_a_poisoned_index() -> None:
    saved = save_hostile()
    data = json.loads(saved.record.read_text(encoding="utf-8"))
    saved.record.write_text(json.dumps(_poison(data), ensure_ascii=False), encoding="utf-8")
    store.list_saved()  # an index is written
    for index in saved.record.parent.glob(".index*"):
        index.write_bytes(index.read_bytes() + EVIL.encode())
    odd = saved.record.with_name(f"{saved.record.stem}{EVIL_NAME}.json")
    shutil.copy(saved.record, odd)
    app = ReadinessApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        assert_clean(app)
        if screen.summaries:
            await pilot.press("enter")
            await until(
                pilot, lambda: isinstance(app.screen, SavedResultScreen) and app.screen.opened
            )
            assert_clean(app)


@limited
async def test_a_notice_with_markup_and_escapes_is_plain_text() -> None:
    app = ReadinessApp()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await home_loaded(pilot)
        app.notify(f"file {EVIL} {MARKUP}", title=f"T{EVIL}")
        await until(pilot, lambda: "[link=" in drawn(app))
        text = " ".join(assert_clean(app).replace("▌", "").split())
        assert (
            "[@click=app.quit]x" in text
            and "file \\x1b]0;owned" in text
            and "T\\x1b]0;owned" in text
        )


@limited
async def test_preview_problems_name_a_hostile_file_visibly(tmp_path: Path) -> None:
    quiz = tmp_path / f"q{EVIL_NAME}.yaml"
    quiz.write_text("format: 1\nid: [unclosed\n", encoding="utf-8")
    app = ReadinessApp(preview_path=quiz, preview_poll=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.preview.check(force=True)
        await pilot.pause()
        text = assert_clean(app)
        assert "q\\x1b]0;owned" in text


# --- the quick exit on a real terminal ----------------------------------------------------------

BLOCKED_APP = """
import threading
from readiness.app import build_app
from readiness.app.home import HomeScreen

blocker = threading.Event()
shown = HomeScreen.on_mount

def on_mount(self):
    shown(self)
    self.run_worker(blocker.wait, thread=True)  # a read that never returns
    threading.Thread(target=blocker.wait).start()  # and a thread nobody joins
    print("drawn", flush=True)

HomeScreen.on_mount = on_mount
build_app().run()
print("the app returned")
"""


def _run_in_terminal(key: bytes, tmp_path: Path) -> tuple[int | None, bytes]:
    """Start the app in a pseudo-terminal with blocked threads, press `key`; its exit status
    (None if it was still running after the time limit) and what it wrote to the terminal."""
    import pty

    script = tmp_path / "blocked_app.py"
    script.write_text(BLOCKED_APP, encoding="utf-8")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(sys.executable, [sys.executable, str(script)], env)
    out = b""

    def pump(seconds: float) -> None:
        nonlocal out
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    return

    start = time.monotonic()
    while b"Looking for quizzes" not in out and b"Choose a quiz" not in out:
        pump(0.1)
        if time.monotonic() - start > TIME_LIMIT:
            break
    pump(0.5)
    os.write(fd, key)
    status: int | None = None
    start = time.monotonic()
    while time.monotonic() - start < TIME_LIMIT:
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(code)
            break
        pump(0.1)
    pump(0.2)
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    os.close(fd)
    return status, out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("key", [b"\x11", b"\x03"], ids=["ctrl+q", "ctrl+c"])
def test_quick_exit_ends_the_process_whatever_threads_are_doing(key: bytes, tmp_path: Path) -> None:
    status, out = _run_in_terminal(key, tmp_path)
    assert status == 0, "the process ended, with a worker and a thread still blocked"
    tail = out[out.rfind(b"\x1b[?1049h") :]
    assert b"\x1b[?1049l" in tail and b"\x1b[?25h" in tail  # the terminal given back
    assert b"the app returned" not in out  # nothing ran after it
    assert list(Path(os.environ["XDG_DATA_HOME"]).rglob("*")) == []  # and nothing was written


@limited
async def test_ctrl_c_is_a_quick_exit_from_anywhere() -> None:
    app = ReadinessApp(quiz_path=FIXTURE)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.catalog is not None)
        await pilot.press("enter", "1")  # into the questions
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running
    assert list(Path(os.environ["XDG_DATA_HOME"]).rglob("*")) == []


def test_the_cli_says_ctrl_c_leaves_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "--help"],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )
    assert "ctrl+q (or ctrl+c) leaves the app at once" in " ".join(done.stdout.split())
