"""Protected saved results, the core (issue 16): age files, the identity behind a passphrase,
nothing in plain, nothing lost when a run is cut off at any step."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pyrage
import pytest

from readiness.core import protect, resultindex, safefile, store
from support.protect import (
    PASSPHRASE,
    WRONG,
    all_bytes,
    assert_nothing_lost,
    assert_plain_told,
    data_dir,
    identity,
    originals,
    plain_words,
    quick_scrypt,  # noqa: F401 - the autouse fixture
    results,
    save_two,
)


def test_round_trip_nothing_plain_and_standard_age_files() -> None:
    saved = save_two()
    records_before = [store.load_saved(s.id) for s in saved]
    markdown_before = [store.load_saved_markdown(s.id) for s in saved]
    store.list_saved()  # a plain index with headlines, which protection must remove
    assert (results() / store.INDEX_NAME).exists()

    progress = protect.set_up(PASSPHRASE)
    assert progress.created and progress.converted == 2
    names = sorted(os.listdir(results()))
    assert all(store.ENCRYPTED_STEM.match(n.split(".")[0]) for n in names), names
    assert {n.split(".", 1)[1] for n in names} == {"json.age", "md.age"}

    # Listed again (the encrypted index is written), saved more while locked: still nothing plain.
    rows, notices = store.list_saved()
    assert len(rows) == 2 and not notices
    assert (results() / store.INDEX_AGE_NAME).exists() and not (
        results() / store.INDEX_NAME
    ).exists()
    protect.lock()
    more = save_two()  # saving needs no passphrase
    assert all(p.record.name.endswith(".json.age") for p in more)
    for rel, data in all_bytes(data_dir()).items():
        for word in plain_words():
            assert word not in data, (rel, word)

    # Locked, the folder says so in one line; unlocked, every result reads as it was saved.
    with pytest.raises(protect.LockedError, match="protected; unlock them with your passphrase"):
        store.list_saved()
    assert protect.needs_unlock()
    protect.unlock(PASSPHRASE)
    rows, notices = store.list_saved()
    assert len(rows) == 4 and not notices
    titles = sorted(r.quiz_title for r in rows)
    assert titles == ["Boundary needs", "Boundary needs", "Therapy readiness", "Therapy readiness"]
    first = next(r for r in rows if r.quiz_id == "therapy-readiness" and r.id != more[0].id)
    assert store.load_saved(first.id) in records_before
    assert store.load_saved_markdown(first.id) in markdown_before
    assert store.load_saved(first.id[-6:]) == store.load_saved(first.id)  # the last 6 are enough

    # Every file opens with pyrage directly, with the identity from identity.age.
    secret = pyrage.passphrase.decrypt((data_dir() / "identity.age").read_bytes(), PASSPHRASE)
    own = pyrage.x25519.Identity.from_str(secret.decode().strip())
    assert (data_dir() / "recipient.txt").read_text().strip() == str(own.to_public())
    for path in results().iterdir():
        plain = pyrage.decrypt(path.read_bytes(), [own])
        if path.name.endswith(".json.age") and not path.name.startswith("."):
            assert json.loads(plain)["record_version"] == store.RECORD_VERSION
    for path in [*results().iterdir(), data_dir() / "identity.age"]:
        assert path.stat().st_mode & 0o777 == 0o600

    # And back: plain files with the records as they were, the key gone.
    off = protect.turn_off()
    assert off.converted == 4 and not off.left
    assert not protect.is_protected() and protect.unlocked() is None
    rows, notices = store.list_saved()
    assert len(rows) == 4 and not notices
    assert all(store.is_plain_stem(r.id) for r in rows)
    now = [store.load_saved(r.id) for r in rows]
    assert all(record in now for record in records_before)
    assert {store.load_saved_markdown(r.id) for r in rows} == set(markdown_before)


def test_wrong_passphrase_changes_nothing() -> None:
    save_two()
    protect.set_up(PASSPHRASE)
    protect.lock()
    before = all_bytes(data_dir())
    with pytest.raises(protect.WrongPassphraseError) as caught:
        protect.unlock(WRONG)
    assert (
        caught.value.message
        == "That passphrase does not open your saved results; nothing was changed."
    )
    assert protect.unlocked() is None and all_bytes(data_dir()) == before
    with pytest.raises(protect.WrongPassphraseError):
        protect.set_up(WRONG)  # finishing a set-up needs the same passphrase
    assert all_bytes(data_dir()) == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"AGE-SECRET-KEY-1QQQQ\n",
        b"age-encryption.org/v1\n-> X25519 abc\n--- x\n",
        b"\x00" * 300,
    ],
    ids=["empty", "plain-key", "not-scrypt", "zeros"],
)
def test_damaged_or_foreign_identity_file(content: bytes) -> None:
    save_two()
    protect.set_up(PASSPHRASE)
    protect.lock()
    (data_dir() / "identity.age").write_bytes(content)
    before = all_bytes(data_dir())
    with pytest.raises(protect.ProtectError, match="damaged or not a readiness key") as caught:
        protect.unlock(PASSPHRASE)
    assert "\n" not in caught.value.message
    assert all_bytes(data_dir()) == before


def test_truncated_identity_file() -> None:
    protect.set_up(PASSPHRASE)
    protect.lock()
    key = data_dir() / "identity.age"
    key.write_bytes(key.read_bytes()[:-20])
    with pytest.raises(protect.ProtectError, match="damaged"):
        protect.unlock(PASSPHRASE)


def test_identity_missing_with_protected_results() -> None:
    save_two()
    protect.set_up(PASSPHRASE)
    protect.lock()
    (data_dir() / "identity.age").unlink()
    with pytest.raises(protect.LockedError):
        store.list_saved()
    with pytest.raises(protect.ProtectError, match="is missing, so they cannot be opened"):
        protect.unlock(PASSPHRASE)
    with pytest.raises(protect.ProtectError, match="Could not save: the key .* is missing"):
        save_two()
    # Deleting needs no key: by name.
    plan = store.plan_delete_all()
    assert len(plan.ids) == 2
    report = store.delete_all_report(plan=plan)
    assert report.records == 2 and report.summaries == 2
    assert os.listdir(results()) == []


def test_protected_files_without_any_key_are_named_not_hidden() -> None:
    save_two()
    protect.set_up(PASSPHRASE)
    protect.lock()
    (data_dir() / "identity.age").unlink()
    (data_dir() / "recipient.txt").unlink()
    rows, notices = store.list_saved()
    assert not rows and len(notices) == 2
    assert all("key that opens it is no longer here" in n.message for n in notices)


def test_record_encrypted_to_another_key() -> None:
    save_two()
    protect.set_up(PASSPHRASE)
    other = pyrage.x25519.Identity.generate()
    stranger = results() / f"{'ab' * 16}.json.age"
    stranger.write_bytes(pyrage.encrypt(b'{"record_version": 1}', [other.to_public()]))
    rows, notices = store.list_saved()
    assert len(rows) == 2
    assert [n.path for n in notices] == [stranger]
    assert "protected with another key" in notices[0].message
    with pytest.raises(store.StoreError, match="another key"):
        store.load_saved("ab" * 16)
    off = protect.turn_off()  # left as it is, and said
    assert off.converted == 2 and [p for p, _ in off.left] == [stranger]
    assert stranger.exists()


def test_damaged_protected_record_is_a_notice() -> None:
    saved = save_two()
    protect.set_up(PASSPHRASE)
    rows, _ = store.list_saved()
    victim = rows[0].path
    victim.write_bytes(victim.read_bytes()[:-30])
    rows2, notices = store.list_saved()
    assert len(rows2) == 1 and "damaged protected file" in notices[0].message
    assert saved


def test_leftovers_of_protected_saves_are_found() -> None:
    protect.set_up(PASSPHRASE)
    results().mkdir(mode=0o700)
    lone = results() / f"{'cd' * 16}.md.age"
    lone.write_bytes(protect.encrypt(b"# words\n", identity().to_public()))
    temp = results() / ".0123.json.age.0badcafe.tmp"
    temp.write_bytes(b"x")
    old = 1_000_000_000
    for path in (lone, temp):
        os.utime(path, (old, old))
    found = sorted(p.path.name for p in store.list_leftovers())
    assert found == sorted([lone.name, temp.name])
    plan = store.plan_delete_all()
    assert plan.loose_summaries == (lone.name,) and plan.temporary == (temp.name,)
    protect.lock()
    plan = store.plan_delete_all()  # locked: the same plan, by name
    assert plan.loose_summaries == (lone.name,)
    store.delete_all_report(plan=plan)
    assert os.listdir(results()) == []


def test_delete_one_while_locked_and_unlocked() -> None:
    protect.set_up(PASSPHRASE)
    saved = save_two()
    store.list_saved()
    assert (results() / store.INDEX_AGE_NAME).exists()
    removed = store.delete_saved(saved[0].id)
    assert {p.name for p in removed} == {saved[0].record.name, saved[0].summary.name}
    entries = resultindex.load(results(), identity=identity())
    assert list(entries) == [saved[1].record.name]
    protect.lock()
    store.delete_saved(saved[1].id)  # locked: the encrypted index is dropped, not read
    assert os.listdir(results()) == []


def test_saving_refuses_plain_when_the_public_key_is_damaged() -> None:
    protect.set_up(PASSPHRASE)
    (data_dir() / "recipient.txt").write_text("not a key\n")
    with pytest.raises(protect.ProtectError, match="never saved in plain"):
        save_two()
    assert not results().exists() or os.listdir(results()) == []
    protect.lock()
    protect.set_up(PASSPHRASE)  # repairs it
    assert protect.recipient_ok()


# --------------------------------------------------------------------------- cut off at any step


class Cut(Exception):
    """A run stopped here (as kill -9 would, as far as the files can tell)."""


def _steps_of(run: str) -> list[str]:
    """The steps of a full run (counted on a throwaway run)."""
    calls: list[str] = []
    if run == "on":
        protect.set_up(PASSPHRASE, step=calls.append)
    else:
        protect.turn_off(step=calls.append)
    return calls


@pytest.mark.parametrize("how", ["before", "failing-write", "half-shred"])
def test_set_up_cut_at_every_step_loses_nothing(how: str) -> None:
    save_two()
    before = originals(results())
    steps = _steps_of("on")
    protect.turn_off()  # back to the start, the same plain files
    protect.lock()
    assert len(steps) == 10, steps
    for k, what in enumerate(steps):
        if how == "half-shred" and not what.startswith("remove"):
            continue
        for path in results().iterdir():
            path.unlink()
        for name, data in before.items():
            safefile.atomic_write(results() / name, data)
        protect.lock()
        for key in (data_dir() / "identity.age", data_dir() / "recipient.txt"):
            key.unlink(missing_ok=True)
        with pytest.MonkeyPatch.context() as patches, pytest.raises((Cut, store.StoreError)):
            _cut_at(k, how, patches)
            protect.set_up(PASSPHRASE, step=_stepper(k, how))
        assert_nothing_lost(results(), before)
        assert_plain_told(results())
        protect.lock()
        protect.set_up(PASSPHRASE)  # the next run finishes it, without duplicates
        rows, notices = store.list_saved()
        assert len(rows) == 2 and not notices, (k, notices)
        assert not protect.plain_results()
        assert all(n.endswith(".age") for n in os.listdir(results())), (k, os.listdir(results()))
        assert_nothing_lost(results(), before)


@pytest.mark.parametrize("how", ["before", "failing-write"])
def test_turn_off_cut_at_every_step_loses_nothing(how: str) -> None:
    save_two()
    before = originals(results())
    protect.set_up(PASSPHRASE)
    sealed = {p.name: p.read_bytes() for p in results().iterdir() if not p.name.startswith(".")}
    steps = _steps_of("off")
    assert len(steps) == 9, steps
    for k in range(len(steps)):
        for path in results().iterdir():
            path.unlink()
        for name, data in sealed.items():
            safefile.atomic_write(results() / name, data)
        protect.lock()
        protect.set_up(PASSPHRASE)  # the key back (same identity, nothing plain to protect)
        with pytest.MonkeyPatch.context() as patches, pytest.raises((Cut, store.StoreError)):
            _cut_at(k, how, patches)
            protect.turn_off(step=_stepper(k, how))
        assert_nothing_lost(results(), before)
        protect.lock()
        if protect.is_protected():
            protect.unlock(PASSPHRASE)
            protect.turn_off()  # the next run finishes it, without duplicates
        rows, notices = store.list_saved()
        assert len(rows) == 2 and not notices, (k, notices)
        assert sorted(originals(results()).values()) == sorted(before.values())
        assert not any(n.endswith(".age") for n in os.listdir(results()))


def _stepper(k: int, how: str):  # type: ignore[no-untyped-def]
    seen = [0]

    def step(what: str) -> None:
        if how == "before" and seen[0] == k:
            raise Cut(what)
        seen[0] += 1
        step.current = what  # type: ignore[attr-defined]
        step.index = seen[0] - 1  # type: ignore[attr-defined]

    step.index = -1  # type: ignore[attr-defined]
    _CURRENT[0] = step
    return step


_CURRENT: list[object] = [None]


def _cut_at(k: int, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the k-th step's own operation fail (a full disk) or stop half done (zeros
    written over a plain file, not yet removed)."""
    if how == "failing-write":
        real_write = safefile.atomic_write
        real_unlink = os.unlink

        def write(path: Path, data: bytes, mode: int = 0o600) -> None:
            if getattr(_CURRENT[0], "index", -1) == k:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_write(path, data, mode)

        def unlink(path: object, *args: object, **kwargs: object) -> None:
            if getattr(_CURRENT[0], "index", -1) == k:
                raise Cut("unlink")
            real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(safefile, "atomic_write", write)
        monkeypatch.setattr(protect.os, "unlink", unlink)
    elif how == "half-shred":
        real_shred = protect._shred

        def shred(path: Path) -> bool:
            if getattr(_CURRENT[0], "index", -1) == k and path.exists():
                path.write_bytes(b"\x00" * path.stat().st_size)
                raise Cut("half")
            return real_shred(path)

        monkeypatch.setattr(protect, "_shred", shred)


