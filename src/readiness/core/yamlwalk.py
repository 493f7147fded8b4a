"""Turn PyYAML's event stream into plain data, noting where every value is.

The walk behind `yamlsafe.read_yaml`: no constructor is ever run, so nothing can
build an object; scalars follow YAML 1.2's core schema; a key given twice, a tag,
a merge key, deep nesting and alias bombs are refused with their place. A stack
replaces recursion, so no file can overflow it.
"""

from __future__ import annotations

import math
import re

from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from readiness.core.problems import TYPE_CHECKING, NamedTuple, Problem
from readiness.core.textsafe import describe, has_unsafe

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

MAX_DEPTH = 64
MAX_NODES = 200_000
TOO_DEEP = f"the file is nested more than {MAX_DEPTH} levels deep; flatten it"
TOO_MANY = f"the file expands to more than {MAX_NODES:,} values (too many aliases?); simplify it"

Path_ = tuple[str | int, ...]

# YAML 1.1's merge key (`<<: *name`) is not part of YAML 1.2, which quiz files follow;
# read as an ordinary key it would bring an "unknown key" and a "missing key" for every
# key it was meant to copy, so it is refused by name.
MERGE_KEY_MESSAGE = (
    "merge keys ('<<: *name') are not supported in quiz files: write the keys of this "
    "mapping out in full; an alias can still reuse a whole value, such as a list of "
    "options (options: *name)"
)

_NULLS = frozenset(("~", "null", "Null", "NULL", ""))
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# YAML 1.2 core schema patterns, each with the value it gives, as text: `re` compiles (and
# caches) each one the first time a value needs it, which most files never do (a word or a
# plain integer does not).
_PLAIN: tuple[tuple[str, Callable[[str], Any]], ...] = (
    (r"^(?:~|null|Null|NULL|)$", lambda value: None),
    (r"^[-+]?[0-9]+$", int),
    (r"^0o[0-7]+$", lambda value: int(value[2:], 8)),
    (r"^0x[0-9a-fA-F]+$", lambda value: int(value[2:], 16)),
    (r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", float),
    (r"^[-+]?\.(?:inf|Inf|INF)$", lambda value: float(value.replace(".", "", 1))),
    (r"^\.(?:nan|NaN|NAN)$", lambda value: float("nan")),
)

# A plain scalar can be null, a boolean or a number only if it starts with one of these.
_MAY_NOT_BE_TEXT = frozenset("0123456789+-.~nNtTfF")
_WORD_START = frozenset("~nNtTfF")  # past null and the booleans, these start only text
_TAG_PREFIX = "tag:yaml.org,2002:"
# The plain-data tags a scalar may carry, and the values each accepts.
_SCALAR_TAGS: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "int": int,
    "float": (int, float),
    "bool": bool,
    "null": type(None),
}

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


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    style = getattr(event, "style", None) or ""
    return Span(start.line + 1, start.column + 1, end.line + 1, style)


class Reader:
    """Turns one YAML event stream into plain data and its places, collecting problems as it goes."""

    def __init__(self, path: str, *, track: bool = True) -> None:
        self.path = path
        self.track = track  # note where every value is (else only find whether all is well)
        self.data: Any = None
        self.problems: list[Problem] = []
        self.spans: dict[Path_, Span] = {}
        self.key_spans: dict[Path_, Span] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        # Where a plain (unquoted) value ends in a '}' or ']' it never opened, such as
        # `short: Knowing what you want}`: valid YAML, but most likely a leftover of a
        # `{...}` around it, which people would see; the loader warns about each.
        self.loose_ends: list[tuple[Path_, str]] = []

    def fail(self, span: Span | None, message: str) -> None:
        if span is None:  # only when not tracking, and then the file is read again
            span = Span(1, 1, 1)
        self.problems.append(Problem(self.path, span.line, span.col, message))

    def scalar(self, event: Any, span: Span) -> Any:
        value: str = event.value
        tag = event.tag
        # Controls (C0, DEL, C1; not tab or newline) and the invisible characters that make
        # text read differently: the sanitizer's own class, so quiz text is never shown altered.
        bad = has_unsafe(value)
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
            if isinstance(resolved, _SCALAR_TAGS[kind]) and not (
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
                return int(value)  # what the integer pattern says, without the regex
        for pattern, make in _PLAIN:  # (a boolean never ends in a newline: settled above)
            if re.match(pattern, value):
                return make(value)
        return value

    def read(self, loader: Any, text: str) -> Any:
        """Build the data iteratively; a stack replaces recursion so depth cannot crash us.

        One loop over the parser's events with the common cases inlined: this is
        the hot path of `validate` (hundreds of thousands of events for a large
        catalog), so frames are lists indexed by the `_F_*` constants, spans are
        built with `tuple.__new__` and scalars skip checks that cannot fail.
        """
        stack: list[list[Any]] = []
        root: Any = None
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
                    self.fail(span, TOO_MANY)
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
                if not style and type(value) is str and value and value[-1] in "}]" and stack:
                    self.note_loose_end(stack[-1], value)
                if not stack:
                    root = value
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
                if event.tag not in (None, "!", _TAG_PREFIX + ("map" if is_map else "seq")):
                    self.fail(span, _tag_message(event.tag))
                if len(stack) >= MAX_DEPTH:
                    self.fail(span, TOO_DEEP)
                    break
                nodes += 1
                if nodes > MAX_NODES:
                    self.fail(span, TOO_MANY)
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
                    root = top[_F_VALUE]
                    if track:
                        spans[()] = top[_F_SPAN]
            elif cls is AliasEvent:
                span = _span(event)
                if event.anchor not in anchors:
                    self.fail(
                        span, f"the alias '*{event.anchor}' names no anchor defined before it"
                    )
                    value, size = None, 1
                else:
                    value, size = anchors[event.anchor]
                    nodes += size
                    if nodes > MAX_NODES:
                        self.fail(span, TOO_MANY)
                        break
                if not stack:
                    root = value
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
        return root

    def note_loose_end(self, top: list[Any], value: str) -> None:
        """Note the place of a plain value ending in a closer with no opener in it (a key is
        not a value: a wrong key is an error of its own)."""
        closer = value[-1]
        if value.count(closer) <= value.count("{" if closer == "}" else "["):
            return
        if not top[_F_IS_MAP]:
            self.loose_ends.append(((*top[_F_PATH], len(top[_F_VALUE])), value))
        elif top[_F_KEY] is not _NO_KEY and top[_F_KEY] is not _BAD_KEY:
            self.loose_ends.append(((*top[_F_PATH], top[_F_KEY]), value))

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
        # Only a plain `<<` comes here; a quoted '<<' is an ordinary (unknown) key.
        if value == "<<" or isinstance(value, (dict, list)):
            self.fail(
                key_span,
                MERGE_KEY_MESSAGE
                if value == "<<"
                else "a mapping key must be a plain name, not a list or mapping",
            )
            top[_F_KEY], top[_F_KEY_SPAN] = _BAD_KEY, key_span
            return
        if value is None:
            value = ""
        elif isinstance(value, bool):
            value = "true" if value else "false"
        top[_F_KEY], top[_F_KEY_SPAN] = str(value), key_span


_NO_KEY = object()  # a mapping waiting for its next key
_BAD_KEY = object()  # a key refused: its value is read and dropped


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag
    return f"the YAML tag '{shown}' is not allowed: quiz files hold only text, numbers, lists and mappings"
