"""Settings: `config.toml` in the user config folder, read with `tomllib`.

Four keys, all optional (docs/decisions.md, "Settings"):

* `private = true` makes every run private, as `--private` does: the app offers no
  saving, and `take --answers ... --save` shows the result without saving it.
* `protect = true` asks that results be saved only when protected: until
  `readiness protect` has been run, a save is not made in plain (the command line
  says how to turn protection on; the app offers to). It never turns protection on
  or off by itself: that needs the passphrase, and only `readiness protect` asks it.
* `neutral_name = "Notes"` is the name shown instead of "readiness" on the title
  line, the terminal window's title and the first screen.
* `theme = "nord"` is the app's colour theme, one of Textual's built-in themes; the
  app writes it back here (`save_theme`) when the person changes the theme.

Reading never raises and never blocks: a missing file is the defaults with no
problem; a file that cannot be read or is not TOML is one located problem and
the defaults; a bad value is a located problem and that key's default; an
unknown key is a located warning (with did-you-mean) and is ignored. Nothing is
written unless `save_theme` is called. Only commands that use a setting read the
file (`readiness --version`, `list` and `validate` never do), and `tomllib` is
imported only when there is a file to parse. The core never imports Textual: the
theme names are kept here, and a test holds them to Textual's own list.
"""

from __future__ import annotations

import os
from pathlib import Path

from readiness import locations
from readiness.core.problems import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from readiness.core.problems import NamedTuple  # typing.NamedTuple's shape, without `typing`

CONFIG_LIMIT = 64 * 1024
"""A settings file larger than this is refused (one problem, the defaults)."""

NEUTRAL_NAME_MAX = 30
"""The longest neutral name: it has to fit on the title line beside the keys."""

DEFAULT_NAME = "readiness"

THEMES = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)
"""Textual 8's built-in themes (`textual.theme.BUILTIN_THEMES`), without importing Textual."""

KEYS = {
    "private": "true: nothing is ever saved, as with --private",
    "protect": "true: results are saved only once protected",
    "neutral_name": 'shown instead of "readiness", e.g. "Notes"',
    "theme": 'the colours, e.g. "nord"; the app saves your choice',
}
"""Each setting and what it does, in one line (`readiness paths` prints them)."""


class Config(NamedTuple):
    """The settings in force: the file's good values, and the defaults for the rest.

    Immutable; a named tuple as `Problem` is (not a dataclass: `dataclasses` and the
    `inspect` it imports would cost the command line about 15 ms before anything else
    needs them). `_replace` copies one with a change.
    """

    private: bool = False
    protect: bool = False
    neutral_name: str | None = None
    theme: str | None = None

    @property
    def name(self) -> str:
        """The app's name as shown: the neutral name when one is set, else "readiness"."""
        return self.neutral_name or DEFAULT_NAME


def start_theme(
    config: Config, environ: dict[str, str] | os._Environ[str] | None = None
) -> str | None:
    """The theme the app should start in, or None for Textual's own choice.

    `TEXTUAL_THEME`, when set, wins for that run (an environment variable is the more
    particular wish, and Textual already honours it); otherwise the saved `theme`.
    """
    env = os.environ if environ is None else environ
    if env.get("TEXTUAL_THEME", "").strip():
        return None
    return config.theme


# --------------------------------------------------------------------------- reading


_loaded: dict[str, tuple[tuple[int, int, int] | None, Config, list[Problem]]] = {}


def current_config() -> tuple[Config, list[Problem]]:
    """`load_config()` of the usual file, read once per process while it is unchanged.

    The command line reads it before starting the app; the app asks again and gets
    the same settings (and problems) without a second read.
    """
    path = locations.config_file()
    key = str(path)
    try:
        st = os.stat(path)
        fingerprint: tuple[int, int, int] | None = (st.st_ino, st.st_size, st.st_mtime_ns)
    except OSError:
        fingerprint = None
    found = _loaded.get(key)
    if found is not None and found[0] == fingerprint:
        return found[1], list(found[2])
    config, problems = load_config(path)
    _loaded[key] = (fingerprint, config, list(problems))
    return config, problems


def load_config(path: str | os.PathLike[str] | None = None) -> tuple[Config, list[Problem]]:
    """The settings in `path` (the usual `config.toml` when None), and every problem found.

    Never raises: each problem is a `Problem` located in the file
    (`PATH:LINE:COL: error: ...`), and whatever was wrong keeps its default.
    """
    target = locations.config_file() if path is None else Path(path)
    shown = str(target)
    text = _read(target, shown)
    if isinstance(text, Problem):
        return Config(), [text]
    if text is None or not text.strip():
        return Config(), []
    data = _parse(text, shown)
    if isinstance(data, Problem):
        return Config(), [data]
    return _settings(data, text, shown)


