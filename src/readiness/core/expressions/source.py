"""An expression's text: the names and limits of the language, parsing, places, depth.

Quiz files are written by hand and may come from anyone, so an expression is
parsed with Python's own parser (as a tree, never as code) and every later step
reports a problem at a character offset of the text the author wrote.
"""

from __future__ import annotations

import _ast as ast  # the node classes are all we use; `ast` itself (~3 ms) adds helpers and an unparser
import re
from collections.abc import Collection, Iterator, Mapping, Sequence

from readiness.core.problems import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from readiness.core.problems import NamedTuple  # without importing `typing`

NAMESPACES: tuple[str, ...] = ("score", "band", "answer", "flag", "safety")
SAFETY_NAMES: tuple[str, ...] = ("concern", "crisis", "unsure")
FUNCTIONS: tuple[str, ...] = ("count", "min", "max")
MAX_SOURCE_CHARS = 2000
MAX_DEPTH = 50
MAX_LIST_ITEMS = 1000
# Scores run 0-100; a literal far beyond that is a typo, and refusing it keeps
# exact arithmetic on huge numbers out of reach.
MAX_LITERAL = 10**18

_LITERAL_NAMES: dict[str, object] = {"true": True, "false": False, "none": None}


# Named tuples, not dataclasses: immutable all the same, and `validate` does not
# pay for importing `dataclasses` (and the `inspect` it pulls in).


class ExprProblem(NamedTuple):
    """One fault in an expression, worded for the person who wrote it."""

    offset: int | None  # 0-based character offset into the source; None when unknown
    message: str


class QuestionInfo(NamedTuple):
    """What the checker needs to know about a question to check `answer.Q`."""

    type: str  # "scale" | "choice" | "multi" | "text"
    option_ids: tuple[str, ...] = ()  # empty for scale and text
    available: bool = True  # False when this context may not name it (show_if: later question)
    values: tuple[int | float, ...] = ()  # a scale question's values; empty for the others


class ExprContext(NamedTuple):
    """What names an expression may use."""

    dimensions: Mapping[str, Sequence[str]]  # dimension id -> its band ids
    questions: Mapping[str, QuestionInfo]  # question id -> info
    flags: Collection[str]  # flag names
    allow: frozenset[str] = frozenset(NAMESPACES)
    where: str = "expression"  # used in messages, e.g. "show_if"


_NEWLINE = re.compile(r"\r\n|\r|\n")


