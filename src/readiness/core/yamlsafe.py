"""Read hand-written YAML safely, keeping where every value came from.

We walk PyYAML's event stream ourselves instead of using a constructor, so:
- nothing can build an object (any tag beyond plain data is refused);
- scalars follow YAML 1.2's core schema (`yes`/`no`/`on`/`off` stay text);
- a key given twice is an error, not a silent overwrite;
- deep nesting and alias bombs are bounded, with no recursion to overflow;
- every value's line and column is kept for error messages.
libyaml's parser is used when present (about ten times faster).
"""

from __future__ import annotations

import math
import re

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from readiness.core.problems import TYPE_CHECKING, NamedTuple, Problem, QuizFileError
from readiness.core.textsafe import describe, has_unsafe

if TYPE_CHECKING:
    from typing import Any

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

Path_ = tuple[str | int, ...]

# YAML 1.1's merge key (`<<: *name`) is not part of YAML 1.2, which quiz files follow;
# read as an ordinary key it would bring an "unknown key" and a "missing key" for every
# key it was meant to copy, so it is refused by name.
MERGE_KEY_MESSAGE = (
    "merge keys ('<<: *name') are not supported in quiz files: write the keys of this "
    "mapping out in full; an alias can still reuse a whole value, such as a list of "
    "options (options: *name)"
)

# YAML 1.2 core schema patterns, as text: `re` compiles (and caches) each one the first
# time a value needs it, which most files never do (a word or a plain integer does not).
_NULL = r"^(?:~|null|Null|NULL|)$"
_NULLS = frozenset(("~", "null", "Null", "NULL", ""))
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = r"^[-+]?[0-9]+$"
_INT8 = r"^0o[0-7]+$"
_INT16 = r"^0x[0-9a-fA-F]+$"
_FLOAT = r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
_INF = r"^[-+]?\.(?:inf|Inf|INF)$"
_NAN = r"^\.(?:nan|NaN|NAN)$"

# A plain scalar can be null, a boolean or a number only if it starts with one of these.
_MAY_NOT_BE_TEXT = frozenset("0123456789+-.~nNtTfF")
_WORD_START = frozenset("~nNtTfF")  # past null and the booleans, these start only text
_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = {"str", "int", "float", "bool", "null"}

# A collection being read is a list (cheaper than a dict on the hot path):
# [is_map, value, path, span, anchor, pending key, its span, values inside].
_F_IS_MAP, _F_VALUE, _F_PATH, _F_SPAN, _F_ANCHOR, _F_KEY, _F_KEY_SPAN, _F_SIZE = range(8)


class Span(NamedTuple):
    """Where a value sits: 1-based line and column, and how it was written.

    A named tuple because one is made for every value in a file: it is cheap.
    """

    line: int
    col: int
    end_line: int
    style: str = ""  # '' plain, "'" or '"' quoted, '|' or '>' block


class Document:
    """Plain data (dicts, lists, str, int, float, bool, None) and where each part is.

    A plain class, not a dataclass, so reading a quiz never imports `dataclasses`.
    """

    def __init__(
        self,
        path: str,
        data: Any,
        spans: dict[Path_, Span] | None = None,
        key_spans: dict[Path_, Span] | None = None,
        text: str = "",
        *,
        lazy: bool = False,
    ) -> None:
        self.path = path
        self.data = data
        self.text = text
        # lazy: the text was read without noting places (a valid file never needs
        # them); the first question about a place reads it again, noting them.
        self._spans: dict[Path_, Span] | None = None if lazy else ({} if spans is None else spans)
        self._key_spans: dict[Path_, Span] | None = (
            None if lazy else ({} if key_spans is None else key_spans)
        )

    @property
    def spans(self) -> dict[Path_, Span]:
        if self._spans is None:
            self._note_places()
        return self._spans  # type: ignore[return-value]

    @property
    def key_spans(self) -> dict[Path_, Span]:
        if self._key_spans is None:
            self._note_places()
        return self._key_spans  # type: ignore[return-value]

    def _note_places(self) -> None:
        reader = _Reader(self.path)
        loader = _Loader(self.text)
        try:
            reader.read(loader, self.text)
        finally:
            loader.dispose()
        self._spans, self._key_spans = reader.spans, reader.key_spans

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


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    style = getattr(event, "style", None) or ""
    return Span(start.line + 1, start.column + 1, end.line + 1, style)


