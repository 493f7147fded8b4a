"""Saved results moved between plain and protected, in an order in which nothing is lost.

Protecting writes each encrypted copy atomically before the plain file is
overwritten and removed; turning protection off writes the plain copy before the
encrypted one goes. A pair left by an interruption is recognised on the next run
(the encrypted copy's name is a keyed hash of the plain one, `agefile.twin_stem`)
and finished, not duplicated. The identity comes from `protect`, which holds it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.core import records, safefile
from readiness.core.agefile import AGE_SUFFIX, decrypt, encrypt, random_stem, twin_stem
from readiness.core.records import StoreError, friendly_os_error

_MAX_FILE_BYTES = 16 * 1024 * 1024 + 64 * 1024  # a record's bound plus age's overhead


@dataclass
class Progress:
    """What turning protection on or off did, counted as it happened."""

    converted: int = 0  # results (a record and its summary) moved to the other form
    finished: int = 0  # pairs an interrupted run had left, finished now
    left: list[tuple[Path, str]] = field(default_factory=list)  # files left as they are, and why
    created: bool = False  # a new key was made


def shred(path: Path) -> bool:
    """Overwrite a plain file with zeros, fsync, then remove it; False if it was not there.

    On SSDs and copy-on-write file systems the old blocks may survive elsewhere
    (docs/decisions.md says what this cannot promise).
    """
    flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return False
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        os.unlink(path)  # a link holds no text of ours: removed, its target untouched
        return True
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode):
            zeros = bytes(min(st.st_size, 1 << 20))
            left = st.st_size
            while left > 0:
                left -= os.write(fd, zeros[: min(left, len(zeros))])
            os.fsync(fd)
    finally:
        os.close(fd)
    os.unlink(path)
    return True


def _read_file(path: Path) -> bytes | None:
    """A regular file's bytes (no link followed), or None when it is not there."""
    try:
        data = safefile.read_regular(path, _MAX_FILE_BYTES, follow=False)
    except FileNotFoundError:
        return None
    if len(data) > _MAX_FILE_BYTES:
        raise StoreError("too large to be a saved result", path)
    return data


def plain_stems(target: Path) -> list[str]:
    """Stems of plain records and summaries named as a save names them."""
    from readiness.core.resultnames import is_plain_stem

    return _stems(target, (".json", ".md"), is_plain_stem)


def _stems(target: Path, suffixes: tuple[str, ...], named: Callable[[str], object]) -> list[str]:
    """Sorted stems of the files in `target` that end in one of `suffixes`, kept by `named`."""
    try:
        names = os.listdir(target)
    except FileNotFoundError:
        return []
    return sorted(
        {n[: -len(s)] for n in names for s in suffixes if n.endswith(s) and named(n[: -len(s)])}
    )


def encrypt_plain(
    target: Path,
    identity: Any,
    progress: Progress,
    *,
    step: Callable[[str], None] | None = None,
    remove: Callable[[Path], bool] = shred,
) -> Progress:
    """Encrypt every plain result in `target` to `identity`'s recipient; remove the plain files.

    For each result: the encrypted summary, then the encrypted record (each
    atomic), then the plain summary and record are removed (`remove`: overwritten
    first). An encrypted copy already there (an interrupted run) that holds the
    same bytes is kept and only the plain file goes.
    """
    from readiness.core import resultindex

    recipient = identity.to_public()
    resultindex.forget_plain(target)  # it holds headlines; an encrypted one is made on listing
    for stem in plain_stems(target):
        twin = name = twin_stem(identity, stem)
        finished = True
        try:
            for ext in (".md", ".json"):
                data = _read_file(target / f"{stem}{ext}")
                if data is None:
                    continue
                enc = target / f"{name}{ext}{AGE_SUFFIX}"
                before = _read_file(enc)
                opened = None  # when it does not open, it may be replaced
                if before is not None:
                    with contextlib.suppress(StoreError):
                        opened = decrypt(before, identity, enc)
                if opened is not None and (opened == data or not data.strip(b"\0")):
                    continue  # protected already (the plain file may be half overwritten)
                if opened is not None:  # both readable and different: keep both, never overwrite
                    name = random_stem() if name == twin else name
                    enc = target / f"{name}{ext}{AGE_SUFFIX}"
                finished = False
                if step:
                    step(f"write {enc.name}")
                safefile.atomic_write(enc, encrypt(data, recipient))
            for ext in (".md", ".json"):
                if step:
                    step(f"remove {stem}{ext}")
                remove(target / f"{stem}{ext}")
        except OSError as exc:
            if isinstance(exc, safefile.NotRegularFileError):
                progress.left.append((target / stem, f"not a regular file ({exc.strerror})"))
                continue
            raise friendly_os_error("protect your saved results", exc, target) from exc
        if finished:
            progress.finished += 1
        else:
            progress.converted += 1
    safefile.fsync_dir(target)
    return progress


