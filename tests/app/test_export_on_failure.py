"""Saving fails on the results screen: the message is shown, the result stays, and it can be exported elsewhere."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from readiness.app import services
from readiness.core import safefile, store
from support.pilot import answer_all, data_home, files_under, fixture_app, ready, screen_name


def _fail_save(
    monkeypatch: pytest.MonkeyPatch, message: str = "Could not save: the folder /x is read-only."
) -> None:
    def refuse(*args, **kwargs):
        raise store.StoreError(message)

    monkeypatch.setattr(store, "save_result", refuse)


async def _results_then_save(pilot) -> None:
    await ready(pilot)
    await pilot.press("enter")
    await answer_all(pilot)
    await pilot.press("s")
    await pilot.pause()
    assert screen_name(pilot.app) == "ShareNoteScreen"
    await pilot.press("enter")
    await pilot.pause()


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_a_failed_save_says_why_keeps_the_result_and_exports_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fail_save(monkeypatch)
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _results_then_save(pilot)
        assert screen_name(app) == "ExportScreen"
        assert "read-only" in _text(app, "#export-problem")
        box = app.screen.query_one("#export-path")
        assert box.value.startswith(
            "~/readiness-result-20261122-"
        )  # the fixture's clock, in local time
        assert box.value.endswith(".md")
        # Esc: nothing written, the result still on screen with the reason and the way out
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
        result = app.screen.result
        hint = _text(app, "#save-hint")
        assert "Not saved" in hint and "read-only" in hint and "Press e" in hint
        assert files_under(data_home()) == []
        # e offers it again; export to a new place
        await pilot.press("e")
        await pilot.pause()
        assert screen_name(app) == "ExportScreen"
        target = tmp_path / "out" / "mine.md"
        target.parent.mkdir()
        box = app.screen.query_one("#export-path")
        box.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
        assert app.screen.result is result
        assert "Exported" in _text(app, "#save-hint")
    md, js = target, target.with_suffix(".json")
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.json", "mine.md"]
    for path in (md, js):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    record = json.loads(js.read_text(encoding="utf-8"))
    assert record["quiz"]["id"] == "app-branching"
    assert record["record_version"] == store.RECORD_VERSION
    assert len(record["quiz_sha256"]) == 64
    assert "Talking about therapy" in md.read_text(encoding="utf-8")
    assert files_under(data_home()) == []


async def test_export_to_an_unwritable_place_is_shown_and_another_place_works(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fail_save(monkeypatch)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if (
        os.geteuid() == 0
    ):  # root writes through modes: make the folder refuse as a read-only one would
        real_write = safefile.atomic_write

        def refuse_in_locked(path: Path, data: bytes) -> None:
            if Path(path).parent == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            real_write(path, data)

        monkeypatch.setattr(safefile, "atomic_write", refuse_in_locked)
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    app = fixture_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _results_then_save(pilot)
            box = app.screen.query_one("#export-path")
            bad_places = (
                str(locked / "r.md"),
                str(tmp_path / "no-such-folder" / "r.md"),
                str(a_file / "r.md"),
                "   ",
            )
            for bad in bad_places:
                box.value = bad
                await pilot.press("enter")
                await pilot.pause()
                assert screen_name(app) == "ExportScreen", bad
                error = app.screen.query_one("#export-error")
                assert error.display and "Not exported" in str(error.render()), bad
                if bad == bad_places[0]:
                    assert "read-only" in str(error.render())
            box.value = str(tmp_path / "ok")  # no suffix: ok.md and ok.json
            await pilot.press("enter")
            await pilot.pause()
            assert screen_name(app) == "ResultsScreen"
        assert list(locked.iterdir()) == []
        assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
            "a-file",
            "ok.json",
            "ok.md",
        ]
    finally:
        locked.chmod(0o700)


async def test_an_existing_file_is_never_replaced(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fail_save(monkeypatch)
    (tmp_path / "r.json").write_text("mine", encoding="utf-8")
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _results_then_save(pilot)
        app.screen.query_one("#export-path").value = str(tmp_path / "r.md")
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ExportScreen"
        assert "already exists" in str(app.screen.query_one("#export-error").render())
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "r.md").exists()


async def test_ctrl_q_leaves_from_the_export_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_save(monkeypatch)
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _results_then_save(pilot)
        assert screen_name(app) == "ExportScreen"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert files_under(data_home()) == []


def test_export_paths_put_the_two_files_side_by_side(tmp_path: Path) -> None:
    assert services.export_paths(tmp_path / "a.md") == (tmp_path / "a.md", tmp_path / "a.json")
    assert services.export_paths(tmp_path / "a.json") == (tmp_path / "a.md", tmp_path / "a.json")
    assert services.export_paths(tmp_path / "a") == (tmp_path / "a.md", tmp_path / "a.json")
    md, js = services.export_paths(tmp_path)
    assert (
        md.parent == tmp_path
        and md.name.startswith("readiness-result-")
        and js == md.with_suffix(".json")
    )
    assert services.export_paths("~/x.md")[0] == Path.home() / "x.md"
    assert services.export_paths("x.md")[0] == Path.cwd() / "x.md"  # said in full when done
    with pytest.raises(services.ExportError):
        services.export_paths("  ")


async def test_protect_true_offers_protection_never_a_plain_copy() -> None:
    """Settings ask for protected saves only: `s` opens the protect dialog, not an export."""
    from readiness import locations
    from readiness.core import protect
    from support.protect import PASSPHRASE, quick_scrypt  # noqa: F401 - cheap scrypt for the test

    config = locations.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("protect = true\n")
    app = fixture_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _results_then_save(pilot)
            assert screen_name(app) == "ProtectScreen"
            await pilot.press("escape")
            await pilot.pause()
            assert screen_name(app) == "ResultsScreen"
            assert files_under(data_home()) == []  # nothing plain, nothing at all
            await pilot.press("s")
            await pilot.pause()
            assert screen_name(app) == "ProtectScreen"
            dialog = app.screen
            dialog.query_one("#first").value = PASSPHRASE
            await pilot.press("enter")  # on to the second field
            dialog.query_one("#second").value = PASSPHRASE
            await pilot.press("enter")
            for _ in range(400):
                await pilot.pause(0.05)
                if screen_name(app) == "ResultsScreen" and app.screen.saved is not None:
                    break
            assert app.screen.saved is not None
            assert all(p.name.endswith(".age") for p in app.screen.saved.paths)
    finally:
        protect.lock()
