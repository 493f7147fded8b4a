"""The one sanitizer: nothing from a file can act on the terminal."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from readiness.core.textsafe import has_unsafe, json_safe, terminal_safe

DANGEROUS = (
    [chr(c) for c in range(0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [
        "\u202e",
        "\u202a",
        "\u2066",
        "\u2069",
        "\u200b",
        "\u200e",
        "\ufeff",
        "\u2028",
        "\u061c",
        "\u2060",
    ]
)


def test_escape_sequences_are_shown_not_sent() -> None:
    assert terminal_safe("a\x1b]0;owned\x07b") == "a\\x1b]0;owned\\x07b"
    assert terminal_safe("\x9b2J") == "\\x9b2J"
    assert terminal_safe("evil\u202etxt.yaml") == "evilU+202Etxt.yaml"
    assert terminal_safe("caf\udce9.yaml") == "caf\\xe9.yaml"


def test_newlines_kept_only_in_multiline_text() -> None:
    assert terminal_safe("a\nb\tc") == "a\\x0ab\\x09c"
    assert terminal_safe("a\nb\tc\x1b", multiline=True) == "a\nb\tc\\x1b"


def test_other_alphabets_untouched() -> None:
    # the zero-width joiner and non-joiner are part of emoji sequences and of Persian words
    for text in [
        "Beziehung – Ängste",
        "関係",
        "علاقة",
        "emoji 🙂",
        "👨\u200d👩\u200d👧",
        "می\u200cخواهم",
    ]:
        assert terminal_safe(text) == text


@given(st.text())
def test_nothing_dangerous_survives(text: str) -> None:
    out = terminal_safe(text, multiline=True)
    assert not any(ch in out for ch in DANGEROUS if ch not in "\n\t")
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in out)
    out.encode("utf-8")  # always encodable


@given(st.text())
def test_json_safe_is_the_same_data(text: str) -> None:
    encoded = json_safe(json.dumps({"t": text}, ensure_ascii=False))
    assert not any(ch in encoded for ch in DANGEROUS)
    if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        assert json.loads(encoded) == {"t": text}


@given(st.text() | st.text(st.characters(max_codepoint=0xFF)), st.booleans())
def test_the_quick_look_agrees_with_the_full_one(text: str, multiline: bool) -> None:
    """Most text skips the regex (it is printable); whatever skips it must be what the regex
    passes. Text up to U+00FF alone takes the byte-table look, so it is drawn on its own too."""
    import re

    from readiness.core import textsafe

    source = textsafe._MULTILINE if multiline else textsafe._LINE
    needs_escaping = re.search(source, text) is not None
    assert (terminal_safe(text, multiline=multiline) != text) == needs_escaping
    assert (has_unsafe(text, multiline=multiline) is not None) == needs_escaping


def test_quiz_text_refusal_names_the_kind_of_character() -> None:
    from readiness.core.textsafe import describe

    assert describe("\x1b") == "a control character (U+001B)"
    assert describe("\u202e").startswith("a direction control (U+202E), invisible")
    assert describe("\u200b").startswith("a zero-width character (U+200B)")
    assert describe("\u2028").startswith("a Unicode line separator (U+2028)")


def test_ascii_stand_ins_are_ascii_and_keep_json_valid() -> None:
    from readiness.core.textsafe import ASCII_ERRORS, ASCII_FALLBACK

    for char, shown in ASCII_FALLBACK.items():
        assert shown.isascii() and shown and '"' not in shown and "\\" not in shown, char
    sample = json.dumps({"t": "“bar” █░ → ▐●▌ – … 🙂 é"}, ensure_ascii=False)
    as_ascii = sample.encode("ascii", ASCII_ERRORS).decode("ascii")
    assert json.loads(as_ascii) == {"t": "'bar' #. -> |*| - ... 🙂 é"}
