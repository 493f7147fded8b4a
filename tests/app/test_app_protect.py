"""Protected saved results in the app (Pilot, issue 16): protect, unlock, wrong passphrase,
idle lock, lock on quick exit, delete all while locked, turn off, export a protected result."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual.widgets import Input, Static  # noqa: E402

from readiness.app.history_screen import HistoryScreen  # noqa: E402
from readiness.app.home import HomeScreen  # noqa: E402
from readiness.app.main import ReadinessApp  # noqa: E402
from readiness.app.modals import ExportScreen, PlainCopyScreen, ShareNoteScreen  # noqa: E402
from readiness.app.protect_dialogs import (  # noqa: E402
    UNLOCKING,
    ProtectScreen,
    TurnOffScreen,
    UnlockScreen,
)
from readiness.app.saved_result import SavedResultScreen  # noqa: E402
from readiness.core import protect  # noqa: E402
from support.history import open_history, save_three, text_of, utc, wait_loaded  # noqa: E402,F401
from support.protect import (  # noqa: E402
    PASSPHRASE,
    WRONG,
    all_bytes,
    data_dir,
    plain_words,
    quick_scrypt,  # noqa: F401 - the autouse fixture
    results,
)


async def until(pilot, condition, seconds: float = 20.0) -> None:
    """Wait (scrypt runs for real once per passphrase in a process) until `condition()`."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            break
        await pilot.pause(0.05)
    await pilot.pause()
    assert condition()


def set_up_protection() -> None:
    protect.set_up(PASSPHRASE, None)
    protect.lock()


def no_plain_left() -> None:
    found = all_bytes(data_dir())
    for name, data in found.items():
        for word in plain_words():
            assert word not in data, (name, word)


async def test_p_protects_the_saved_results_after_the_passphrase_twice() -> None:
    save_three()
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert screen.check_action("protect", ()) and not screen.check_action("protection_off", ())
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ProtectScreen)
        assert protect.FORGOTTEN_WARNING in text_of(dialog, "#forgotten")

        await pilot.press(*"short", "enter")  # too short: one line, still on the first field
        await pilot.pause()
        assert "at least" in text_of(dialog, "#problem")
        assert app.focused is dialog.query_one("#first", Input)

        dialog.query_one("#first", Input).value = PASSPHRASE
        await pilot.pause()
        assert text_of(dialog, "#hint") == protect.strength_hint(PASSPHRASE)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is dialog.query_one("#second", Input)
        await pilot.press(*"not the same", "enter")  # both asked again
        await pilot.pause()
        assert "not the same" in text_of(dialog, "#problem")
        assert dialog.query_one("#first", Input).value == ""
        assert not any(p.name.endswith(".age") for p in results().iterdir())

        dialog.query_one("#first", Input).value = PASSPHRASE
        await pilot.press("enter")
        dialog.query_one("#second", Input).value = PASSPHRASE
        loads = screen.load_count
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        await wait_loaded(pilot, screen, loads)
        assert len(screen.summaries) == 3  # unlocked by setting up: still listed
        assert protect.is_protected()
        assert not protect.plain_results()
        assert any(
            "Protection is on. 3 saved results" in str(n.message) for n in app._notifications
        )
        assert screen.check_action("protection_off", ()) and not screen.check_action("protect", ())
    no_plain_left()


async def test_locked_list_asks_the_passphrase_wrong_is_one_line_right_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    go_on = threading.Event()
    real_unlock = protect.unlock

    def slow_unlock(passphrase: str, folder: Path | None = None) -> None:
        go_on.wait(10)
        real_unlock(passphrase, folder)

    monkeypatch.setattr(protect, "unlock", slow_unlock)
    save_three()
    set_up_protection()
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        dialog = app.screen
        history = app.screen_stack[-2]
        assert isinstance(history, HistoryScreen) and history.locked and not history.summaries

        box = dialog.query_one("#passphrase", Input)
        assert box.password
        box.value = WRONG
        await pilot.press("enter")
        await pilot.pause()
        await until(pilot, lambda: text_of(dialog, "#status") == UNLOCKING)
        assert box.disabled and dialog.busy
        await pilot.press("escape")  # not while unlocking
        assert app.screen is dialog
        go_on.set()
        await until(pilot, lambda: not dialog.busy)
        problem = text_of(dialog, "#problem")
        assert "does not open" in problem and "\n" not in problem.strip()
        assert box.value == "" and not box.disabled
        assert protect.needs_unlock()

        box.value = PASSPHRASE
        loads = history.load_count
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is history)
        await wait_loaded(pilot, history, loads)
        assert len(history.summaries) == 3 and not history.locked


