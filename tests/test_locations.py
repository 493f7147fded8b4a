"""Folders the app creates are private all the way down."""

from __future__ import annotations

import stat
from pathlib import Path

from readiness import locations


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_folder_created_on_the_way_is_0700(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c"
    locations.ensure_private_dir(target)
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700] * 3


def test_existing_parents_are_left_alone_and_the_target_is_tightened(tmp_path: Path) -> None:
    parent = tmp_path / "shared"
    parent.mkdir(mode=0o755)
    parent.chmod(0o755)
    target = parent / "mine"
    target.mkdir()
    target.chmod(0o755)
    locations.ensure_private_dir(target)
    assert mode(parent) == 0o755
    assert mode(target) == 0o700


def test_results_folder_and_its_app_folder_are_private_after_creation(isolated_user_dirs: Path) -> None:
    locations.ensure_private_dir(locations.results_dir())
    assert mode(locations.results_dir()) == 0o700
    assert mode(locations.user_data_dir()) == 0o700


def test_nothing_is_created_by_asking_where_things_are(isolated_user_dirs: Path) -> None:
    for where in (locations.user_data_dir(), locations.results_dir(), locations.user_quiz_dir(), locations.user_cache_dir()):
        assert not where.exists()
