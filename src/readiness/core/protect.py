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
* **Nothing is lost at any step**: `protectfiles` moves each result to the other
  form in an order an interruption cannot harm, and the next run finishes it; a
  plain copy left over is named by `readiness history` until it is protected.

This module holds the key (where its files are, the passphrase that opens it,
the identity unlocked for the sitting) and is the one door callers use: the age
format and the moving of files are re-exported from the modules that do them.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from readiness import locations
from readiness.core import protectfiles, safefile
from readiness.core.agefile import AGE_MAGIC as AGE_MAGIC
from readiness.core.agefile import AGE_SUFFIX as AGE_SUFFIX
from readiness.core.agefile import decrypt as decrypt
from readiness.core.agefile import encrypt as encrypt
from readiness.core.agefile import pyrage as _pyrage
from readiness.core.agefile import random_stem as random_stem
from readiness.core.agefile import twin_stem as twin_stem
from readiness.core.protectfiles import Progress as Progress
from readiness.core.records import StoreError, friendly_os_error
from readiness.core.resultnames import results_folder

IDENTITY_NAME = "identity.age"
RECIPIENT_NAME = "recipient.txt"

MIN_PASSPHRASE = 8
"""Shorter passphrases are refused: scrypt slows guessing, but not enough for 7 characters."""

_MAX_KEY_BYTES = 64 * 1024

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
    parent = locations.user_data_dir() if folder is None else Path(folder).parent
    return KeyFiles(parent / IDENTITY_NAME, parent / RECIPIENT_NAME)


def is_protected(folder: Path | None = None) -> bool:
    """Whether protection is on (or half set up): either key file is there. Two `lstat`s."""
    keys = key_files(folder)
    return os.path.lexists(keys.identity) or os.path.lexists(keys.recipient)


def has_protected_files(folder: Path | None = None) -> bool:
    """Whether the results folder holds any age file (a record, a summary or the index)."""
    try:
        return any(name.endswith(AGE_SUFFIX) for name in os.listdir(results_folder(folder)))
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


def _new_identity() -> Any:
    """A fresh X25519 identity (tests reuse one, so scrypt's result can be reused too)."""
    return _pyrage().x25519.Identity.generate()


def _passphrase_encrypt(data: bytes, passphrase: str) -> bytes:
    """age's scrypt mode (about two seconds, on purpose). Tests put a memo in front of it."""
    return cast(bytes, _pyrage().passphrase.encrypt(data, passphrase))


def _passphrase_decrypt(data: bytes, passphrase: str) -> bytes:
    """age's scrypt mode, the other way (about two seconds)."""
    return cast(bytes, _pyrage().passphrase.decrypt(data, passphrase))


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
    data = _read_small(path, "protection key file")
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
        identity = pyrage.x25519.Identity.from_str(secret.decode("ascii").strip())
    except (UnicodeDecodeError, pyrage.IdentityError):
        raise damaged from None
    _hold(path, identity)


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


def recipient_ok(folder: Path | None = None) -> bool:
    """Whether the recipient file is there and reads as an age public key."""
    try:
        read_recipient(folder)
    except ProtectError:
        return False
    return True


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
        raise friendly_os_error(action, exc, path.parent) from exc


def plain_results(folder: Path | None = None) -> list[str]:
    """Names of the results still in plain (each a record, a summary or both), sorted."""
    return protectfiles.plain_stems(results_folder(folder))


_shred = protectfiles.shred  # looked up here on each run, so a test can cut one short


def protect_plain(
    folder: Path | None = None,
    progress: Progress | None = None,
    *,
    step: Callable[[str], None] | None = None,
) -> Progress:
    """Encrypt every plain result to the unlocked identity (LockedError if none), then
    remove the plain files, in the order `protectfiles.encrypt_plain` gives."""
    identity = _unlocked_or_locked_error(folder)
    target, progress = results_folder(folder), progress or Progress()
    return protectfiles.encrypt_plain(target, identity, progress, step=step, remove=_shred)


def turn_off(folder: Path | None = None, *, step: Callable[[str], None] | None = None) -> Progress:
    """Decrypt every protected result the unlocked identity opens (LockedError if none),
    then remove the key files and forget it (`protectfiles.decrypt_all`)."""
    identity = _unlocked_or_locked_error(folder)
    keys = key_files(folder)
    progress = protectfiles.decrypt_all(
        results_folder(folder), identity, (keys.recipient, keys.identity), step=step
    )
    lock()
    return progress


def _unlocked_or_locked_error(folder: Path | None) -> Any:
    identity = unlocked(folder)
    if identity is None:
        raise LockedError(LOCKED_MESSAGE)
    return identity