async def test_esc_leaves_the_list_locked_and_u_asks_again() -> None:
    save_three()
    set_up_protection()
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("escape")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert "protected" in text_of(history, "#history-status")
        assert "Therapy" not in text_of(history, "#trend")
        for action in ("open", "delete", "compare"):
            assert not history.check_action(action, ())
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)


async def test_delete_all_while_locked_needs_no_passphrase() -> None:
    save_three()
    set_up_protection()
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("escape")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        await pilot.press("A")
        await pilot.pause()
        loads = history.load_count
        await pilot.press(*"delete", "enter")
        await wait_loaded(pilot, history, loads)
        assert not [p for p in results().iterdir() if p.name.endswith((".json.age", ".md.age"))]
        assert "No saved results yet" in text_of(history, "#history-status")


async def test_idle_lock_returns_to_the_first_screen_and_locks() -> None:
    """Ten minutes without a key, on the app's own clock (no waiting in a test)."""
    save_three()
    set_up_protection()
    app = ReadinessApp()
    now = [1000.0]
    app.idle_clock = lambda: now[0]  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await until(
            pilot, lambda: isinstance(app.screen, HistoryScreen) and bool(app.screen.summaries)
        )
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SavedResultScreen))
        now[0] += app.idle_lock - 1
        app._check_idle()
        assert isinstance(app.screen, SavedResultScreen) and protect.unlocked() is not None
        now[0] += 2
        app._check_idle()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert protect.unlocked() is None and protect.needs_unlock()
        assert any("Locked" in str(n.title) for n in app._notifications)
        await pilot.press("h")  # nothing shown until the passphrase again
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))


async def test_keys_keep_it_unlocked() -> None:
    save_three()
    set_up_protection()
    protect.unlock(PASSPHRASE)
    app = ReadinessApp()
    now = [1000.0]
    app.idle_clock = lambda: now[0]  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        app.note_unlocked()
        for _ in range(6):
            now[0] += app.idle_lock / 2
            await pilot.press("down")  # any key anywhere
            app._check_idle()
        assert protect.unlocked() is not None


async def test_quick_exit_locks() -> None:
    save_three()
    set_up_protection()
    protect.unlock(PASSPHRASE)
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert len(screen.summaries) == 3
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert protect.unlocked() is None


async def test_turn_protection_off_from_the_list() -> None:
    save_three()
    set_up_protection()
    protect.unlock(PASSPHRASE)
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TurnOffScreen)
        box = dialog.query_one("#passphrase", Input)
        box.value = WRONG
        await pilot.press("enter")
        await until(pilot, lambda: not dialog.busy and bool(text_of(dialog, "#problem")))
        assert "does not open" in text_of(dialog, "#problem") and protect.is_protected()
        box.value = PASSPHRASE
        loads = screen.load_count
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        await wait_loaded(pilot, screen, loads)
        assert not protect.is_protected() and len(screen.summaries) == 3
        assert not any(p.name.endswith(".age") for p in results().iterdir())
        assert any("Protection is off" in str(n.message) for n in app._notifications)


async def test_export_a_protected_result_warns_that_the_copy_is_plain(tmp_path: Path) -> None:
    save_three()
    set_up_protection()
    protect.unlock(PASSPHRASE)
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SavedResultScreen) and app.screen.opened)
        saved = app.screen
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PlainCopyScreen)
        await pilot.press("enter")  # Enter does not write a plain copy
        await pilot.pause()
        assert app.screen is saved
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ShareNoteScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one(Input).value = str(tmp_path / "copy.md")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is saved
        assert (tmp_path / "copy.md").read_text().startswith("# third")
        assert '"therapy-readiness"' in (tmp_path / "copy.json").read_text()
        assert oct((tmp_path / "copy.json").stat().st_mode & 0o777) == "0o600"

        await pilot.press("e", "y")  # the shared-device note once per sitting
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one(Input).value = str(tmp_path / "copy.md")
        await pilot.press("enter")  # an existing file is never replaced
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "already exists" in str(app.screen.query_one("#export-error", Static).render())


async def test_export_of_a_plain_saved_result_has_no_protection_warning() -> None:
    save_three()
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SavedResultScreen) and app.screen.opened)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ShareNoteScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SavedResultScreen)
        assert not any(p.name.startswith("readiness-result") for p in Path.home().iterdir())


def test_protection_is_not_imported_for_the_first_frame() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import readiness.app.main, readiness.app.home;"
        "print('pyrage' in sys.modules, 'readiness.app.protect_dialogs' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
