"""The results index: one private JSON file of headlines, keyed by file name.

Why it exists: listing thousands of saved results should not parse and check
thousands of records each time. The index (`.index.json` in the results
folder) keeps each record's headline beside the record file's stat as it was
when the headline was taken (size, modification and change time, inode), and
one BLAKE2b digest of all its entries, so a listing of unchanged results opens
no record at all. An entry is used only when the file as `stat` sees it now is
the one it was taken from: a record edited in any way (even with its
modification time put back; the change time cannot be) is read and checked
again. An index edited by hand (a band made cheerier, the records left alone)
no longer matches its digest and counts as empty, so every record is read
again. One digest of the whole file costs a third of hashing each entry on its
own (about 9 ms against 25 ms for 10,000). Reading every record instead would
cost about a quarter of a second per 10,000 results before any parsing.

It is only a cache: missing, damaged, foreign or from another version, it
counts as empty, and failing to write it costs only speed. It holds
headlines (titles, bands, scores, dates), so it is 0600 like the records, is
removed when the last of them goes, and is never written in private mode.

When results are protected (`protect`), the index is an age file encrypted to
the person's recipient (`.index.json.age`), read with the unlocked identity:
one decryption instead of one per record (about 0.2 ms each), and nothing in
plain. A plain `.index.json` is never written then (docs/decisions.md,
"Protected results").
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec

try:  # the hash alone: `hashlib` would load OpenSSL first, which costs every command start
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - not CPython
    from hashlib import blake2b as _blake2b

from readiness.core import safefile
from readiness.core.records import Headline

INDEX_NAME = ".index.json"
INDEX_AGE_NAME = ".index.json.age"
INDEX_VERSION = 8
"""The file's layout; bump it too when what a record's headline holds changes."""

_MAX_INDEX_BYTES = 64 * 1024 * 1024

FileKey = tuple[int, int, int, int]
"""A record file's size, modification time, inode and change time (ns): what `stat` says."""


class Entry(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """One record file as `stat` saw it when its headline was taken, and the headline."""

    key: FileKey
    head: Headline


class _File(msgspec.Struct, frozen=True):
    index_version: int
    digest: str  # of `entries` exactly as written
    entries: msgspec.Raw


_decoder = msgspec.json.Decoder(_File)
_entries_decoder = msgspec.json.Decoder(dict[str, Entry])


def digest(encoded_entries: bytes | msgspec.Raw) -> str:
    """The digest of the entries as written. It is not a signature: whoever can rewrite
    the index could compute it again, but could as well rewrite the records; then the
    one sanitizer (`textsafe`) is what stands."""
    return _blake2b(encoded_entries, digest_size=16).hexdigest()


def load(folder: Path, *, identity: Any = None) -> dict[str, Entry]:
    """The entries of the folder's index; empty when there is none that this version wrote.

    With `identity`, the encrypted index (`.index.json.age`) is read instead.
    """
    from readiness.core.records import StoreError

    try:
        if identity is None:
            data = safefile.read_regular(folder / INDEX_NAME, _MAX_INDEX_BYTES, follow=False)
        else:
            from readiness.core import protect

            path = folder / INDEX_AGE_NAME
            data = protect.decrypt(
                safefile.read_regular(path, _MAX_INDEX_BYTES, follow=False), identity, path
            )
        found = _decoder.decode(data)
        if found.index_version != INDEX_VERSION or digest(found.entries) != found.digest:
            return {}
        entries: dict[str, Entry] = _entries_decoder.decode(found.entries)
    except (OSError, StoreError, msgspec.DecodeError, RecursionError):
        return {}
    return entries


def save(folder: Path, entries: dict[str, Entry], *, recipient: Any = None) -> None:
    """Write the index (atomically, 0600), or remove it when there is nothing to keep.

    With `recipient`, it is written encrypted to it (`.index.json.age`), and a
    plain index is removed.

    An entry that cannot be written as UTF-8 (a file name that is not UTF-8, or
    a lone surrogate escaped in a record) is left out: its record is simply
    read in full each time.
    """
    try:
        encoded = msgspec.json.encode(entries)
    except UnicodeEncodeError:
        entries = {name: entry for name, entry in entries.items() if _encodes(name, entry)}
        encoded = msgspec.json.encode(entries)
    data = msgspec.json.encode(_File(INDEX_VERSION, digest(encoded), msgspec.Raw(encoded)))
    if not entries:
        forget(folder)
        return
    if recipient is not None:
        from readiness.core import protect

        forget_plain(folder)
        with contextlib.suppress(OSError):
            safefile.atomic_write(folder / INDEX_AGE_NAME, protect.encrypt(data, recipient))
        return
    with contextlib.suppress(OSError):
        safefile.atomic_write(folder / INDEX_NAME, data)


def _encodes(name: str, entry: Entry) -> bool:
    try:
        msgspec.json.encode((name, entry))
    except UnicodeEncodeError:
        return False
    return True


def forget(folder: Path) -> None:
    """Remove the index (plain and encrypted): it holds headlines, so it must not outlive the records."""
    forget_plain(folder)
    with contextlib.suppress(OSError):
        os.unlink(folder / INDEX_AGE_NAME)


def forget_plain(folder: Path) -> None:
    """Remove the plain index (results are being protected, or are)."""
    with contextlib.suppress(OSError):
        os.unlink(folder / INDEX_NAME)


def drop(
    folder: Path, names: Iterable[str], *, identity: Any = None, recipient: Any = None
) -> None:
    """Remove the entries of records that were deleted.

    A protected folder's encrypted index is rewritten with the unlocked identity;
    locked, it is removed (it is only a cache, and it may name them).
    """
    if os.path.lexists(folder / INDEX_AGE_NAME) and (identity is None or recipient is None):
        forget(folder)
        return
    entries = load(folder, identity=identity)
    gone = set(names)
    if entries and not gone.isdisjoint(entries):
        save(
            folder,
            {name: entry for name, entry in entries.items() if name not in gone},
            recipient=recipient,
        )
    elif not entries:
        forget(folder)  # unreadable or another layout: it may still name them
