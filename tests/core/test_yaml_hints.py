"""YAML syntax errors keep PyYAML's words at PyYAML's place, then say what to do for the
mistakes every author makes (the guide, src/readiness/data/authoring.md: "Every kind of error message")."""

from __future__ import annotations

import pytest
import yaml

from readiness.core import yamlsafe
from readiness.core.problems import QuizFileError
from readiness.core.yamlsafe import read_yaml

QUOTE_IT = (
    "a colon followed by a space inside text starts a new key: put the whole text in quotes, "
    "or check the indentation"
)
INDENT = (
    "check the indentation (the keys of one mapping start in the same column), "
    "or look above for a quote that is never closed"
)


def problem(text: str) -> str:
    with pytest.raises(QuizFileError) as caught:
        read_yaml(text, "q.yaml", places=False)
    (only,) = caught.value.problems
    return str(only)


def test_a_colon_in_text() -> None:
    assert problem("a: 1\ntext: Time: how much?\n") == (
        f"q.yaml:2:11: error: invalid YAML: mapping values are not allowed in this context; {QUOTE_IT}"
    )


def test_a_key_indented_out_of_line() -> None:
    assert problem("q:\n  a: 1\n b: 2\n") == (
        f"q.yaml:3:2: error: invalid YAML: did not find expected key (while parsing a block mapping); {INDENT}"
    )
    assert problem("q:\n  - a\n  b: 1\n") == (
        "q.yaml:3:3: error: invalid YAML: did not find expected '-' indicator (while parsing a block collection); "
        f"{INDENT}"
    )


def test_a_flow_mapping_left_open_names_the_line_of_its_brace() -> None:
    assert problem("a: {x: 1, y: {z: 2}\nb: 3\n") == (
        "q.yaml:2:1: error: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping); "
        "a comma or a colon followed by a space inside {...} splits a value: quote it; "
        "or the '{' on line 1 is missing its '}'"
    )
    assert problem("a: {label: An hour: or so}\n").endswith(
        "(while parsing a flow mapping); a comma or a colon followed by a space inside {...} splits a value: "
        "quote it; or a '}' is missing"
    )
    assert problem("a: [1, 2\n").endswith("or the '[' on line 1 is missing its ']'")


def test_a_quote_never_closed_points_at_the_quote() -> None:
    assert problem('a: 1\nb: "open\nc: 2\n') == (
        "q.yaml:2:4: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar); "
        'this quote is never closed: end the text with a closing "'
    )
    assert problem("a: 1\nb: 'open\n").endswith("end the text with a closing '")


def test_non_breaking_spaces_as_indentation_are_named() -> None:
    nbsp = "\u00a0"
    text = f"q:\n  type: scale\n{nbsp * 2}  text: Hello there\n  scale: x\n"
    message = problem(text)
    assert message.startswith(
        "q.yaml:4:8: error: invalid YAML: mapping values are not allowed in this context; "
    )
    assert message.endswith(
        "; line 3 is indented with non-breaking spaces (U+00A0), which YAML does not count as indentation: "
        "retype them as ordinary spaces"
    )
    # ... but a non-breaking space inside ordinary text is nobody's business
    assert "U+00A0" not in problem(f"a: Oui{nbsp}!\ntext: Time: x\n")


def test_a_tab_for_indentation() -> None:
    assert problem("q:\n  a: x\n\tb: 1\n").endswith("; indent with spaces, never tabs")


def test_the_pure_python_reader_gives_the_same_hints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    assert problem("a: 1\ntext: Time: how much?\n").endswith(QUOTE_IT)
    assert problem("q:\n  - a\n  b: 1\n").endswith(INDENT)
    assert problem("a: {x: 1\nb: 2\n").endswith("or the '{' on line 1 is missing its '}'")
    assert problem('a: "open\n').startswith("q.yaml:1:4: error: ")


def test_a_quote_that_ends_the_text_too_early() -> None:
    assert problem("a: 'it's ok'\n") == (
        "q.yaml:1:8: error: invalid YAML: did not find expected key (while parsing a block mapping); "
        "the quoted text ends at the ' before this: write a ' inside '...' twice ('it''s'), "
        'or put the whole text in "..."'
    )
    assert problem('q:\n  - {id: a, label: "Yes" please}\n').endswith(
        '; the quoted text ends at the " before this: put the whole text in quotes, and write a " inside "..." as \\"'
    )


def test_a_quote_never_closed_before_the_next_one_names_its_line() -> None:
    text = 'q:\n  text: "I would\n  scale: agree5\n  show_if: "answer.x"\n'
    assert problem(text) == (
        "q.yaml:4:13: error: invalid YAML: did not find expected key (while parsing a block mapping); "
        'the " before this closes text opened on line 2: that quote is probably never closed'
    )