def decode(raw: bytes, path: str) -> str:
    """Bytes to text, refusing big, binary and non-UTF-8 files with a located error."""
    if len(raw) > MAX_BYTES:
        raise QuizFileError(
            [
                Problem(
                    path,
                    1,
                    1,
                    f"the file is {len(raw):,} bytes; the limit is 1 MiB (1,048,576 bytes)",
                )
            ]
        )
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        line, col = _line_col(raw, at)
        raise QuizFileError(
            [
                Problem(
                    path,
                    line,
                    col,
                    "this looks like a binary file (it has a NUL byte); save it as UTF-8 text",
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise QuizFileError(
            [
                Problem(
                    path,
                    line,
                    col,
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                )
            ]
        ) from None


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", "replace")) + 1


# Unicode's "Cc" category minus tab and newline (C0 controls, DEL and C1 controls), and the
# invisible characters that can make text read differently (bidi overrides, zero-width
# space...): the sanitizer's own class, so quiz text is never shown altered.
_bad_control = has_unsafe


class _Reader:
    """Turns one YAML event stream into a Document, collecting problems as it goes."""

    def __init__(self, path: str, *, track: bool = True) -> None:
        self.path = path
        self.track = track  # note where every value is (else only find whether all is well)
        self.data: Any = None
        self.problems: list[Problem] = []
        self.spans: dict[Path_, Span] = {}
        self.key_spans: dict[Path_, Span] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0

    def fail(self, span: Span | None, message: str) -> None:
        if span is None:  # only when not tracking, and then the file is read again
            span = Span(1, 1, 1)
        self.problems.append(Problem(self.path, span.line, span.col, message))

    def scalar(self, event: Any, span: Span) -> Any:
        value: str = event.value
        tag = event.tag
        bad = _bad_control(value)
        if bad is not None:
            self.fail(span, f"text contains {describe(bad)}; remove it")
            return value
        if tag in (None, "!"):
            plain = event.implicit[0] and not span.style
            return self.number_or_text(value, span) if plain else value
        if tag.startswith(_TAG_PREFIX) and tag[len(_TAG_PREFIX) :] in _SCALAR_TAGS:
            kind = tag[len(_TAG_PREFIX) :]
            if kind == "str":
                return value
            resolved = self.number_or_text(value, span)
            kinds: dict[str, type | tuple[type, ...]] = {
                "int": int,
                "float": (int, float),
                "bool": bool,
                "null": type(None),
            }
            expected = kinds[kind]
            if isinstance(resolved, expected) and not (
                kind != "bool" and isinstance(resolved, bool)
            ):
                return float(resolved) if kind == "float" else resolved  # type: ignore[arg-type]
            self.fail(span, f"'{value}' is not a valid !!{kind}")
            return value
        self.fail(span, _tag_message(tag))
        return value

    def number_or_text(self, value: str, span: Span) -> Any:
        """Resolve a plain scalar, refusing numbers no quiz needs (huge, infinite, NaN)."""
        try:
            resolved = self.resolve_plain(value)
        except ValueError:
            self.fail(
                span, f"the number {value[:20]}... has too many digits; use an ordinary number"
            )
            return value
        if isinstance(resolved, float) and not math.isfinite(resolved):
            self.fail(
                span,
                f"'{value[:20]}' is not a finite number; use an ordinary number, or quote it if it is text",
            )
            return value
        return resolved

    @staticmethod
    def resolve_plain(value: str) -> Any:
        if value and value[0] not in _MAY_NOT_BE_TEXT:
            return value  # the common case: a word can only be text
        if value[-1:] != "\n":  # (the patterns' `$` also matches before a final newline)
            if value in _NULLS:
                return None
            if value in _BOOL:
                return _BOOL[value]
            if value[0] in _WORD_START:
                return value  # 'text', 'type', 'no': no number starts with a letter or '~'
            if value.isdigit() and value.isascii():
                return int(value)  # what _INT10 says, without the regex
        if re.match(_NULL, value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if re.match(_INT10, value):
            return int(value)
        if re.match(_INT8, value):
            return int(value[2:], 8)
        if re.match(_INT16, value):
            return int(value[2:], 16)
        if re.match(_FLOAT, value):
            return float(value)
        if re.match(_INF, value):
            return float("-inf") if value.startswith("-") else float("inf")
        if re.match(_NAN, value):
            return float("nan")
        return value

    def check_collection_tag(self, event: Any, span: Span, kind: str) -> None:
        tag = event.tag
        if tag in (None, "!") or tag == _TAG_PREFIX + kind:
            return
        self.fail(span, _tag_message(tag))

    def read(self, loader: Any, text: str) -> Any:
        """Build the data iteratively; a stack replaces recursion so depth cannot crash us.

        One loop over the parser's events with the common cases inlined: this is
        the hot path of `validate` (hundreds of thousands of events for a large
        catalog), so frames are lists indexed by the `_F_*` constants, spans are
        built with `tuple.__new__` and scalars skip checks that cannot fail.
        """
        stack: list[list[Any]] = []
        root: Any = None
        have_root = False
        documents = 0
        # Spans are made only when tracking, and read only then: None never lands in these.
        spans: dict[Path_, Any] = self.spans
        key_spans: dict[Path_, Any] = self.key_spans
        anchors = self.anchors
        scalar = self.scalar
        new = tuple.__new__
        # Plain, single-quoted and block scalars hold only characters of the text
        # itself; only double-quoted escapes can add a control character.
        any_control = has_unsafe(text) is not None
        get_event = loader.get_event
        nodes = self.nodes
        track = self.track

        span: Span | None
        while True:
            event = get_event()
            if event is None:
                break
            cls = type(event)
            if cls is ScalarEvent:
                style = event.style or ""
                if track:
                    start = event.start_mark
                    span = new(
                        Span, (start.line + 1, start.column + 1, event.end_mark.line + 1, style)
                    )
                else:
                    span = None
                nodes += 1
                if nodes > MAX_NODES:
                    self.fail(
                        span,
                        f"the file expands to more than {MAX_NODES:,} values (too many aliases?); simplify it",
                    )
                    break
                value = event.value
                if (
                    not style
                    and event.tag is None
                    and value
                    and value[0] not in _MAY_NOT_BE_TEXT
                    and not any_control
                    and event.implicit[0]
                ):
                    pass  # a plain word: text, and nothing in it to refuse
                elif style == '"' or any_control or style == "" or event.tag is not None:
                    value = scalar(event, span or _span(event))
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                if not stack:
                    root, have_root = value, True
                    if track:
                        spans[()] = span
                    continue
                top = stack[-1]
                top[_F_SIZE] += 1
                container = top[_F_VALUE]
                if not top[_F_IS_MAP]:
                    if track:
                        spans[(*top[_F_PATH], len(container))] = span
                    container.append(value)
                    continue
                key = top[_F_KEY]
                if key is _NO_KEY:
                    if type(value) is str and (value != "<<" or style):
                        top[_F_KEY] = value
                        top[_F_KEY_SPAN] = span
                    else:
                        self.set_key(top, value, span or _span(event))
                    continue
                top[_F_KEY] = _NO_KEY
                if key is _BAD_KEY:
                    continue
                if key in container:
                    self.duplicate((*top[_F_PATH], key), key, top[_F_KEY_SPAN])
                    continue
                container[key] = value
                if track:
                    where = (*top[_F_PATH], key)
                    key_spans[where] = top[_F_KEY_SPAN]
                    spans[where] = span
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                span = _span(event)
                is_map = cls is MappingStartEvent
                self.check_collection_tag(event, span, "map" if is_map else "seq")
                if len(stack) >= MAX_DEPTH:
                    self.fail(
                        span, f"the file is nested more than {MAX_DEPTH} levels deep; flatten it"
                    )
                    break
                nodes += 1
                if nodes > MAX_NODES:
                    self.fail(
                        span,
                        f"the file expands to more than {MAX_NODES:,} values (too many aliases?); simplify it",
                    )
                    break
                if stack and track:
                    top = stack[-1]
                    if not top[_F_IS_MAP]:
                        path = (*top[_F_PATH], len(top[_F_VALUE]))
                        spans[path] = span
                    elif top[_F_KEY] is _NO_KEY:
                        path = (*top[_F_PATH], "<key>")
                    else:
                        path = (*top[_F_PATH], top[_F_KEY])
                        if top[_F_KEY] is not _BAD_KEY:
                            spans[path] = span
                else:
                    path = ()
                stack.append(
                    [is_map, {} if is_map else [], path, span, event.anchor, _NO_KEY, None, 1]
                )
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                top = stack.pop()
                if top[_F_ANCHOR]:
                    anchors[top[_F_ANCHOR]] = (top[_F_VALUE], top[_F_SIZE])
                if stack:
                    self.attach(stack, top[_F_VALUE], None, top[_F_SIZE])
                else:
                    root, have_root = top[_F_VALUE], True
                    if track:
                        spans[()] = top[_F_SPAN]
            elif cls is AliasEvent:
                span = _span(event)
                if event.anchor not in anchors:
                    self.fail(
                        span, f"the alias '*{event.anchor}' names no anchor defined before it"
                    )
                    if not stack:
                        root, have_root = None, True
                        spans[()] = span
                    else:
                        self.attach(stack, None, span, 1)
                    continue
                value, size = anchors[event.anchor]
                nodes += size
                if nodes > MAX_NODES:
                    self.fail(
                        span,
                        f"the file expands to more than {MAX_NODES:,} values (too many aliases?); simplify it",
                    )
                    break
                if not stack:
                    root, have_root = value, True
                    spans[()] = span
                else:
                    self.attach(stack, value, span, size)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.fail(
                        _span(event), "a quiz file holds one YAML document; remove the second '---'"
                    )
                    break
        self.nodes = nodes
        return root if have_root else None

    def attach(self, stack: list[list[Any]], value: Any, span: Span | None, size: int) -> None:
        """Put a finished value into the collection on top of the (non-empty) stack."""
        top = stack[-1]
        top[_F_SIZE] += size
        if not top[_F_IS_MAP]:
            where = (*top[_F_PATH], len(top[_F_VALUE]))
            top[_F_VALUE].append(value)
            if span:
                self.spans[where] = span
            return
        if top[_F_KEY] is _NO_KEY:
            self.set_key(top, value, span)
            return
        key, key_span = top[_F_KEY], top[_F_KEY_SPAN]
        top[_F_KEY] = _NO_KEY
        if key is _BAD_KEY:
            return
        where = (*top[_F_PATH], key)
        if key in top[_F_VALUE]:
            self.duplicate(where, key, key_span)
            return
        top[_F_VALUE][key] = value
        self.key_spans[where] = key_span
        if span:
            self.spans[where] = span

    def duplicate(self, where: Path_, key: str, key_span: Span) -> None:
        first = self.key_spans.get(where)
        first_line = f" (first given on line {first.line})" if first else ""
        self.fail(key_span, f"the key '{key}' is given twice in this mapping{first_line}; keep one")

    def set_key(self, top: list[Any], value: Any, span: Span | None) -> None:
        key_span = span or top[_F_SPAN]
        if (
            value == "<<"
        ):  # only a plain `<<` comes here; a quoted '<<' is an ordinary (unknown) key
            self.fail(key_span, MERGE_KEY_MESSAGE)
            top[_F_KEY], top[_F_KEY_SPAN] = _BAD_KEY, key_span
            return
        if isinstance(value, (dict, list)):
            self.fail(key_span, "a mapping key must be a plain name, not a list or mapping")
            top[_F_KEY], top[_F_KEY_SPAN] = _BAD_KEY, key_span
            return
        if value is None:
            value = ""
        elif isinstance(value, bool):
            value = "true" if value else "false"
        top[_F_KEY], top[_F_KEY_SPAN] = str(value), key_span


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NO_KEY = _Marker("NO_KEY")
_BAD_KEY = _Marker("BAD_KEY")


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag
    return f"the YAML tag '{shown}' is not allowed: quiz files hold only text, numbers, lists and mappings"


def read_yaml(raw: bytes | str, path: str, *, places: bool = True) -> Document:
    """Parse one YAML document into plain data with spans; raise QuizFileError on any problem.

    With `places=False` the first reading notes no places (a third quicker): a valid
    file rarely needs them, and the Document reads the text again, noting them, the
    first time one is asked for. A file with any problem is always read again in
    full, so its problems are exactly those of a full reading.
    """
    text = decode(raw, path) if isinstance(raw, bytes) else raw
    if isinstance(raw, str) and len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise QuizFileError(
            [Problem(path, 1, 1, "the file is larger than 1 MiB; the limit is 1,048,576 bytes")]
        )
    if not places:
        try:
            quick = _parse(text, path, track=False)
        except Exception:  # noqa: BLE001 - the full reading below decides what to say
            quick = None
        if quick is not None and not quick.problems:
            return Document(path, quick.data, text=text, lazy=True)
    reader = _parse(text, path, track=True)
    if reader.problems:
        raise QuizFileError(reader.problems)
    return Document(path, reader.data, reader.spans, reader.key_spans, text)


def _parse(text: str, path: str, *, track: bool) -> _Reader:
    """One reading of the text: the reader, holding `.data` and `.problems`."""
    reader = _Reader(path, track=track)
    loader = None
    try:
        loader = _Loader(text)
        reader.data = reader.read(loader, text)
    except yaml.MarkedYAMLError as exc:
        reader.problems.append(_syntax_problem(path, text, exc))
    except yaml.YAMLError as exc:
        reader.problems.append(_reader_problem(path, text, exc))
    except RecursionError:  # pragma: no cover - the reader is iterative; a guard all the same
        reader.problems.append(Problem(path, 1, 1, "the file is nested too deeply; flatten it"))
    finally:
        if loader is not None:
            loader.dispose()
    return reader


def _syntax_problem(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """PyYAML's own words, at its place, and then what to do for the mistakes every
    author makes (a colon in text, an indent out of line, a quote never closed)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "invalid YAML"
    if "nesting depth" in what:  # libyaml 0.2.6+ and PyYAML 6.0.4+ stop deep flows while scanning
        return Problem(
            path, line, col, f"the file is nested more than {MAX_DEPTH} levels deep; flatten it"
        )
    context = f" ({exc.context})" if exc.context else ""
    message = f"invalid YAML: {what}{context}"
    opened = exc.context_mark
    if "end of stream" in what and "quoted scalar" in (exc.context or "") and opened is not None:
        # The reader gave up at the end of the file: the place worth showing is the quote.
        line, col = opened.line + 1, opened.column + 1
        quote = _char_at(text, line, col)
        closing = f"a closing {quote}" if quote in ("'", '"') else "its closing quote"
        return Problem(
            path, line, col, f"{message}; this quote is never closed: end the text with {closing}"
        )
    hint = (
        _char_hint(what, text, line, col)
        or _nbsp_hint(text, line)
        or _after_quote_hint(what, text, line, col)
        or _syntax_hint(what, opened, line)
    )
    return Problem(path, line, col, f"{message}; {hint}" if hint else message)


def _char_hint(what: str, text: str, line: int, col: int) -> str:
    """A hint from the character YAML stopped at, when that character is the mistake.

    The reader's words depend on what came before (a tab before `- id:` after a flow
    mapping is "cannot start any token", elsewhere "a tab that violates indentation"),
    but a tab in the indentation, or a `}` or `]` that closes nothing, is the same
    mistake whatever was read before it.
    """
    char = _char_at(text, line, col)
    lines = text.split("\n")
    indent = lines[line - 1][: col - 1] if 0 < line <= len(lines) else ""
    if char == "\t" or (char and "\t" in indent and not indent.strip(" \t-")):
        return "indent with spaces, never tabs"
    if (
        char in ("}", "]")
        and not what.startswith("did not find expected ','")
        and "expected ','" not in what
    ):
        opener = "{" if char == "}" else "["
        return f"this '{char}' closes nothing: remove it (each '{opener}' takes one '{char}')"
    return ""


def _after_quote_hint(what: str, text: str, line: int, col: int) -> str:
    """YAML stopped just after a closing quote. Closed on the same line, the quote ended
    the text too early (`'it's here'`, `"Yes" please`); if it closes text opened on a
    line above, that quote is the one never closed."""
    if not what.startswith(("did not find expected", "expected <block end>", "expected ','")):
        return ""
    lines = text.split("\n")
    before = lines[line - 1][: col - 1].rstrip() if 0 < line <= len(lines) else ""
    quote = before[-1:]
    if quote not in ("'", '"'):
        return ""
    if before.count(quote) % 2 == 1:  # it closes text opened further up
        opened = next(
            (n for n in range(line - 1, 0, -1) if lines[n - 1].count(quote) % 2 == 1), None
        )
        where = f"on line {opened}" if opened is not None else "above"
        return f"the {quote} before this closes text opened {where}: that quote is probably never closed"
    if quote == "'":
        return (
            "the quoted text ends at the ' before this: write a ' inside '...' twice ('it''s'), "
            'or put the whole text in "..."'
        )
    return 'the quoted text ends at the " before this: put the whole text in quotes, and write a " inside "..." as \\"'


def _syntax_hint(what: str, opened: Any, line: int) -> str:
    """What to do about the common syntax errors (libyaml's wording, and pure PyYAML's)."""
    if what.startswith("mapping values are not allowed"):
        return (
            "a colon followed by a space inside text starts a new key: put the whole text in quotes, "
            "or check the indentation"
        )
    if what in (
        "did not find expected key",
        "did not find expected '-' indicator",
    ) or what.startswith("expected <block end>"):
        return (
            "check the indentation (the keys of one mapping start in the same column), "
            "or look above for a quote that is never closed"
        )
    for open_, close in (("{", "}"), ("[", "]")):
        if f"expected ',' or '{close}'" in what:
            missing = (
                f"the '{open_}' on line {opened.line + 1} is missing its '{close}'"
                if opened is not None and opened.line + 1 != line
                else f"a '{close}' is missing"
            )
            return f"a comma or a colon followed by a space inside {open_}...{close} splits a value: quote it; or {missing}"
    if "tab character" in what or "'\\t'" in what:
        return "indent with spaces, never tabs"
    if what.startswith("could not find expected ':'"):
        return "a line above may be a key without its ':' (write 'key: value'), or text that ran on from the line before"
    if "cannot start any token" in what:
        return "a value cannot start with @, ` or %: put it in quotes"
    return ""


def _nbsp_hint(text: str, line: int) -> str:
    """Non-breaking spaces (U+00A0, often pasted from a web page) look like spaces but
    are not indentation to YAML. Say so when a line at or just above the error starts with one."""
    if "\u00a0" not in text:
        return ""
    lines = text.split("\n")
    for number in range(min(line, len(lines)), max(line - 5, 0), -1):
        indent = lines[number - 1][
            : len(lines[number - 1]) - len(lines[number - 1].lstrip(" \t\u00a0"))
        ]
        if "\u00a0" in indent:
            return (
                f"line {number} is indented with non-breaking spaces (U+00A0), which YAML does not "
                "count as indentation: retype them as ordinary spaces"
            )
    return ""


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    return lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""


def _reader_problem(path: str, text: str, exc: yaml.YAMLError) -> Problem:
    """Errors from the character reader carry an offset rather than a mark."""
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
    else:
        line, col = 1, 1
    char = getattr(exc, "character", None)
    if isinstance(char, (str, int)):
        code = ord(char) if isinstance(char, str) else char
        return Problem(
            path, line, col, f"the file contains a control character (U+{code:04X}); remove it"
        )
    return Problem(path, line, col, f"invalid YAML: {exc}".splitlines()[0])
