"""config.toml in the app (Pilot, issue 16): the neutral face, and the theme kept."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("textual")

from textual.widgets import Static  # noqa: E402

from readiness import locations  # noqa: E402
from readiness.app.home import HomeScreen  # noqa: E402
from readiness.app.main import ReadinessApp  # noqa: E402
from readiness.app.neutral_screen import NeutralScreen  # noqa: E402
from support.protect import quick_scrypt  # noqa: E402,F401 - the autouse fixture

FORBIDDEN = re.compile(r"therap|relationship|abuse", re.I)


def write_config(text: str) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


async def test_neutral_name_until_a_key_is_pressed() -> None:
    write_config('neutral_name = "Notes"\n')
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NeutralScreen)
        assert app.title == "Notes"
        shown = [str(w.render()) for w in screen.query(Static)] + [
            str(w.render()) for w in screen.query("TitleBar")
        ]
        assert any("Notes" in line for line in shown)
        assert not any(FORBIDDEN.search(line) for line in shown)
        assert not FORBIDDEN.search(
            f"{app.title} {app.sub_title} {screen.title or ''} {screen.sub_title or ''}"
        )
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.title == "Notes"  # the title line keeps the chosen name


async def test_quick_exit_from_the_neutral_screen() -> None:
    write_config('neutral_name = "Notes"\n')
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_without_a_neutral_name_home_comes_first() -> None:
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.title == "readiness"


async def test_theme_from_the_settings_and_kept_when_changed() -> None:
    write_config('# mine\ntheme = "nord"\n')
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme == "textual-light"
    text = locations.config_file().read_text()
    assert 'theme = "textual-light"' in text and "# mine" in text


async def test_a_private_run_keeps_no_theme() -> None:
    app = ReadinessApp(private=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
    assert not locations.config_file().exists()


def test_protect_true_saves_nothing_plain_until_protected() -> None:
    from readiness.app import services
    from readiness.core import protect
    from support.protect import PASSPHRASE
    from support.records import make_record

    write_config("protect = true\n")
    with pytest.raises(services.SaveError, match="protect = true"):
        services.save_result(make_record())
    assert not locations.results_dir().exists() or not any(locations.results_dir().iterdir())
    protect.set_up(PASSPHRASE)
    try:
        saved = services.save_result(make_record())
        assert all(path.name.endswith(".age") for path in saved.paths)
    finally:
        protect.lock()


async def test_the_idle_lock_brings_the_neutral_face_back() -> None:
    from readiness.core import protect
    from support.history import save_three
    from support.protect import PASSPHRASE

    write_config('neutral_name = "Notes"\n')
    save_three()
    protect.set_up(PASSPHRASE)
    app = ReadinessApp()
    app.idle_lock = 0.4
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "h")
        await pilot.pause()
        app.note_unlocked()
        for _ in range(100):
            if isinstance(app.screen, NeutralScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, NeutralScreen) and protect.unlocked() is None
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 2


def test_the_terminal_window_is_named_with_the_neutral_name_only() -> None:
    """Many terminals title the window with the running command; the neutral name replaces it."""
    written: list[str] = []

    class Terminal:
        is_headless = False

        def write(self, data: str) -> None:
            written.append(data)

    app = ReadinessApp()
    app._driver = Terminal()  # type: ignore[assignment]
    app.set_window_title("Notes\x1b]2;x")
    assert written == ["\x1b]2;Notes\\x1b]2;x\x07"]  # the name itself made safe first
    app._driver = None
