"""Protected saved results: an age identity behind a passphrase, and its recipient beside it.

Why it is built this way (docs/decisions.md, "Protected results"):

* **A standard format, no home-made cryptography.** Every protected file is an
  age file (through `pyrage`): a person can open it with any age tool and their
  identity. The identity (an X25519 key) is itself an age file encrypted with
  the passphrase (age's scrypt mode): `identity.age` in the user data folder,
  beside the results folder, with the public recipient in `recipient.txt`.
* **Saving needs no passphrase**, only the recipient; reading needs the
  passphrase once per sitting: `unlock` keeps the identity in this process's
  memory only, `lock` forgets it (the app calls it when idle and on quick exit).
* **Nothing is lost at any step.** Turning protection on writes each encrypted
  copy atomically before the plain file is overwritten and removed; turning it
  off writes the plain copy before the encrypted one goes. A copy of both, left
  by an interruption, is recognised on the next run (the encrypted copy's name
  is a keyed hash of the plain one) and finished, not duplicated; a plain copy
  left over is named by `readiness history` until it is protected.
* **Cheap when unused.** Only `os`, `threading` and our own light modules are
  imported here; `pyrage` is imported by the functions that encrypt or decrypt,
  so listing unprotected results never loads it.

The core never imports Textual; nothing here writes anything unless asked to.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness import locations
from readiness.core import safefile
from readiness.core.records import StoreError

IDENTITY_NAME = "identity.age"
RECIPIENT_NAME = "recipient.txt"
AGE_SUFFIX = ".age"
AGE_MAGIC = b"age-encryption.org/v1\n"
MIN_PASSPHRASE = 8
"""Shorter passphrases are refused: scrypt slows guessing, but not enough for 7 characters."""

_MAX_KEY_BYTES = 64 * 1024
_MAX_FILE_BYTES = 16 * 1024 * 1024 + 64 * 1024  # a record's bound plus age's overhead

LOCKED_MESSAGE = "Your saved results are protected; unlock them with your passphrase."
FORGOTTEN_WARNING = (
    "If you forget this passphrase, your saved results cannot be recovered by anyone, "
    "not even with this program."
)


class ProtectError(StoreError):
    """A problem with protection (a missing or damaged key file ...), said in one sentence."""


class WrongPassphraseError(ProtectError):
    """The passphrase does not open the identity; nothing was changed."""


class LockedError(StoreError):
    """The results folder holds protected results and no identity is unlocked for it."""


@dataclass(frozen=True)
class KeyFiles:
    """Where a results folder's protection key lives: beside the folder, in its parent."""

    identity: Path
    recipient: Path


def key_files(folder: Path | None = None) -> KeyFiles:
    """The key files for `folder` (the user data folder's for the default results folder)."""
    if folder is None:
        return KeyFiles(locations.identity_file(), locations.recipient_file())
    parent = Path(folder).parent
    return KeyFiles(parent / IDENTITY_NAME, parent / RECIPIENT_NAME)


def is_protected(folder: Path | None = None) -> bool:
    """Whether protection is on (or half set up): either key file is there. Two `lstat`s."""
    keys = key_files(folder)
    return os.path.lexists(keys.identity) or os.path.lexists(keys.recipient)


def _results(folder: Path | None) -> Path:
    return Path(folder) if folder is not None else locations.results_dir()


def has_protected_files(folder: Path | None = None) -> bool:
    """Whether the results folder holds any age file (a record, a summary or the index)."""
    try:
        return any(name.endswith(AGE_SUFFIX) for name in os.listdir(_results(folder)))
    except OSError:
        return False


# --------------------------------------------------------------------------- the unlocked identity

_guard = threading.Lock()
_current: tuple[Path, Any] | None = None  # (identity file, pyrage identity): memory only


def unlocked(folder: Path | None = None) -> Any | None:
    """The identity unlocked for `folder` in this sitting, or None."""
    found = _current
    if found is None or found[0] != key_files(folder).identity:
        return None
    return found[1]


def needs_unlock(folder: Path | None = None) -> bool:
    """Whether reading `folder` needs the passphrase first: protected files there, locked."""
    return unlocked(folder) is None and is_protected(folder) and has_protected_files(folder)


def lock() -> None:
    """Forget the unlocked identity (idle, quick exit, or done). Python cannot wipe the
    memory it was in; dropping the only reference is what a program in it can do."""
    global _current
    with _guard:
        _current = None


def _hold(path: Path, identity: Any) -> None:
    global _current
    with _guard:
        _current = (path, identity)


def _pyrage() -> Any:
    """pyrage, imported only when something is encrypted or decrypted (start-up time)."""
    import pyrage  # type: ignore[import-untyped]

    return pyrage


def _new_identity() -> Any:
    """A fresh X25519 identity (tests reuse one, so scrypt's result can be reused too)."""
    return _pyrage().x25519.Identity.generate()


