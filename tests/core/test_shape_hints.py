"""Shape problems that point at the real fix (issue 18, part 3): a comma that cut an
unquoted label inside {...}, and a misspelt key that would otherwise bring a train of
"missing" errors after it. Each message is asserted exactly, with its place."""

from __future__ import annotations

import pytest

from readiness.core.loader import load_quiz_text
from readiness.core.problems import QuizFileError
from readiness.core.starter import starter_quiz

STARTER = starter_quiz("try-it", "try-it.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(text, "q.yaml")
    return [str(p) for p in caught.value.problems]


def edited(old: str, new: str, text: str = STARTER) -> str:
    assert old in text, old
    return text.replace(old, new)


def place(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Line and column of the `nth` occurrence of `needle`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


# --- a comma inside an unquoted {...} label -----------------------------------------------------------


def test_a_comma_in_an_unquoted_label_asks_for_quotes() -> None:
    text = edited("label: The cost,", "label: Phones, screens,")
    line, col = place(text, "screens")
    assert problems(text) == [
        f"q.yaml:{line}:{col}: error: a comma inside {{...}} ends a text: 'label' got only 'Phones' and "
        "'screens' was read as a key; put the whole text in quotes (label: \"Phones, screens\")"
    ]


def test_several_words_cut_from_one_label_make_one_message() -> None:
    text = edited("label: The cost,", "label: Phones, screens, tablets,")
    line, col = place(text, "screens")
    assert problems(text) == [
        f"q.yaml:{line}:{col}: error: a comma inside {{...}} ends a text: 'label' got only 'Phones' and "
        "'screens' was read as a key; put the whole text in quotes (label: \"Phones, screens, tablets\")"
    ]


def test_a_label_cut_at_the_end_of_its_mapping_and_on_a_scale_point() -> None:
    text = edited("{value: 3, label: Not sure}", "{value: 3, label: Not sure, maybe}")
    line, col = place(text, "maybe")
    assert problems(text) == [
        f"q.yaml:{line}:{col}: error: a comma inside {{...}} ends a text: 'label' got only 'Not sure' and "
        "'maybe' was read as a key; put the whole text in quotes (label: \"Not sure, maybe\")"
    ]


def test_a_real_unknown_key_keeps_its_did_you_mean() -> None:
    text = edited("label: The cost,", "label: The cost, scroes: {readiness: 1},")
    assert any("unknown key 'scroes' (did you mean 'scores'?)" in p for p in problems(text))
    # Quoted text cannot be cut by a comma: a word after it is an ordinary unknown key.
    text = edited("label: The cost,", 'label: "Phones", screens,')
    line, col = place(text, "screens")
    assert problems(text) == [
        f"q.yaml:{line}:{col}: error: unknown key 'screens' (did you mean 'scores'?)"
    ]


# --- a misspelt key, and what it would leave missing ----------------------------------------------------


def test_a_misspelt_top_level_key_is_the_one_error() -> None:
    text = edited("questions:\n", "quesitons:\n")
    line, _ = place(text, "quesitons:")
    assert problems(text) == [
        f"q.yaml:{line}:1: error: unknown key 'quesitons' (did you mean 'questions'?); the rest of the file "
        "was checked as if it said 'questions'"
    ]


def test_the_rest_of_a_misspelt_section_is_still_checked_at_its_place() -> None:
    text = edited("questions:\n", "quesitons:\n")
    text = edited("scale: agree5", "scael: agree5", text)
    line, _ = place(text, "quesitons:")
    scael_line, scael_col = place(text, "scael")
    assert problems(text) == [
        f"q.yaml:{line}:1: error: unknown key 'quesitons' (did you mean 'questions'?); the rest of the file "
        "was checked as if it said 'questions'",
        f"q.yaml:{scael_line}:{scael_col}: error: unknown key 'scael' (did you mean 'scale'?)",
    ]
    # An expression naming a question that does not exist is still found.
    text = edited(
        "questions:\n",
        "quesitons:\n",
        edited("answer.weekly_time == 'none'\"\n", "answer.weekly_tim == 'none'\"\n"),
    )
    assert any(
        "unknown question 'weekly_tim' (did you mean 'weekly_time'?)" in p for p in problems(text)
    )


def test_an_optional_section_misspelt_brings_no_follow_on_errors() -> None:
    text = edited("flags:\n", "flasg:\n")
    line, _ = place(text, "flasg:")
    assert problems(text) == [
        f"q.yaml:{line}:1: error: unknown key 'flasg' (did you mean 'flags'?); the rest of the file "
        "was checked as if it said 'flags'"
    ]


def test_a_misspelt_key_in_an_entry_folds_the_missing_one_into_it() -> None:
    text = edited(
        "    text: What would you most like to change?",
        "    txet: What would you most like to change?",
    )
    line, col = place(text, "txet")
    assert problems(text) == [
        f"q.yaml:{line}:{col}: error: unknown key 'txet' (did you mean 'text'?); without it this entry has "
        "no 'text', which it needs"
    ]


def test_a_key_misspelt_where_the_right_one_is_there_too_stays_an_unknown_key() -> None:
    text = STARTER + "quesitons: []\n"
    line, _ = place(text, "quesitons:")
    assert problems(text) == [
        f"q.yaml:{line}:1: error: unknown key 'quesitons' (did you mean 'questions'?)"
    ]