def _read(target: Path, shown: str) -> str | Problem | None:
    """The file's text; None when there is no file; or the one problem that stopped it."""
    from readiness.core import safefile

    try:
        return safefile.read_text(target, CONFIG_LIMIT, follow=True)
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raw = exc.object if isinstance(exc.object, bytes) else b""
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return _whole_file(shown, "is not UTF-8 text", line, col)
    except ValueError:
        return _whole_file(shown, f"is larger than {CONFIG_LIMIT // 1024} KiB")
    except OSError as exc:
        why = (exc.strerror or "it cannot be opened").lower()
        return _whole_file(shown, f"cannot be read ({why})")


def _whole_file(shown: str, what: str, line: int = 1, col: int = 1) -> Problem:
    """A problem that leaves every setting at its default: "this settings file `what`"."""
    return Problem(
        shown, line, col, f"this settings file {what}, so every setting keeps its default"
    )


def _parse(text: str, shown: str) -> dict[str, object] | Problem:
    import re
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found:
            line, col = int(found.group(1)), int(found.group(2))
        elif "end of document" in message:
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            col = len(text.rstrip("\n").rsplit("\n", 1)[-1]) + 1
        else:
            line, col = 1, 1
        what = re.sub(r"\s*\(at [^)]*\)\s*$", "", message).strip() or "a mistake"
        what = what[0].lower() + what[1:]
        return Problem(
            shown, line, col, f"this is not valid TOML ({what}), so every setting keeps its default"
        )
    except (RecursionError, MemoryError, ValueError):
        return _whole_file(shown, "is nested too deeply to read")


def _settings(data: dict[str, object], text: str, shown: str) -> tuple[Config, list[Problem]]:
    """Each key of `data` checked on its own: good values kept, bad ones said and defaulted."""
    from readiness.core.problems import did_you_mean

    values: dict[str, object] = {}
    problems: list[Problem] = []

    def problem(key: str, message: str, *, at_value: bool = True, severity: str = "error") -> None:
        line, col = locate(text, key, value=at_value)
        problems.append(Problem(shown, line, col, message, severity))

    for key, value in data.items():
        if key not in KEYS:
            problem(
                key,
                f"'{_quoted(key)}' is not a setting readiness knows{did_you_mean(key, KEYS)}, so it is ignored",
                at_value=False,
                severity="warning",
            )
        elif key in ("private", "protect"):
            if isinstance(value, bool):
                values[key] = value
            else:
                quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
                hint = " (without quotes)" if quoted else ""
                problem(
                    key, f"{key} must be true or false{hint}, not {_kind(value)}, so it stays false"
                )
        elif key == "theme":
            if not isinstance(value, str):
                problem(
                    key,
                    f'theme must be a theme\'s name in quotes, such as "nord", not {_kind(value)}, so the usual theme is used',
                )
            elif value not in THEMES:
                problem(
                    key,
                    f"'{_quoted(value)}' is not one of the app's themes{did_you_mean(value, THEMES)}, so the usual theme is used",
                )
            else:
                values[key] = value
        else:  # neutral_name
            message = neutral_name_problem(value)
            if message is None and isinstance(value, str):
                values[key] = value.strip()
            else:
                problem(key, f"{message}, so the usual name is shown")
    return Config(**values), problems  # type: ignore[arg-type]


def _quoted(text: str) -> str:
    """A key or value from the file, for a message: safe for the terminal, cut at 40."""
    from readiness.core.textsafe import terminal_safe

    return terminal_safe(text if len(text) <= 40 else text[:39] + "…")


def neutral_name_problem(value: object) -> str | None:
    """Why `value` cannot be a neutral name (the start of a sentence), or None if it can."""
    from readiness.core.textsafe import describe, has_unsafe

    if not isinstance(value, str):
        return f'neutral_name must be a name in quotes, such as "Notes", not {_kind(value)}'
    name = value.strip()
    if not name:
        return 'neutral_name is empty; give a name such as "Notes", or remove the line'
    unsafe = has_unsafe(name, multiline=False)
    if unsafe is not None:
        return f"neutral_name holds {describe(unsafe)}, which cannot be shown as a name"
    if len(name) > NEUTRAL_NAME_MAX:
        return f"neutral_name is {len(name)} characters long; at most {NEUTRAL_NAME_MAX} fit on the title line"
    return None


