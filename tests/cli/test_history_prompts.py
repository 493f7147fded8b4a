"""The two questions the saved-results commands ask at a terminal: writing a protected
result in plain (`export`) and the typed word of `forget --all`."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.commands import protect_cmd
from readiness.core import store
from support.protect import (
    PASSPHRASE,
    quick_scrypt,  # noqa: F401 - the autouse fixture
    save_two,
)


class Typed(io.StringIO):
    """A terminal's input holding what the person types."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def no_getpass(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(protect_cmd, "_has_terminal", lambda: False)
    yield


def fd(text: str) -> str:
    read, write = os.pipe()
    os.write(write, text.encode() + b"\n")
    os.close(write)
    return str(read)


@pytest.mark.parametrize(("typed", "written"), [("y\n", True), ("no\n", False), ("", False)])
def test_a_protected_result_is_written_in_plain_only_when_the_person_says_yes(
    typed: str,
    written: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_two()
    assert main(["protect", "--passphrase-fd", fd(PASSPHRASE)]) == 0
    record_id = next(name for name in os.listdir(store.results_folder()) if ".json" in name)
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", Typed(typed))
    target = tmp_path / "out.md"
    code = main(["export", record_id, "--to", str(target), "--passphrase-fd", fd(PASSPHRASE)])
    out, err = capsys.readouterr()
    assert "Write it? [y/N]" in err
    assert (code == 0) is written and target.exists() is written
    assert ("Nothing was exported." in out) is not written


@pytest.mark.parametrize(("typed", "deleted"), [("DELETE\n", True), ("no\n", False)])
def test_forget_all_goes_only_with_the_typed_word(
    typed: str, deleted: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_two()
    monkeypatch.setattr("sys.stdin", Typed(typed))
    code = main(["forget", "--all"])
    out, err = capsys.readouterr()
    assert "Type 'delete' to confirm: " in err
    assert (code == 0) is deleted
    assert (store.list_saved()[0] == []) is deleted
    assert ("Deleted 2 saved results." in out) is deleted
