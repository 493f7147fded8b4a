"""Read hand-written YAML safely, keeping where every value came from.

We walk PyYAML's event stream ourselves (core/yamlwalk.py) instead of using a
constructor, so:
- nothing can build an object (any tag beyond plain data is refused);
- scalars follow YAML 1.2's core schema (`yes`/`no`/`on`/`off` stay text);
- a key given twice is an error, not a silent overwrite;
- deep nesting and alias bombs are bounded, with no recursion to overflow;
- every value's line and column is kept for error messages.
This module guards the bytes (size, binary, UTF-8), holds the Document that
answers "where is this value?", and turns syntax errors into located problems
with a hint for the author (core/yamlhints.py). libyaml's parser is used when
present (about ten times faster).
"""

from __future__ import annotations

import yaml

from readiness.core.problems import TYPE_CHECKING, Problem, QuizFileError
from readiness.core.yamlhints import reader_problem, syntax_problem
from readiness.core.yamlwalk import Path_ as Path_
from readiness.core.yamlwalk import Reader
from readiness.core.yamlwalk import Span as Span

if TYPE_CHECKING:
    from typing import Any, NoReturn

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024


class Document:
    """Plain data (dicts, lists, str, int, float, bool, None) and where each part is.

    A plain class, not a dataclass, so reading a quiz never imports `dataclasses`.
    """

    def __init__(self, path: str, data: Any, text: str, reader: Reader | None = None) -> None:
        """`reader` is the reading that noted every place; without one (a valid file never
        needs them) the first question about a place reads the text again, noting them."""
        self.path = path
        self.data = data
        self.text = text
        self._reader = reader
        # (place, text) of each plain value ending in a '}' or ']' it never opened
        self.loose_ends: list[tuple[Path_, str]] = reader.loose_ends if reader else []

    @property
    def spans(self) -> dict[Path_, Span]:
        return (self._reader or self._note_places()).spans

    @property
    def key_spans(self) -> dict[Path_, Span]:
        return (self._reader or self._note_places()).key_spans

    def _note_places(self) -> Reader:
        self._reader = _parse(self.text, self.path, track=True)
        return self._reader

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, data={self.data!r})"

    def source_column(self, span: Span, offset: int) -> int:
        """Column of character `offset` of a one-line scalar's value, counting its quotes
        and escapes as written (so a fault inside `"a \\"b\\" c"` points at the right place)."""
        if not span.style:
            return span.col + offset
        lines = self.text.splitlines()
        if span.line > len(lines):
            return span.col + offset
        raw = lines[span.line - 1][span.col :]  # just after the opening quote
        return span.col + 1 + _raw_offset(raw, offset, span.style)

    def span(self, where: Path_) -> Span:
        """The value at `where`, or its nearest ancestor we know (aliases share values)."""
        where = tuple(where)
        while where:
            if where in self.spans:
                return self.spans[where]
            where = where[:-1]
        return self.spans.get((), Span(1, 1, 1))

    def key_span(self, where: Path_) -> Span:
        """The key that introduces `where` (for 'unknown key' errors), else the value."""
        return self.key_spans.get(tuple(where)) or self.span(where)

    def problem(self, where: Path_, message: str, *, at_key: bool = False) -> Problem:
        span = self.key_span(where) if at_key else self.span(where)
        return Problem(self.path, span.line, span.col, message)


def _raw_offset(raw: str, offset: int, style: str) -> int:
    """How many written characters hold the first `offset` characters of the value."""
    i = count = 0
    while count < offset and i < len(raw):
        if style == "'" and raw.startswith("''", i):
            i += 2
        elif style == '"' and raw[i] == "\\" and i + 1 < len(raw):
            kind = raw[i + 1]
            i += 2 + {"x": 2, "u": 4, "U": 8}.get(kind, 0)
        else:
            i += 1
        count += 1
    return i


def decode(raw: bytes, path: str) -> str:
    """Bytes to text, refusing big, binary and non-UTF-8 files with a located error."""
    if len(raw) > MAX_BYTES:
        _refuse(
            path, raw, 0, f"the file is {len(raw):,} bytes; the limit is 1 MiB (1,048,576 bytes)"
        )
    if b"\x00" in raw:
        message = "this looks like a binary file (it has a NUL byte); save it as UTF-8 text"
        _refuse(path, raw, raw.index(b"\x00"), message)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        _refuse(path, raw, exc.start, message)


def _refuse(path: str, raw: bytes, offset: int, message: str) -> NoReturn:
    """Raise `message` as the one problem of the file, at byte `offset`."""
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[start:offset].decode("utf-8", "replace")) + 1
    raise QuizFileError.one(path, message, line, col) from None


def read_yaml(raw: bytes | str, path: str, *, places: bool = True) -> Document:
    """Parse one YAML document into plain data with spans; raise QuizFileError on any problem.

    With `places=False` the first reading notes no places (a third quicker): a valid
    file rarely needs them, and the Document reads the text again, noting them, the
    first time one is asked for. A file with any problem is always read again in
    full, so its problems are exactly those of a full reading.
    """
    text = decode(raw, path) if isinstance(raw, bytes) else raw
    if isinstance(raw, str) and len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise QuizFileError.one(path, "the file is larger than 1 MiB; the limit is 1,048,576 bytes")
    if not places:
        try:
            quick = _parse(text, path, track=False)
        except Exception:  # noqa: BLE001 - the full reading below decides what to say
            quick = None
        # (a value that looks like a leftover brace needs its place: read in full, as for a problem)
        if quick is not None and not quick.problems and not quick.loose_ends:
            return Document(path, quick.data, text)
    reader = _parse(text, path, track=True)
    if reader.problems:
        raise QuizFileError(reader.problems)
    return Document(path, reader.data, text, reader)


def _parse(text: str, path: str, *, track: bool) -> Reader:
    """One reading of the text: the reader, holding `.data` and `.problems`."""
    reader = Reader(path, track=track)
    loader = None
    try:
        loader = _Loader(text)
        reader.data = reader.read(loader, text)
    except yaml.MarkedYAMLError as exc:
        reader.problems.append(syntax_problem(path, text, exc))
    except yaml.YAMLError as exc:
        reader.problems.append(reader_problem(path, text, exc))
    except RecursionError:  # pragma: no cover - the reader is iterative; a guard all the same
        reader.problems.append(Problem(path, 1, 1, "the file is nested too deeply; flatten it"))
    finally:
        if loader is not None:
            loader.dispose()
    return reader