def _passphrase_encrypt(data: bytes, passphrase: str) -> bytes:
    """age's scrypt mode (about two seconds, on purpose). Tests put a memo in front of it."""
    pyrage = _pyrage()

    encrypted: bytes = pyrage.passphrase.encrypt(data, passphrase)
    return encrypted


def _passphrase_decrypt(data: bytes, passphrase: str) -> bytes:
    """age's scrypt mode, the other way (about two seconds)."""
    pyrage = _pyrage()

    decrypted: bytes = pyrage.passphrase.decrypt(data, passphrase)
    return decrypted


def _read_small(path: Path, what: str) -> bytes:
    try:
        data = safefile.read_regular(path, _MAX_KEY_BYTES, follow=False)
    except FileNotFoundError:
        raise ProtectError(
            f"The key that opens your protected results ({path}) is missing, so they cannot be "
            "opened; they are left as they are.",
            path,
        ) from None
    except OSError as exc:
        reason = (
            "it is a link"
            if exc.errno == errno.ELOOP
            else (exc.strerror or "cannot be read").lower()
        )
        raise ProtectError(
            f"The {what} {path} cannot be read ({reason}); nothing was changed.", path
        ) from None
    if len(data) > _MAX_KEY_BYTES:
        raise ProtectError(
            f"The {what} {path} is far too large to be one; nothing was changed.", path
        )
    return data


def unlock(passphrase: str, folder: Path | None = None) -> None:
    """Open the identity with `passphrase` and hold it in memory for this sitting.

    Raises WrongPassphraseError (nothing changes), or ProtectError when the key
    file is missing, damaged or not one of ours. Takes about two seconds (scrypt):
    the app runs it in a worker and shows "Unlocking…".
    """
    path = key_files(folder).identity
    identity = open_identity(_read_small(path, "protection key file"), passphrase, path)
    _hold(path, identity)


def open_identity(data: bytes, passphrase: str, path: Path) -> Any:
    """The pyrage identity in an `identity.age` file's bytes; errors as `unlock` says."""
    pyrage = _pyrage()

    damaged = ProtectError(
        f"The protection key file {path} is damaged or not a readiness key, so your protected "
        "results cannot be opened with it; it was left as it is.",
        path,
    )
    if not data.startswith(AGE_MAGIC) or b"\n-> scrypt " not in data[:512]:
        raise damaged
    try:
        secret = _passphrase_decrypt(data, passphrase)
    except pyrage.DecryptError as exc:
        if str(exc).strip().lower() == "decryption failed":  # the scrypt stanza did not open
            raise WrongPassphraseError(
                "That passphrase does not open your saved results; nothing was changed."
            ) from None
        raise damaged from None
    try:
        return pyrage.x25519.Identity.from_str(secret.decode("ascii").strip())
    except (UnicodeDecodeError, pyrage.IdentityError):
        raise damaged from None


def read_recipient(folder: Path | None = None) -> Any:
    """The recipient saves encrypt to; ProtectError when it is missing or damaged."""
    pyrage = _pyrage()

    path = key_files(folder).recipient
    try:
        data = _read_small(path, "protection's public key file")
    except ProtectError:
        raise ProtectError(
            f"Could not save: protection is on but its public key file {path} is missing or "
            "unreadable, and a protected result is never saved in plain; `readiness protect` "
            "repairs it (it asks your passphrase).",
            path,
        ) from None
    try:
        return pyrage.x25519.Recipient.from_str(data.decode("ascii").strip())
    except (UnicodeDecodeError, pyrage.RecipientError):
        raise ProtectError(
            f"Could not save: protection's public key file {path} is damaged, and a protected "
            "result is never saved in plain; `readiness protect` repairs it (it asks your passphrase).",
            path,
        ) from None


def parse_recipient(text: str) -> Any:
    """A recipient a person typed (`age1...`), for an encrypted export; ProtectError otherwise."""
    pyrage = _pyrage()

    try:
        return pyrage.x25519.Recipient.from_str(text.strip())
    except pyrage.RecipientError:
        from readiness.core.textsafe import terminal_safe

        raise ProtectError(
            f"'{terminal_safe(text.strip())[:80]}' is not an age public key (they start with age1)."
        ) from None


def encrypt(data: bytes, recipient: Any) -> bytes:
    """`data` as an age file to `recipient` (X25519: quick, no passphrase)."""
    pyrage = _pyrage()

    encrypted: bytes = pyrage.encrypt(data, [recipient])
    return encrypted


def decrypt(data: bytes, identity: Any, path: Path) -> bytes:
    """The plain bytes of an age file; StoreError naming why it cannot be opened."""
    pyrage = _pyrage()

    if not data.startswith(AGE_MAGIC):
        raise StoreError("damaged protected file (not an age file)", path)
    try:
        plain: bytes = pyrage.decrypt(data, [identity])
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise StoreError(
                "protected with another key (your passphrase does not open it); left as it is", path
            ) from None
        raise StoreError("damaged protected file (it cannot be decrypted)", path) from None
    return plain


