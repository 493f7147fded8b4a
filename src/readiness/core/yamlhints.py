"""What to tell an author whose quiz file is not valid YAML.

PyYAML's own words at its place, then, for the mistakes every author makes (a
colon inside text, a tab or a non-breaking space in the indentation, a quote
closed too early or never), what to do about them. Imported only when a file
fails to parse.
"""

from __future__ import annotations

from readiness.core.problems import TYPE_CHECKING, Problem
from readiness.core.yamlwalk import TOO_DEEP

if TYPE_CHECKING:
    from typing import Any

    import yaml


def syntax_problem(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """PyYAML's own words, at its place, and then what to do for the mistakes every
    author makes (a colon in text, an indent out of line, a quote never closed)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "invalid YAML"
    if "nesting depth" in what:  # libyaml 0.2.6+ and PyYAML 6.0.4+ stop deep flows while scanning
        return Problem(path, line, col, TOO_DEEP)
    context = f" ({exc.context})" if exc.context else ""
    message = f"invalid YAML: {what}{context}"
    opened = exc.context_mark
    if "end of stream" in what and "quoted scalar" in (exc.context or "") and opened is not None:
        # The reader gave up at the end of the file: the place worth showing is the quote.
        line, col = opened.line + 1, opened.column + 1
        quote = _line(text, line)[col - 1 : col]
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
    row = _line(text, line)
    char, indent = row[col - 1 : col], row[: col - 1]
    if char == "\t" or (char and "\t" in indent and not indent.strip(" \t-")):
        return "indent with spaces, never tabs"
    if char in ("}", "]") and "expected ','" not in what:
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
        row = lines[number - 1]
        if "\u00a0" in row[: len(row) - len(row.lstrip(" \t\u00a0"))]:
            return (
                f"line {number} is indented with non-breaking spaces (U+00A0), which YAML does not "
                "count as indentation: retype them as ordinary spaces"
            )
    return ""


def _line(text: str, number: int) -> str:
    """Line `number` (from 1) of `text`, or '' past its end."""
    lines = text.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


def reader_problem(path: str, text: str, exc: yaml.YAMLError) -> Problem:
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
