"""Every path the app reads or writes, in one place.

Nothing here creates a folder at import time: folders are made only when
something is about to be written, so a person who never saves leaves no trace.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

APP_NAME = "readiness"
QUIZ_PATH_ENV = "READINESS_QUIZ_PATH"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def package_dir() -> Path:
    """The installed `readiness` package folder."""
    return Path(__file__).resolve().parent


def builtin_quiz_dir() -> Path:
    """Built-in quizzes: inside the wheel, or the repository's top-level `quizzes/`."""
    shipped = package_dir() / "quizzes"
    return shipped if shipped.is_dir() else package_dir().parent.parent / "quizzes"


def data_file(name: str) -> Path:
    """A file shipped in `readiness/data` (the safety check, the resources)."""
    return package_dir() / "data" / name


def user_data_dir() -> Path:
    """The user's data folder (not created here)."""
    return _user_folder("XDG_DATA_HOME", "~/.local/share", "data")


def user_quiz_dir() -> Path:
    """Where the user's own quizzes live."""
    return user_data_dir() / "quizzes"


def results_dir() -> Path:
    """Where saved results live."""
    return user_data_dir() / "results"


def identity_file() -> Path:
    """The protection key (an age identity, encrypted with the person's passphrase).

    Beside the results folder, not in it: deleting every result keeps protection on,
    and `readiness forget --all` never touches it. Exists only after `readiness protect`.
    """
    return user_data_dir() / "identity.age"


def recipient_file() -> Path:
    """The public half of the protection key: what a save encrypts to, so saving needs
    no passphrase. Plain text (`age1...`), beside `identity_file()`."""
    return user_data_dir() / "recipient.txt"


def user_cache_dir() -> Path:
    """Cache folder (parsed quiz cache); safe to delete at any time."""
    return _user_folder("XDG_CACHE_HOME", "~/.cache", "cache")


def config_file() -> Path:
    """The settings file, `config.toml` in the user config folder (not created here; read
    only by the commands that use a setting, written only when the app saves a theme)."""
    return _user_folder("XDG_CONFIG_HOME", "~/.config", "config") / "config.toml"


def _user_folder(variable: str, default: str, kind: str) -> Path:
    """The user's `kind` folder (data, cache or config): `_xdg_path`'s, else platformdirs'."""
    quick = _xdg_path(variable, default)
    if quick is not None:
        return quick
    import platformdirs

    found: Path = getattr(platformdirs, f"user_{kind}_path")(APP_NAME, appauthor=False)
    return found


def _xdg_path(variable: str, default: str) -> Path | None:
    """The folder platformdirs gives on Linux, worked out without importing it (about
    8 ms of every command): `$VARIABLE/readiness` when the variable is an absolute path,
    else `DEFAULT/readiness` under an absolute $HOME. Anything else (another system,
    Android, no usable home) is None, and platformdirs decides. A test holds the two equal.
    """
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    env = os.environ
    if env.get("ANDROID_DATA") == "/data" and env.get("ANDROID_ROOT") == "/system":
        return None
    value = env.get(variable, "")
    if value.startswith("/"):
        return Path(os.path.join(value, APP_NAME))
    if env.get("HOME", "").startswith("/"):
        return Path(os.path.join(os.path.expanduser(default), APP_NAME))
    return None


def extra_quiz_paths(environ: os._Environ[str] | dict[str, str] | None = None) -> list[Path]:
    """Files or folders named in READINESS_QUIZ_PATH, in order."""
    env = os.environ if environ is None else environ
    raw = env.get(QUIZ_PATH_ENV, "")
    return [Path(part).expanduser() for part in raw.split(os.pathsep) if part.strip()]


def unusable_quiz_paths(
    environ: os._Environ[str] | dict[str, str] | None = None,
) -> list[tuple[Path, str]]:
    """Entries of READINESS_QUIZ_PATH that give no quizzes because they cannot be read,
    each with why in a few words: `list` and home say so in one line each, rather than
    leave a person wondering where their quizzes went. Only looks (stat, access)."""
    import stat

    found: list[tuple[Path, str]] = []
    for path in extra_quiz_paths(environ):
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            found.append((path, "it does not exist"))
            continue
        except OSError as exc:
            found.append((path, f"it cannot be looked at ({(exc.strerror or 'error').lower()})"))
            continue
        if stat.S_ISDIR(mode):
            if not os.access(path, os.R_OK | os.X_OK):
                found.append((path, "the folder cannot be read (permission denied)"))
        elif not stat.S_ISREG(mode):
            found.append((path, "it is neither a quiz file nor a folder"))
        elif not os.access(path, os.R_OK):
            found.append((path, "the file cannot be read (permission denied)"))
    return found


def quiz_path_notice(path: Path, why: str) -> str:
    """One line about one unusable READINESS_QUIZ_PATH entry (the path not yet made safe to print)."""
    return f"{QUIZ_PATH_ENV} names {path}, but {why}: no quizzes from there are listed."


class LinkedFolderError(OSError):
    """The folder to write into is a symbolic link: nothing is written through it."""


def ensure_private_dir(path: Path) -> Path:
    """Create `path` with mode 0700, and every folder we create on the way too.

    `mkdir(parents=True)` would give the parents the umask's mode (often 0755),
    so a new `~/.local/share/readiness` would be readable by others. Folders
    we create are made 0700 through a descriptor opened without following
    links, so a link put in the way never has its target's mode changed.
    Folders that already existed, `path` included, keep their mode: a looser
    one is reported (`readiness history` says so), never silently changed.
    Raises `LinkedFolderError` when `path` is a link, OSError otherwise.
    """
    if path.is_symlink():
        raise LinkedFolderError(errno.ELOOP, "a link to another place", str(path))
    missing: list[Path] = []
    probe = path
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, left as it is
        fd = os.open(
            folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
        try:
            os.fchmod(fd, PRIVATE_DIR_MODE)  # mkdir's mode is cut by the umask
        finally:
            os.close(fd)
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path))
    return path