class _Offsets:
    """Map ast's (line, UTF-8 byte column) positions to 0-based character offsets."""

    def __init__(self, source: str, shift: int = 0) -> None:
        self.source = source
        self.shift = shift  # characters stripped from the front before parsing
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        self.ascii = source.isascii()  # then a byte column is a character column

    def _line(self, lineno: int) -> tuple[int, str]:
        index = min(max(lineno, 1), len(self.starts)) - 1
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.source)
        return start, self.source[start:end]

    def from_bytes(self, lineno: int | None, col: int | None) -> int | None:
        if lineno is None or col is None:
            return None
        start, text = self._line(lineno)
        if self.ascii and col >= 0:
            return self.shift + start + min(col, len(text))
        chars = len(text.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        return self.shift + start + chars

    def from_chars(self, lineno: int | None, col: int | None) -> int | None:
        """For SyntaxError, whose offset is 1-based and already in characters."""
        if lineno is None or col is None:
            return None
        start, text = self._line(lineno)
        return self.shift + start + min(max(col - 1, 0), len(text))

    def node(self, node: ast.AST) -> int | None:
        return self.from_bytes(getattr(node, "lineno", None), getattr(node, "col_offset", None))

    def node_end(self, node: ast.AST) -> int | None:
        return self.from_bytes(
            getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
        )

    def segment(self, node: ast.AST) -> str:
        """The source text of node: what `ast.get_source_segment` gives (or ''), without
        splitting the source into lines again, character by character, for every node."""
        start, end = self.node(node), self.node_end(node)
        if start is None or end is None:
            return ""
        return self.source[start - self.shift : end - self.shift]


def _syntax_problem(text: str, offsets: _Offsets, exc: SyntaxError) -> ExprProblem:
    message = f"syntax error: {exc.msg}" if exc.msg else "syntax error"
    for wrong, right in (("&&", "and"), ("||", "or"), ("===", "==")):
        if wrong in text:
            message += f" (use '{right}' instead of '{wrong}')"
            break
    else:
        if "\n" in text.rstrip() or "\r" in text.rstrip():
            message += " (an expression over several lines needs ( ) around it)"
    offset = offsets.from_chars(exc.lineno, exc.offset)
    if exc.lineno is not None and (exc.offset is None or exc.offset < 1):
        offset = offsets.shift + len(text)  # Python reports 0 when the text ended too early
    return ExprProblem(offset, message)


def _parse_eval(text: str) -> ast.Expression:
    """`ast.parse(text, mode="eval")` exactly: the same call, the same tree, the same errors."""
    tree = compile(text, "<unknown>", "eval", ast.PyCF_ONLY_AST, _feature_version=-1)
    assert isinstance(tree, ast.Expression)  # what mode "eval" always gives
    return tree


def _iter_child_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """`ast.iter_child_nodes`, as the standard library writes it."""
    for name in node._fields:
        field = getattr(node, name, None)
        if isinstance(field, ast.AST):
            yield field
        elif isinstance(field, list):
            for item in field:
                if isinstance(item, ast.AST):
                    yield item


def _namespace_member(node: ast.AST) -> tuple[str, str] | None:
    """(namespace, member) when node is exactly `ns.member` with a known namespace."""
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in NAMESPACES
    ):
        return node.value.id, node.attr
    return None


def _references(node: ast.AST) -> tuple[tuple[str, str], ...]:
    """Names used under node, in source order, each once."""
    seen: dict[tuple[str, str], None] = {}

    def walk(n: ast.AST) -> None:
        pair = _namespace_member(n)
        if pair is not None:
            seen.setdefault(pair, None)
            return
        for child in _iter_child_nodes(n):
            walk(child)

    walk(node)
    return tuple(seen)


_PUNCTUATION = re.compile(r"[^\w\s]")
_KEYWORDS = re.compile(r"and|or|not|in|is|if|else|lambda|for|await|yield|async")


def _surely_shallow(text: str) -> bool:
    """True when no node of `text` can be nested deeper than MAX_DEPTH, so the walk
    of `_too_deep` can be skipped (it costs more than the rest of the checks).

    Each level of nesting has syntax of its own outside the level below it: an
    operator, bracket, dot, comma, quote or keyword, at a place no other level
    uses. So the depth is at most the number of punctuation characters plus
    keyword-like words, plus one for the innermost value and one for the
    f-string with no braces whose text may share its position; f-strings with
    braces are always walked. Counting more than there are only walks more often.
    """
    if "{" in text:
        return False
    budget = MAX_DEPTH - 2
    punctuation = len(_PUNCTUATION.findall(text))
    return punctuation <= budget and punctuation + len(_KEYWORDS.findall(text)) <= budget


def _too_deep(tree: ast.AST) -> ast.AST | None:
    """The first node nested deeper than MAX_DEPTH, found without recursion.

    The children are visited as `ast.iter_child_nodes` yields them, but read from
    `_fields` directly: this runs for every expression of every file `validate` checks.
    """
    AST, expr = ast.AST, ast.expr
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > MAX_DEPTH:
            return node
        for name in node._fields:
            field = getattr(node, name, None)
            if isinstance(field, AST):
                push((field, depth + 1 if isinstance(field, expr) else depth))
            elif isinstance(field, list):
                for item in field:
                    if isinstance(item, AST):
                        push((item, depth + 1 if isinstance(item, expr) else depth))
    return None
