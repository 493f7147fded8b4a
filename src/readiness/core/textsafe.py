"""The one sanitizer: any text from outside made safe for a terminal or a widget.

Text from files (saved records, quiz file names, caches, answers files) must
never drive the terminal: an escape sequence can retitle the window, write the
clipboard (OSC 52) or clear the screen, and bidi overrides or zero-width
characters can make a line read differently from what it holds. Every path
from a file to the terminal or to a Textual widget goes through `terminal_safe`
(or `json_safe` for JSON output), so the rule lives here once.

Unsafe characters are shown, not dropped, so a person or an author can see
that something odd is there:
- C0 and C1 controls, ESC and DEL as `\\x1b`, `\\x9b`, `\\x7f`;
- bidi controls, zero-width characters and line/paragraph separators as `U+202E`;
- a file name's undecodable byte (a lone surrogate from `os.fsdecode`) as `\\xe9`,
  any other lone surrogate as `U+D800`, so the text can always be encoded.
Newline and tab are kept in `multiline` text (a Markdown body), escaped otherwise.
"""

from __future__ import annotations

import codecs
import re

# Bidi embeddings, overrides and isolates, marks, zero-width space and word joiners,
# the BOM, the Mongolian vowel separator, and the Unicode line/paragraph separators.
# Not the zero-width joiner and non-joiner (U+200D, U+200C): Persian, Indic scripts and
# emoji sequences need them, and they cannot reorder text.
_INVISIBLE = "\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_LINE = f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}\ud800-\udfff]"
_MULTILINE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}\ud800-\udfff]"
_compiled: dict[str, re.Pattern[str]] = {}


def _pattern(source: str) -> re.Pattern[str]:
    """Compiled when first needed: most text never needs it (see `_plainly_safe`), and
    every command imports this module, so its start-up pays for no regex."""
    found = _compiled.get(source)
    if found is None:
        found = _compiled[source] = re.compile(source)
    return found


# The only characters up to U+00FF that are ever escaped: C0 controls, DEL and C1 controls.
_LATIN1_UNSAFE = bytes([*range(0x20), *range(0x7F, 0xA0)])
_LATIN1_UNSAFE_MULTILINE = _LATIN1_UNSAFE.replace(b"\t", b"").replace(b"\n", b"")


def _plainly_safe(text: str, multiline: bool) -> bool:
    """True when `text` certainly holds nothing to escape: every character that is
    (controls, format characters, separators, surrogates) is one Python calls not
    printable, so printable text (newlines and tabs aside, in `multiline`) is safe.

    Text of characters up to U+00FF alone (a listing of 10,000 results is 7 MB of it)
    is looked at as bytes: a byte table is several times quicker than asking each
    character whether it is printable, and in that range only the controls are escaped.
    """
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        unsafe = _LATIN1_UNSAFE_MULTILINE if multiline else _LATIN1_UNSAFE
        return len(raw.translate(None, unsafe)) == len(raw)
    if multiline and ("\n" in text or "\t" in text):
        text = text.replace("\n", "").replace("\t", "")
    return text.isprintable()


def describe(char: str) -> str:
    """What an unsafe character is, in a few words, for a message that says where it is."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"a control character (U+{code:04X})"
    if 0xD800 <= code <= 0xDFFF:
        return f"half of a character pair (U+{code:04X}), which is not text"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F, 0x061C):
        kind = "a direction control"
    elif code in (0x2028, 0x2029):
        kind = "a Unicode line separator"
    else:
        kind = "a zero-width character"
    return (
        f"{kind} (U+{code:04X}), invisible, which can make text read differently from what it holds"
    )


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0xA0:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"U+{code:04X}"


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """`text` with every character that could act on a terminal shown visibly.

    `multiline` keeps newlines and tabs (bodies, summaries); otherwise they are
    escaped too (names, titles, one-line messages).
    """
    if _plainly_safe(text, multiline):  # nearly always: nothing to look at
        return text
    return _pattern(_MULTILINE if multiline else _LINE).sub(_shown, text)


def has_unsafe(text: str, *, multiline: bool = True) -> str | None:
    """The first character `terminal_safe` would escape, or None. Quiz text and answers
    may hold none of them (core/yamlwalk.py), so a valid quiz reads as its author wrote it."""
    if _plainly_safe(text, multiline):
        return None
    match = _pattern(_MULTILINE if multiline else _LINE).search(text)
    return match.group() if match else None


_JSON_ESCAPE = f"[\x7f-\x9f{_INVISIBLE}\ud800-\udfff]"


def json_safe(encoded: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every character a
    terminal could act on written as a `\\uXXXX` escape: the same data once parsed.

    `json.dumps` already escapes C0 controls; DEL, C1 controls (U+009B opens a
    control sequence on some terminals) and invisible characters it leaves raw.
    Lone surrogates it escapes only with `ensure_ascii=True`, so they are escaped here.
    """
    if encoded.isascii() and "\x7f" not in encoded:
        return encoded
    return _pattern(_JSON_ESCAPE).sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


# --- terminals that cannot show every character ---------------------------------------------------

# What a bar, an arrow, a quote or a dash becomes where the terminal's encoding lacks it
# (`LC_ALL=C`): each stand-in, then the characters it stands in for. Never `"` or `\\`,
# so JSON text stays valid JSON.
_STAND_INS = {
    "#": "█▇▆▓▉",
    "=": "▅▄",
    "-": "▃▔─━╸╺–—−‐‑·",
    "_": "▂▁",
    ".": "░",
    ":": "▒",
    "|": "▏▎▍▌▋▊▐▕│┃",
    "+": "┌┐└┘├┤┬┴┼╭╮╰╯",
    "*": "●◉•",
    "o": "○◯",
    ">": "▶▸►",
    "v": "▼▾↓✓✔",
    "<": "◀",
    "^": "▲↑",
    "->": "→",
    "<-": "←",
    "Enter": "↵⏎",
    "'": "“”„‘’‚«»",
    "...": "…",
    "x": "×✗",
    "/": "÷",
    ">=": "≥",
    "<=": "≤",
    "!=": "≠",
    " ": "\u00a0\u202f\u2009",
}
ASCII_FALLBACK = {char: stand_in for stand_in, chars in _STAND_INS.items() for char in chars}
ASCII_ERRORS = "readiness-ascii"
"""The codec error handler (registered on import) `cli` gives stdout and stderr."""


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    """A character the stream cannot encode: its ASCII stand-in, else `\\uXXXX`."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        shown = ASCII_FALLBACK.get(char)
        if shown is None:
            code = ord(char)
            if code > 0xFFFF:  # as a JSON surrogate pair, so JSON text stays JSON
                code -= 0x10000
                shown = f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
            else:
                shown = f"\\u{code:04x}"
        out.append(shown)
    return "".join(out), error.end


codecs.register_error(ASCII_ERRORS, _ascii_fallback)