def decrypt_all(
    target: Path,
    identity: Any,
    keys: tuple[Path, ...],
    *,
    step: Callable[[str], None] | None = None,
) -> Progress:
    """Decrypt every protected result in `target` back to plain files, then remove `keys`.

    For each result: the plain summary, then the plain record are written
    (atomic), then the encrypted files are removed. Files `identity` cannot open
    (another key, damaged) are left as they are and reported; the key files go
    only when every file it opens is plain again.
    """
    from readiness.core import resultindex
    from readiness.core.resultnames import ENCRYPTED_STEM

    progress = Progress()
    stems = _stems(target, (".json.age", ".md.age"), ENCRYPTED_STEM.match)
    try:
        for stem in stems:
            opened: dict[str, bytes] = {}
            try:
                for ext in (".md", ".json"):
                    enc = target / f"{stem}{ext}{AGE_SUFFIX}"
                    data = _read_file(enc)
                    if data is not None:
                        opened[ext] = decrypt(data, identity, enc)
            except StoreError as exc:
                progress.left.append((exc.path or target / stem, exc.message))
                continue
            except safefile.NotRegularFileError as exc:
                progress.left.append((target / stem, f"not a regular file ({exc.strerror})"))
                continue
            record = None
            if ".json" in opened:
                with contextlib.suppress(StoreError):
                    record = records.parse(opened[".json"], target / stem)
            mtime = os.lstat(
                target / f"{stem}{'.json' if '.json' in opened else '.md'}{AGE_SUFFIX}"
            ).st_mtime
            plain, finished = _free_plain_stem(target, stem, record, mtime, opened)
            for ext in (".md", ".json"):
                if ext in opened and not finished.get(ext):
                    if step:
                        step(f"write {plain}{ext}")
                    safefile.atomic_write(target / f"{plain}{ext}", opened[ext])
            for ext in (".md", ".json"):
                if step:
                    step(f"remove {stem}{ext}{AGE_SUFFIX}")
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target / f"{stem}{ext}{AGE_SUFFIX}")
            if all(finished.get(ext) for ext in opened):
                progress.finished += 1
            else:
                progress.converted += 1
        safefile.fsync_dir(target)
        resultindex.forget(target)
        if step:
            step("remove the key")
        for path in keys:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        safefile.fsync_dir(keys[-1].parent)
    except OSError as exc:
        raise friendly_os_error("turn protection off", exc, target) from exc
    return progress


def _free_plain_stem(
    target: Path, stem: str, record: dict[str, Any] | None, mtime: float, opened: dict[str, bytes]
) -> tuple[str, dict[str, bool]]:
    """The plain name for encrypted `stem`, the same on every run, and which of its files
    are already there with the same bytes (an interrupted run's work)."""
    from readiness.core.resultnames import plain_stem_for

    for attempt in range(0, 26, 6):
        plain = plain_stem_for(record, (stem + stem)[attempt : attempt + 6], mtime)
        there = {ext: _read_file_quiet(target / f"{plain}{ext}") for ext in opened}
        if all(there[ext] in (None, data) for ext, data in opened.items()):
            return plain, {ext: there[ext] == data for ext, data in opened.items()}
    return plain_stem_for(record, os.urandom(3).hex(), mtime), {}


def _read_file_quiet(path: Path) -> bytes | None:
    try:
        return _read_file(path)
    except (OSError, StoreError):
        return b""  # something else is there: a clash, never overwritten
