"""Helpers the looks tests share: a settled screen, a catalog of two quizzes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from support.paths import FIXTURES


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def two_quiz_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The catalog holds the app's fixture quiz twice, under two ids and titles."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    shutil.copy(FIXTURES / "app_branching.yaml", folder / "app_branching.yaml")
    text = (FIXTURES / "app_branching.yaml").read_text(encoding="utf-8")
    (folder / "second.yaml").write_text(
        text.replace("id: app-branching", "id: second").replace(
            "title: Talking", "title: More talking"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr("readiness.locations.builtin_quiz_dir", lambda: folder)
    return folder