def twin_stem(identity: Any, plain_stem: str) -> str:
    """The name an encrypted copy of the plain result `plain_stem` gets when protecting.

    A keyed hash (BLAKE2b, keyed by a hash of the identity): it names neither the
    quiz nor the time, yet an interrupted run finds the pair again and finishes it.
    """
    from hashlib import blake2b

    key = blake2b(str(identity).encode("ascii"), digest_size=32, person=b"readiness-twin").digest()
    return blake2b(plain_stem.encode("utf-8"), key=key, digest_size=16).hexdigest()


def random_stem() -> str:
    """A protected save's name: 32 random hex digits, like a twin's."""
    return os.urandom(16).hex()


# --------------------------------------------------------------------------- strength hint


def strength_hint(passphrase: str) -> str:
    """One plain sentence on how hard a passphrase is to guess (length and variety only)."""
    n = len(passphrase)
    words = len(passphrase.split())
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() and not c.isspace() for c in passphrase),
            words > 1,
        )
    )
    distinct = len(set(passphrase))
    if n < MIN_PASSPHRASE:
        return (
            f"Too short: at least {MIN_PASSPHRASE} characters are needed, and four or more "
            "unrelated words are easy to remember and hard to guess."
        )
    if distinct <= 3 or (n < 12 and kinds < 2):
        return (
            "Weak: it is short or made of few different characters; four or more unrelated "
            "words, or a longer mix of letters, digits and signs, would be much harder to guess."
        )
    if n >= 20 or words >= 4 or (n >= 14 and kinds >= 3):
        return "Strong: a passphrase this long and varied is very hard to guess."
    return (
        "Fair: it would take effort to guess; a few more words, or digits and signs, "
        "would make it much harder."
    )


# --------------------------------------------------------------------------- turning it on and off


@dataclass
class Progress:
    """What turning protection on or off did, counted as it happened."""

    converted: int = 0  # results (a record and its summary) moved to the other form
    finished: int = 0  # pairs an interrupted run had left, finished now
    left: list[tuple[Path, str]] = field(default_factory=list)  # files left as they are, and why
    created: bool = False  # a new key was made


def _shred(path: Path) -> bool:
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


def set_up(
    passphrase: str,
    folder: Path | None = None,
    *,
    step: Callable[[str], None] | None = None,
) -> Progress:
    """Turn protection on (or finish turning it on), then protect every plain result.

    A new key is made when there is no identity file; otherwise the passphrase
    must open the one there (WrongPassphraseError, nothing changed). The recipient
    file is (re)written from the identity. Raises StoreError on a write failure,
    with everything done so far kept and nothing lost.
    """
    keys = key_files(folder)
    progress = Progress()
    identity = unlocked(folder)
    if identity is not None and not os.path.lexists(keys.identity):
        lock()  # its file is gone: nothing may be encrypted to a key kept nowhere but here
        identity = None
    if identity is None and os.path.lexists(keys.identity):
        unlock(passphrase, folder)
        identity = unlocked(folder)
        assert identity is not None
    elif identity is None:
        if len(passphrase) < MIN_PASSPHRASE:
            raise ProtectError(
                f"That passphrase is too short: use at least {MIN_PASSPHRASE} characters."
            )
        identity = _new_identity()
        sealed = _passphrase_encrypt(str(identity).encode("ascii") + b"\n", passphrase)
        if step:
            step("write the key")
        _write(keys.identity, sealed, "save the protection key")
        _hold(keys.identity, identity)
        progress.created = True
    public = (str(identity.to_public()) + "\n").encode("ascii")
    try:
        current = safefile.read_regular(keys.recipient, _MAX_KEY_BYTES, follow=False)
    except OSError:
        current = None
    if current != public:
        if step:
            step("write the public key")
        _write(keys.recipient, public, "save the protection's public key")
    protect_plain(folder, progress, step=step)
    return progress


def _write(path: Path, data: bytes, action: str) -> None:
    try:
        locations.ensure_private_dir(path.parent)
        safefile.atomic_write(path, data)
    except OSError as exc:
        from readiness.core.records import friendly_os_error

        raise friendly_os_error(action, exc, path.parent) from exc


def plain_results(folder: Path | None = None) -> list[str]:
    """Names of the results still in plain (each a record, a summary or both), sorted."""
    return _plain_stems(_results(folder))


def recipient_ok(folder: Path | None = None) -> bool:
    """Whether the recipient file is there and reads as an age public key."""
    try:
        read_recipient(folder)
    except ProtectError:
        return False
    return True


