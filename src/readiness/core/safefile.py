"""Reading and writing the app's own files safely: one implementation for every file.

Why it exists:

* **A special file never blocks.** Opening a FIFO for reading waits for a
  writer, and reading a character device may never end. Every file the app
  reads is opened with `O_NONBLOCK` (which makes that open return at once),
  checked with `fstat`, and refused before any read unless it is a regular
  file. A refusal is an `OSError` whose `strerror` says what the file is, so
  every caller's existing "cannot read" message names it.
* **Bounded.** At most `limit + 1` bytes are read, so a huge file is noticed
  without being slurped; the caller decides what too large means.
* **Links where they must not be followed.** `follow=False` adds `O_NOFOLLOW`:
  a link is refused, not read through.
* **Atomic, durable, private writes.** A temporary file in the same folder,
  created 0600 with `O_EXCL | O_NOFOLLOW`, written, fsync'd, renamed over the
  final name, then the folder fsync'd: readers see the old file or the new one,
  never a part, and a crash leaves at most a hidden temporary file (which the
  store lists as an incomplete save).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a link"),
)


class NotRegularFileError(OSError):
    """The path is not a regular file (a FIFO, a device, a socket), so it was not read."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in plain words ('a named pipe')."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def open_regular(path: str | os.PathLike[str], *, follow: bool = True) -> int:
    """A read-only descriptor of `path`, which is a regular file; raises OSError otherwise.

    `IsADirectoryError` for a folder (callers already say "this is a folder"),
    `NotRegularFileError` for anything else that is not a regular file, and an
    `OSError` with errno ELOOP and a plain `strerror` for a link when `follow`
    is False.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise OSError(errno.ELOOP, "a link, which is not followed", str(path)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(
                errno.EINVAL, f"{kind_of(mode)}, not a regular file", str(path)
            )
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | os.PathLike[str], limit: int, *, follow: bool = True) -> bytes:
    """The bytes of a regular file, at most `limit + 1` of them (more than `limit`: too large).

    Never waits on a FIFO or a device: see `open_regular` for what is refused.
    Asks for about the file's size, not the limit (`read(limit)` would allocate
    the whole limit for every few-KiB file), and reads on to the end, in case
    the file grew since it was measured.
    """
    fd = open_regular(path, follow=follow)
    try:
        want = min(os.fstat(fd).st_size + 1, limit + 1)
        parts: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, max(1, min(want, limit + 1 - total)))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = 1 << 16
        return b"".join(parts)
    finally:
        os.close(fd)


def read_text(path: str | os.PathLike[str], limit: int, *, follow: bool = True) -> str:
    """`read_regular` decoded as UTF-8; ValueError (UnicodeDecodeError) if it is not,
    and ValueError if it is larger than `limit` bytes."""
    data = read_regular(path, limit, follow=follow)
    if len(data) > limit:
        raise ValueError(f"larger than {limit:,} bytes")
    return data.decode("utf-8")


def fsync_dir(folder: Path) -> None:
    """Make a rename durable; some platforms cannot open folders, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(final: Path) -> Path:
    """The hidden temporary name a write of `final` uses (`.NAME.XXXXXXXX.tmp`)."""
    return final.parent / f".{final.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}"


def is_temp_name(name: str) -> bool:
    """Whether `name` is one of `temp_name`'s (a write in progress, or an interrupted one)."""
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return False
    middle = name[1 : -len(TEMP_SUFFIX)]
    final, _, token = middle.rpartition(".")
    return bool(final) and len(token) == 8 and all(c in "0123456789abcdef" for c in token)


def atomic_write(path: Path, data: bytes, mode: int = PRIVATE_FILE_MODE) -> None:
    """Write `data` to `path` so that readers see the old file or the new, never a part.

    The temporary file is created with `mode` and O_EXCL|O_NOFOLLOW in the same
    folder (so the rename cannot cross file systems, and it is never someone
    else's file or link), written, fsync'd and renamed; the folder is fsync'd
    after. It is removed if anything fails. Raises OSError.
    """
    folder = path.parent
    tmp = temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:  # noqa: SIM105 - contextlib would cost every command's start
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)