def _kind(value: object) -> str:
    """What a TOML value is, in a few words."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def locate(text: str, key: str, *, value: bool = True) -> tuple[int, int]:
    """The 1-based line and column of top-level `key` in `text` (of its value when
    `value`), found by scanning the lines; (1, 1) when it cannot be found.

    A key may be bare or quoted, start a dotted key (`theme.x = 1`) or name a table
    (`[theme]`). Lines inside multi-line strings are not told apart: the first line
    that looks like the key wins, which is where a person would look anyway.
    """
    import re

    name = re.escape(key)
    quoted = f"(?:{name}|\"{name}\"|'{name}')"
    pair = re.compile(rf"^(\s*){quoted}\s*(?:(=)\s*|\.)")
    table = re.compile(rf"^(\s*)\[\[?\s*{quoted}\s*[\].]")
    top_level = True
    for number, line in enumerate(text.splitlines(), start=1):
        if top_level:
            found = pair.match(line)
            if found:
                if value and found.group(2):
                    return number, found.end() + 1
                return number, len(found.group(1)) + 1
        if re.match(r"\s*\[", line):
            top_level = False
            found = table.match(line)
            if found:
                return number, len(found.group(1)) + 1
    return 1, 1


# --------------------------------------------------------------------------- writing


def save_theme(name: str, path: str | os.PathLike[str] | None = None) -> str | None:
    """Write `theme = "NAME"` into the settings file, keeping the rest of its text
    (comments, other keys, their order); None when done, else why not, in one sentence.

    The file is created when missing (0600, in a 0700 folder); an existing file is
    replaced atomically, through a link to where the link points. A file that cannot
    be read or is not valid TOML is left as it is: its mistake is the person's to fix.
    """
    import tomllib

    from readiness.core import safefile
    from readiness.core.textsafe import terminal_safe

    if name not in THEMES:
        return f"'{terminal_safe(name)}' is not one of the app's themes, so it was not saved."
    target = locations.config_file() if path is None else Path(path)
    shown = terminal_safe(str(target))
    try:
        text = safefile.read_text(target, CONFIG_LIMIT, follow=True)
    except FileNotFoundError:
        text = ""
    except (OSError, ValueError):
        return f"The theme was not saved, because {shown} cannot be read."
    try:
        before = tomllib.loads(text)
    except Exception:  # noqa: BLE001 - any reason it does not parse: left alone
        return f"The theme was not saved, because {shown} has a mistake ('readiness paths' shows where)."
    if before.get("theme") == name:
        return None
    updated = None
    for candidate in _with_theme(text, name):
        try:
            after = tomllib.loads(candidate)
        except Exception:  # noqa: BLE001 - this way of writing it does not fit the file: try the next
            continue
        if after == {**before, "theme": name}:
            updated = candidate
            break
    if updated is None:
        return f'The theme was not saved: {shown} could not be changed safely; write theme = "{name}" in it yourself.'
    try:
        real = Path(os.path.realpath(target)) if os.path.islink(target) else target
        if not real.parent.exists():
            locations.ensure_private_dir(real.parent)
        safefile.atomic_write(real, updated.encode("utf-8"))
    except OSError as exc:
        why = (exc.strerror or "it could not be written").lower()
        return f"The theme was not saved to {shown} ({why})."
    _loaded.pop(str(target), None)
    return None


def _with_theme(text: str, name: str) -> list[str]:
    """Ways to write `theme = "NAME"` into `text`, best first: the existing line's value
    replaced (its comment kept); else a new line after the last top-level setting, or
    before the first table; else the first line of the file (always top level)."""
    import re

    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    setting = f'theme = "{name}"{newline}'
    candidates: list[str] = []
    value = r"(?:\"(?:[^\"\\\r\n]|\\.)*\"|'[^'\r\n]*'|[^\s#]+)"
    existing = re.compile(rf"^(\s*(?:theme|\"theme\"|'theme')\s*=\s*){value}")
    last_pair = -1
    first_table = len(lines)
    for index, line in enumerate(lines):
        if re.match(r"\s*\[", line):
            first_table = index
            break
        found = existing.match(line)
        if found:
            replaced = f'{found.group(1)}"{name}"{line[found.end() :]}'
            candidates.append("".join([*lines[:index], replaced, *lines[index + 1 :]]))
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            last_pair = index
    if last_pair >= 0:
        at = last_pair + 1
    else:
        at = first_table
        while at > 0 and lines[at - 1].strip().startswith("#") and first_table < len(lines):
            at -= 1  # before the comments that introduce the first table
    head = lines[:at]
    if head and not head[-1].endswith(("\n", "\r")):
        head[-1] += newline
    candidates.append("".join([*head, setting, *lines[at:]]))
    candidates.append(setting + text)
    return candidates