def _plain_stems(target: Path) -> list[str]:
    """Stems of plain records and summaries named as a save names them."""
    from readiness.core.store import is_plain_stem

    try:
        names = os.listdir(target)
    except FileNotFoundError:
        return []
    stems = set()
    for name in names:
        for ext in (".json", ".md"):
            if name.endswith(ext) and is_plain_stem(name[: -len(ext)]):
                stems.add(name[: -len(ext)])
    return sorted(stems)


def protect_plain(
    folder: Path | None = None,
    progress: Progress | None = None,
    *,
    step: Callable[[str], None] | None = None,
) -> Progress:
    """Encrypt every plain result to the unlocked identity's recipient; remove the plain files.

    For each result: the encrypted summary, then the encrypted record (each
    atomic), then the plain summary and record are overwritten and removed. An
    encrypted copy already there (an interrupted run) that holds the same bytes
    is kept and only the plain file goes.
    """
    from readiness.core import resultindex

    identity = unlocked(folder)
    if identity is None:
        raise LockedError(LOCKED_MESSAGE)
    progress = progress or Progress()
    recipient = identity.to_public()
    target = _results(folder)
    resultindex.forget_plain(target)  # it holds headlines; an encrypted one is made on listing
    for stem in _plain_stems(target):
        twin = name = twin_stem(identity, stem)
        finished = True
        try:
            for ext in (".md", ".json"):
                plain = target / f"{stem}{ext}"
                data = _read_file(plain)
                if data is None:
                    continue
                enc = target / f"{name}{ext}{AGE_SUFFIX}"
                before = _read_file(enc)
                opened = _opened(before, identity, enc) if before is not None else None
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
                _shred(target / f"{stem}{ext}")
        except OSError as exc:
            if isinstance(exc, safefile.NotRegularFileError):
                progress.left.append((target / stem, f"not a regular file ({exc.strerror})"))
                continue
            from readiness.core.records import friendly_os_error

            raise friendly_os_error("protect your saved results", exc, target) from exc
        if finished:
            progress.finished += 1
        else:
            progress.converted += 1
    safefile.fsync_dir(target)
    return progress


def _opened(encrypted: bytes, identity: Any, path: Path) -> bytes | None:
    """An encrypted copy's plain bytes, or None when it does not open (then it may be replaced)."""
    try:
        return decrypt(encrypted, identity, path)
    except StoreError:
        return None


def turn_off(folder: Path | None = None, *, step: Callable[[str], None] | None = None) -> Progress:
    """Decrypt every protected result back to plain files, then remove the key files.

    Needs the identity unlocked (LockedError otherwise). For each result: the
    plain summary, then the plain record are written (atomic), then the
    encrypted files are removed. Files this key cannot open (another key,
    damaged) are left as they are and reported; the key files go only when
    every file it opens is plain again.
    """
    from readiness.core import records, resultindex
    from readiness.core.store import ENCRYPTED_STEM

    identity = unlocked(folder)
    if identity is None:
        raise LockedError(LOCKED_MESSAGE)
    progress = Progress()
    target = _results(folder)
    try:
        names = os.listdir(target)
    except FileNotFoundError:
        names = []
    stems = sorted(
        {
            name[: -len(ext)]
            for name in names
            for ext in (".json.age", ".md.age")
            if name.endswith(ext) and ENCRYPTED_STEM.match(name[: -len(ext)])
        }
    )
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
                try:
                    record = records.parse(opened[".json"], target / stem)
                except StoreError:
                    record = None
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
        keys = key_files(folder)
        if step:
            step("remove the key")
        for path in (keys.recipient, keys.identity):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        safefile.fsync_dir(keys.identity.parent)
    except OSError as exc:
        from readiness.core.records import friendly_os_error

        raise friendly_os_error("turn protection off", exc, target) from exc
    lock()
    return progress


def _free_plain_stem(
    target: Path, stem: str, record: dict[str, Any] | None, mtime: float, opened: dict[str, bytes]
) -> tuple[str, dict[str, bool]]:
    """The plain name for encrypted `stem`, the same on every run, and which of its files
    are already there with the same bytes (an interrupted run's work)."""
    from readiness.core.store import plain_stem_for

    for attempt in range(0, 26, 6):
        token = (stem + stem)[attempt : attempt + 6]
        plain = plain_stem_for(record, token, mtime)
        finished: dict[str, bool] = {}
        clash = False
        for ext, data in opened.items():
            there = _read_file_quiet(target / f"{plain}{ext}")
            if there is None:
                continue
            if there == data:
                finished[ext] = True
            else:
                clash = True
        if not clash:
            return plain, finished
    return plain_stem_for(record, os.urandom(3).hex(), mtime), {}


def _read_file_quiet(path: Path) -> bytes | None:
    try:
        return _read_file(path)
    except (OSError, StoreError):
        return b""  # something else is there: a clash, never overwritten
