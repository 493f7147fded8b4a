"""Folders the app creates are private all the way down."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from readiness import locations


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_folder_created_on_the_way_is_0700(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c"
    locations.ensure_private_dir(target)
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700] * 3


def test_existing_folders_keep_their_mode(tmp_path: Path) -> None:
    """A looser mode is reported (`readiness history`), never silently changed."""
    parent = tmp_path / "shared"
    parent.mkdir(mode=0o755)
    parent.chmod(0o755)
    target = parent / "mine"
    target.mkdir()
    target.chmod(0o755)
    locations.ensure_private_dir(target)
    assert mode(parent) == 0o755
    assert mode(target) == 0o755


def test_a_folder_that_is_a_link_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    link = tmp_path / "results"
    link.symlink_to(shared)
    with pytest.raises(locations.LinkedFolderError):
        locations.ensure_private_dir(link)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


def test_results_folder_and_its_app_folder_are_private_after_creation(
    isolated_user_dirs: Path,
) -> None:
    locations.ensure_private_dir(locations.results_dir())
    assert mode(locations.results_dir()) == 0o700
    assert mode(locations.user_data_dir()) == 0o700


def test_nothing_is_created_by_asking_where_things_are(isolated_user_dirs: Path) -> None:
    for where in (
        locations.user_data_dir(),
        locations.results_dir(),
        locations.user_quiz_dir(),
        locations.user_cache_dir(),
    ):
        assert not where.exists()


_HOMES = ["/home/someone", "/home/someone/", "/", "//srv/x", "relative/home", "", None]
_XDG = ["/tmp/xdg", "/tmp/xdg/", "//x", "relative/xdg", "~/xdg", "", None]


def test_our_folders_are_exactly_platformdirs_folders(monkeypatch) -> None:
    """locations works the XDG folders out itself on Linux (no platformdirs import); every
    combination of HOME and XDG_* it might meet gives platformdirs' own answer."""
    import platformdirs

    for home in _HOMES:
        for xdg in _XDG:
            for var, ours, theirs in (
                ("XDG_DATA_HOME", locations.user_data_dir, platformdirs.user_data_path),
                ("XDG_CACHE_HOME", locations.user_cache_dir, platformdirs.user_cache_path),
            ):
                for name, value in (("HOME", home), (var, xdg)):
                    if value is None:
                        monkeypatch.delenv(name, raising=False)
                    else:
                        monkeypatch.setenv(name, value)
                try:
                    expected = theirs(locations.APP_NAME, appauthor=False)
                except RuntimeError:  # platformdirs finds no home at all: neither may we guess one
                    expected = None
                if expected is None:
                    assert locations._xdg_path(var, "~/.local/share") is None, (home, xdg)
                    continue
                assert ours() == expected, (var, home, xdg)
                assert str(ours()) == str(expected), (var, home, xdg)


def test_finding_the_folders_imports_no_platformdirs_on_linux(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    if sys.platform != "linux":
        return
    probe = (
        "import sys\nfrom readiness import locations\n"
        "locations.user_data_dir(); locations.user_cache_dir(); locations.results_dir()\n"
        "print('platformdirs' in sys.modules)\n"
    )
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("XDG_CACHE_HOME", None)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr
