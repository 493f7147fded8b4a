"""Shared by the protection tests: scrypt done once per process, and the invariants checked.

age's passphrase mode costs about two seconds each way, by design. The tests
use one identity for every set-up (`protect._new_identity`), so the real scrypt
encryption of it runs once per process and its decryption once per passphrase;
the results are reused (a wrong passphrase's refusal too). Everything else is
the real code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest

from readiness import locations
from readiness.core import protect, store

PASSPHRASE = "correct horse battery staple"
WRONG = "incorrect horse battery staple"

_IDENTITY = pyrage.x25519.Identity.generate()
_encrypted: dict[tuple[bytes, str], bytes] = {}
_decrypted: dict[tuple[bytes, str], bytes | Exception] = {}
_real_encrypt = protect._passphrase_encrypt
_real_decrypt = protect._passphrase_decrypt


def _encrypt(data: bytes, passphrase: str) -> bytes:
    key = (data, passphrase)
    if key not in _encrypted:
        _encrypted[key] = _real_encrypt(data, passphrase)
    return _encrypted[key]


def _decrypt(data: bytes, passphrase: str) -> bytes:
    key = (data, passphrase)
    if key not in _decrypted:
        try:
            _decrypted[key] = _real_decrypt(data, passphrase)
        except Exception as exc:  # noqa: BLE001 - the refusal is reused as it came
            _decrypted[key] = exc
    found = _decrypted[key]
    if isinstance(found, Exception):
        raise found
    return found


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """One identity and reused scrypt results; locked again after each test."""
    monkeypatch.setattr(protect, "_new_identity", lambda: _IDENTITY)
    monkeypatch.setattr(protect, "_passphrase_encrypt", _encrypt)
    monkeypatch.setattr(protect, "_passphrase_decrypt", _decrypt)
    protect.lock()
    yield
    protect.lock()


def identity() -> Any:
    """The identity every set-up in these tests makes."""
    return _IDENTITY


def data_dir() -> Path:
    return locations.user_data_dir()


def results() -> Path:
    return locations.results_dir()


def all_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (dot files included), by path relative to it."""
    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def plain_words() -> list[bytes]:
    """Strings of the test records that must never be seen in a protected folder's bytes."""
    return [
        b"Therapy readiness",
        b"therapy-readiness",
        b"Boundary needs",
        b"boundary-needs",
        b"Getting there",
        b"Ready",
        b"Own readiness",
        b'"score"',
        b"taken_at",
        b"2026-",
        b"SECRETMD",
        b"Suggest one session",
    ]


def save_two() -> list[store.SavedPaths]:
    """Two results of two quizzes (plain, or protected when protection is on)."""
    from support.records import make_record

    return [
        store.save_result(
            make_record(taken_at="2026-03-03T12:00:00+00:00", scores={"own_readiness": 48}),
            "# first SECRETMD\n",
        ),
        store.save_result(
            make_record(
                "boundary-needs",
                "2026-04-01T12:00:00+00:00",
                {"clarity": 80},
                title="Boundary needs",
            ),
            "# Boundary needs SECRETMD\n",
        ),
    ]


def originals(folder: Path) -> dict[str, bytes]:
    """The plain files of the folder now, by name (records and summaries)."""
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.name.endswith((".json", ".md")) and p.name[0] != "."
    }


def assert_nothing_lost(folder: Path, before: dict[str, bytes]) -> None:
    """Each file of `before` is in the folder: in plain (under any name) or as an age file
    that opens to it."""
    contents = set()
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue
        data = path.read_bytes()
        contents.add(pyrage.decrypt(data, [_IDENTITY]) if path.name.endswith(".age") else data)
    for name, data in before.items():
        assert data in contents, f"{name} was lost"


def assert_plain_told(folder: Path) -> None:
    """A plain file of ours left in a protected folder is named by `history`'s notes."""
    left = [
        n
        for n in os.listdir(folder)
        if n.endswith((".json", ".md")) and store.is_plain_stem(n.rsplit(".", 1)[0])
    ]
    if left and protect.is_protected():
        notes = " ".join(store.privacy_notes())
        assert "not protected" in notes, (left, notes)
