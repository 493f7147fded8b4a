"""age files: what a protected result is on disk, and the names such files get.

A standard format (any age tool opens one with the identity), through `pyrage`,
imported only when something is encrypted or decrypted, so listing unprotected
results never loads it. Nothing here knows where keys live or who holds one:
that is `protect`'s job.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, cast

from readiness.core.records import StoreError

AGE_SUFFIX = ".age"
AGE_MAGIC = b"age-encryption.org/v1\n"


def pyrage() -> Any:
    """pyrage, imported only when something is encrypted or decrypted (start-up time)."""
    import pyrage  # type: ignore[import-untyped]

    return pyrage


def encrypt(data: bytes, recipient: Any) -> bytes:
    """`data` as an age file to `recipient` (X25519: quick, no passphrase)."""
    return cast(bytes, pyrage().encrypt(data, [recipient]))


def decrypt(data: bytes, identity: Any, path: Path) -> bytes:
    """The plain bytes of an age file; StoreError naming why it cannot be opened."""
    age = pyrage()
    if not data.startswith(AGE_MAGIC):
        raise StoreError("damaged protected file (not an age file)", path)
    try:
        plain: bytes = age.decrypt(data, [identity])
    except age.DecryptError as exc:
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