def test_a_key_without_its_colon_and_a_value_that_cannot_start_a_token() -> None:
    assert problem("q:\n  a: 1\n  b\n  c: 2\n").endswith(
        "(while scanning a simple key); a line above may be a key without its ':' (write 'key: value'), "
        "or text that ran on from the line before"
    )
    assert problem("a: @x\n").endswith("; a value cannot start with @, ` or %: put it in quotes")


TABS = "; indent with spaces, never tabs"


@pytest.mark.parametrize("loader", ["libyaml", "pure"])
def test_a_tab_before_a_list_item_says_indent_with_spaces(
    monkeypatch: pytest.MonkeyPatch, loader: str
) -> None:
    if loader == "pure":
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    # After a flow mapping libyaml says "cannot start any token", not "a tab": the tab is the mistake all the same.
    after_flow = "q:\n  - id: a\n    o:\n      - {id: x}\n\n\t- id: b\n"
    message = problem(after_flow)
    assert message.startswith("q.yaml:6:1: error: invalid YAML: found ")
    assert message.endswith(TABS)
    assert "@" not in message
    assert problem("q:\n  - id: a\n\t- id: b\n").endswith(TABS)
    assert problem("q:\n  - id: a\n  -\tid: b\n").startswith("q.yaml:3:4: error: ")
    assert problem("q:\n  - id: a\n  -\tid: b\n").endswith(TABS)


def test_a_tab_before_a_list_item_exact_message() -> None:
    assert problem("q:\n  - id: a\n    o: [1]\n\t- id: b\n") == (
        "q.yaml:4:1: error: invalid YAML: found character that cannot start any token "
        "(while scanning for the next token); indent with spaces, never tabs"
    )


def test_a_value_starting_with_at_still_gets_the_quote_hint() -> None:
    assert problem("a: `x`\n").endswith("; a value cannot start with @, ` or %: put it in quotes")


@pytest.mark.parametrize("loader", ["libyaml", "pure"])
def test_a_stray_closing_brace_is_named(monkeypatch: pytest.MonkeyPatch, loader: str) -> None:
    if loader == "pure":
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    brace = "; this '}' closes nothing: remove it (each '{' takes one '}')"
    assert problem("q:\n  - {id: a, label: x}}\n  - {id: b}\n").startswith(
        "q.yaml:2:22: error: invalid YAML: "
    )
    assert problem("q:\n  - {id: a, label: x}}\n  - {id: b}\n").endswith(brace)
    assert problem("q:\n  a: 1\n  }\n  b: 2\n").endswith(brace)
    assert problem("a: {x: 1}}\n").endswith(brace)
    assert problem("q:\n  - [a, b]]\n").endswith(
        "; this ']' closes nothing: remove it (each '[' takes one ']')"
    )
    assert "indentation" not in problem("q:\n  a: 1\n  }\n  b: 2\n")


def test_a_stray_closing_brace_exact_message() -> None:
    assert problem("q:\n  a: 1\n  }\n  b: 2\n") == (
        "q.yaml:3:3: error: invalid YAML: did not find expected key (while parsing a block mapping); "
        "this '}' closes nothing: remove it (each '{' takes one '}')"
    )


def test_a_missing_closing_brace_keeps_its_own_hint() -> None:
    assert problem("a: {x: 1, y: {z: 2}\nb: 3\n").endswith(
        "or the '{' on line 1 is missing its '}'"
    )


MERGE = (
    "merge keys ('<<: *name') are not supported in quiz files: write the keys of this mapping out in full; "
    "an alias can still reuse a whole value, such as a list of options (options: *name)"
)


@pytest.mark.parametrize("loader", ["libyaml", "pure"])
def test_a_merge_key_is_refused_by_name_at_its_place(
    monkeypatch: pytest.MonkeyPatch, loader: str
) -> None:
    if loader == "pure":
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    assert problem("a: &base {x: 1}\nb:\n  <<: *base\n  y: 2\n") == f"q.yaml:3:3: error: {MERGE}"
    assert problem("a: &base {x: 1}\nb: {<<: *base, y: 2}\n") == f"q.yaml:2:5: error: {MERGE}"


def test_a_quoted_merge_key_is_an_ordinary_key_and_anchors_still_work() -> None:
    assert read_yaml("a: 1\n'<<': 2\n", "q.yaml").data == {"a": 1, "<<": 2}
    doc = read_yaml("a: &opts [{id: x}]\nb: *opts\n", "q.yaml")
    assert doc.data == {"a": [{"id": "x"}], "b": [{"id": "x"}]}
