"""`readiness protect` and the passphrase in `history`, `show` and `export` (issue 16),
through the real entry point."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest

from readiness.cli import main
from readiness.commands import protect_cmd
from readiness.core import protect, store
from support.protect import (
    PASSPHRASE,
    WRONG,
    all_bytes,
    data_dir,
    plain_words,
    quick_scrypt,  # noqa: F401 - the autouse fixture
    results,
    save_two,
)


def fd(text: str) -> str:
    """A pipe's read end holding `text` and a newline, as `--passphrase-fd` takes it."""
    read, write = os.pipe()
    os.write(write, text.encode() + b"\n")
    os.close(write)
    return str(read)


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No one to ask unless a test says so (getpass would open /dev/tty)."""
    monkeypatch.setattr(protect_cmd, "_has_terminal", lambda: False)
    yield


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def protect_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "protect", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0, err
    protect.lock()  # a new sitting


def test_round_trip_through_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    saved = save_two()
    code, out, err = run(capsys, "protect", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0
    assert "cannot be recovered" in err and err.count("Strong") == 1
    assert "2 saved results were encrypted and the plain files overwritten and deleted" in out
    protect.lock()
    for data in all_bytes(data_dir()).values():
        assert not any(word in data for word in plain_words())

    # Saving needs no passphrase; listing asks for it, says "Unlocking…", and lists.
    save_two()
    code, out, err = run(capsys, "history")
    assert code == 1 and "Your saved results are protected; unlock them with your passphrase" in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "history", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0, err
    assert "Unlocking…" in err and out.count("Therapy readiness") == 2 and "(protected)" in out
    rows, _ = store.list_saved()
    first = next(r for r in rows if r.quiz_id == "therapy-readiness")
    protect.lock()
    code, out, err = run(capsys, "history", "--json", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0 and len(json.loads(out)["results"]) == 4
    protect.lock()
    code, out, err = run(capsys, "show", first.id[-6:], "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0 and "Therapy readiness" in out
    code, out, err = run(capsys, "show", first.id[-6:], "--format", "markdown")  # same sitting
    assert code == 0 and "SECRETMD" in out and "Unlocking" not in err

    # Export: plain only when asked; encrypted to a recipient given.
    code, out, err = run(capsys, "export", first.id, "--to", str(tmp_path / "x.md"))
    assert code == 1 and "--plain" in err and not (tmp_path / "x.md").exists()
    code, out, err = run(capsys, "export", first.id, "--to", str(tmp_path / "x.md"), "--plain")
    assert code == 0 and "SECRETMD" in (tmp_path / "x.md").read_text()
    friend = pyrage.x25519.Identity.generate()
    target = tmp_path / "x.json.age"
    code, out, err = run(
        capsys, "export", first.id, "--to", str(target), "--to-recipient", str(friend.to_public())
    )
    assert code == 0, err
    assert (
        json.loads(pyrage.decrypt(target.read_bytes(), [friend]))["quiz"]["id"]
        == "therapy-readiness"
    )
    code, out, err = run(
        capsys, "export", first.id, "--to", str(tmp_path), "--to-recipient", str(friend.to_public())
    )
    assert code == 0 and (tmp_path / f"{first.id}.json.age").exists()
    code, out, err = run(
        capsys, "export", first.id, "--to", str(tmp_path / "y.md.age"), "--to-recipient", "age1nope"
    )
    assert code == 1 and "not an age public key" in err

    # Off again: plain files, the same records, the key gone.
    protect.lock()
    code, out, err = run(capsys, "protect", "--off", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0, err
    assert "4 saved results are plain files again" in out
    assert (
        not (data_dir() / "identity.age").exists() and not (data_dir() / "recipient.txt").exists()
    )
    code, out, err = run(capsys, "history")
    assert code == 0 and out.count("Therapy readiness") == 2 and "(protected)" not in out
    assert all(
        store.is_plain_stem(name.rsplit(".", 1)[0])
        for name in os.listdir(results())
        if name[0] != "."
    )
    assert saved


def test_forget_all_needs_no_passphrase(capsys: pytest.CaptureFixture[str]) -> None:
    save_two()
    protect_on(capsys)
    code, out, err = run(capsys, "forget", "--all", "--yes")
    assert code == 0 and "Deleted 2 saved results" in out
    assert os.listdir(results()) == []
    save_two()
    rows = [n for n in os.listdir(results()) if n.endswith(".json.age")]
    code, out, err = run(capsys, "forget", rows[0][:-9][-6:])
    assert code == 0 and "and its summary" in out


def test_wrong_passphrase_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    save_two()
    protect_on(capsys)
    before = all_bytes(data_dir())
    for argv in (("history",), ("show", "abcdef"), ("protect", "--off")):
        code, out, err = run(capsys, *argv, "--passphrase-fd", fd(WRONG))
        assert code == 1
        lines = [
            line
            for line in err.splitlines()
            if line and "Unlocking" not in line and "Turning" not in line
        ]
        assert lines == [
            "readiness: That passphrase does not open your saved results; nothing was changed."
        ]
        assert all_bytes(data_dir()) == before


def test_protect_asks_twice_at_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_two()
    monkeypatch.setattr(protect_cmd, "_has_terminal", lambda: True)
    answers = iter([PASSPHRASE, PASSPHRASE + "x"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt, stream=None: next(answers))
    code, out, err = run(capsys, "protect")
    assert code == 1 and "The two passphrases differ; nothing was changed." in err
    assert not protect.is_protected() and all(
        n.endswith((".json", ".md")) for n in os.listdir(results()) if n[0] != "."
    )
    answers = iter(["short", "short"])
    code, out, err = run(capsys, "protect")
    assert (
        code == 1
        and "too short" in err
        and len(err.splitlines()) == 2
        and not protect.is_protected()
    )
    answers = iter([PASSPHRASE, PASSPHRASE])
    code, out, err = run(capsys, "protect")
    assert code == 0 and protect.is_protected()
    code, out, err = run(capsys, "protect")
    assert code == 0 and "already protected" in out


def test_no_one_to_ask(capsys: pytest.CaptureFixture[str]) -> None:
    save_two()
    code, out, err = run(capsys, "protect")
    assert code == 1 and "No passphrase was given; nothing was changed." in err
    assert not protect.is_protected()


def test_interrupted_protect_is_said_and_finished(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_two()
    real = protect._shred

    def cut(path: Path) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(protect, "_shred", cut)
    code, out, err = run(capsys, "protect", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 130 and "stopped part way" in err and "nothing is lost" in err
    monkeypatch.setattr(protect, "_shred", real)
    protect.lock()
    code, out, err = run(capsys, "history", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0 and "not protected" in err and out.count("saved result") >= 1
    protect.lock()
    code, out, err = run(capsys, "protect", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0 and "set up part way" in err and "2 saved files are still in plain" in err
    assert not protect.plain_results()
    code, out, err = run(capsys, "history")
    assert code == 0 and "not protected" not in err and out.count("\n    ") == 2


def test_full_disk_during_setup(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from readiness.core import safefile

    save_two()
    before = all_bytes(results())

    def full(path: Path, data: bytes, mode: int = 0o600) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safefile, "atomic_write", full)
    code, out, err = run(capsys, "protect", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 1 and "the disk holding" in err and "is full" in err
    assert all_bytes(results()) == before and not protect.is_protected()


def test_private_run_refuses_to_protect(capsys: pytest.CaptureFixture[str]) -> None:
    save_two()
    code, out, err = run(capsys, "protect", "--private", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 2 and "--private writes nothing" in err and not protect.is_protected()


def test_history_json_says_protected(capsys: pytest.CaptureFixture[str]) -> None:
    save_two()
    protect_on(capsys)
    code, out, err = run(capsys, "history", "--json", "--passphrase-fd", fd(PASSPHRASE))
    assert code == 0 and json.loads(out)["protected"] is True


def test_help_lists_protect(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "protect" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["protect", "--help"])
    assert "--passphrase-fd" in capsys.readouterr().out