def test_plain_copy_left_is_told_and_listed_once() -> None:
    save_two()
    before = originals(results())
    protect.set_up(PASSPHRASE)
    for name, data in before.items():  # as if the plain files had never been removed
        safefile.atomic_write(results() / name, data)
    rows, _ = store.list_saved()
    assert len(rows) == 2  # each once: the plain twin is not listed again
    assert any("not protected" in note for note in store.privacy_notes())
    assert len(protect.plain_results()) == 2
    progress = protect.protect_plain()
    assert progress.finished == 2 and progress.converted == 0
    assert not protect.plain_results() and not any(
        "not protected" in n for n in store.privacy_notes()
    )


def test_two_readable_copies_that_differ_are_both_kept() -> None:
    save_two()
    before = originals(results())
    protect.set_up(PASSPHRASE)
    name = next(n for n in before if n.endswith(".md"))
    safefile.atomic_write(results() / name, b"# edited by hand\n")  # a plain copy, now different
    progress = protect.protect_plain()
    assert progress.converted == 1
    contents = {
        pyrage.decrypt(p.read_bytes(), [identity()])
        for p in results().iterdir()
        if p.name[0] != "."
    }
    assert b"# edited by hand\n" in contents and before[name] in contents
    assert not protect.plain_results()


# --------------------------------------------------------------------------- hint, cost


@pytest.mark.parametrize(
    ("passphrase", "start"),
    [
        ("abc", "Too short"),
        ("aaaaaaaaaa", "Weak"),
        ("password", "Weak"),
        ("Sunny4Beach", "Fair"),
        ("correct horse battery staple", "Strong"),
        ("Tr0ub4dor&3xyzw!", "Strong"),
    ],
)
def test_strength_hint(passphrase: str, start: str) -> None:
    hint = protect.strength_hint(passphrase)
    assert hint.startswith(start) and hint.endswith(".") and "\n" not in hint
    assert passphrase not in hint


def test_unprotected_history_does_not_import_pyrage(tmp_path: Path) -> None:
    save_two()
    code = (
        "import sys\nfrom readiness.cli import main\nmain(['history'])\n"
        "sys.stderr.write('PYRAGE=' + str('pyrage' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "PYRAGE=False" in done.stderr
    assert "Therapy readiness" in done.stdout
