"""Scale values vs the digits on screen (issue 18, part 2).

A 0-3 scale is shown as "1 Never ... 4 Every week", so an author may write
conditions with the digits. Every comparison of a scale answer with literals that
no value of the scale satisfies, or that every value satisfies, is a warning that
names the scale's values; a comparison that tells values apart stays silent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.core.explain import option_lines, scale_and_choice_lines
from readiness.core.expressions import ExprContext, Expression, QuestionInfo, compile_expression
from readiness.core.loader import load_quiz, load_quiz_text, quiz_warnings
from support.paths import REPO

FIXTURE = REPO / "tests" / "fixtures" / "contract.yaml"
WHEN = "    when: \"score.partner_openness >= 30 and band.own_readiness == 'high'\""
DIGITS = "conditions use the scale's values, not the digits pressed to answer"


def context(values: tuple[int | float, ...], where: str = "when") -> ExprContext:
    return ExprContext(
        dimensions={"d": ("low", "high")},
        questions={
            "q": QuestionInfo("scale", values=values),
            "c": QuestionInfo("choice", ("a", "b")),
        },
        flags=(),
        where=where,
    )


def warnings_of(source: str, values: tuple[int | float, ...] = (0, 1, 2, 3)) -> list[str]:
    expr, problems = compile_expression(source, context(values))
    assert problems == [] and expr is not None, problems
    return [w.message for w in expr.warnings]


@pytest.mark.parametrize(
    "source, message",
    [
        (
            "answer.q >= 4",
            f"no value of the scale of answer.q (values: 0, 1, 2, 3) is >= 4, so this part is never true; {DIGITS}",
        ),
        (
            "answer.q > 5",
            f"no value of the scale of answer.q (values: 0, 1, 2, 3) is > 5, so this part is never true; {DIGITS}",
        ),
        (
            "answer.q in [6, 7]",
            f"none of [6, 7] is a value of the scale of answer.q (values: 0, 1, 2, 3), so this part is never true; {DIGITS}",
        ),
        (
            "answer.q not in [6, 7]",
            f"none of [6, 7] is a value of the scale of answer.q (values: 0, 1, 2, 3), so this part is true for every answer; {DIGITS}",
        ),
        (
            "answer.q >= 0",
            f"every value of the scale of answer.q (values: 0, 1, 2, 3) is >= 0, so this part is true for every answer; {DIGITS}",
        ),
        (
            "answer.q < 9",
            f"every value of the scale of answer.q (values: 0, 1, 2, 3) is < 9, so this part is true for every answer; {DIGITS}",
        ),
        (
            "answer.q == 4",
            f"4 is not a value of the scale of answer.q (values: 0, 1, 2, 3), so this part is never true; {DIGITS}",
        ),
        (
            "answer.q != 4",
            f"4 is not a value of the scale of answer.q (values: 0, 1, 2, 3), so this part is true for every answer; {DIGITS}",
        ),
        (
            "4 <= answer.q",
            f"no value of the scale of answer.q (values: 0, 1, 2, 3) is >= 4, so this part is never true; {DIGITS}",
        ),
        (
            "answer.q in [0, 1, 2, 3]",
            f"every value of the scale of answer.q (values: 0, 1, 2, 3) is in [0, 1, 2, 3], so this part is true for every answer; {DIGITS}",
        ),
        (
            "answer.q in ['x', none]",
            f"none of ['x', none] is a value of the scale of answer.q (values: 0, 1, 2, 3), so this part is never true; {DIGITS}",
        ),
        (
            "answer.q >= -1",
            f"every value of the scale of answer.q (values: 0, 1, 2, 3) is >= -1, so this part is true for every answer; {DIGITS}",
        ),
    ],
)
def test_a_comparison_no_value_or_every_value_satisfies_is_warned(
    source: str, message: str
) -> None:
    assert warnings_of(source) == [message]


@pytest.mark.parametrize(
    "source",
    [
        "answer.q == 1",  # a real value (the second point), whatever the digit on screen
        "answer.q != 0",
        "answer.q >= 1",
        "answer.q < 3",
        "answer.q not in [3]",
        "1 <= answer.q <= 2",
        "answer.q == 1.0",
        "answer.q == none",  # unanswered
        "answer.q in [1, score.d]",  # not only literals: not judged
        "answer.q >= -1 + 5",  # not a literal: not judged
        "answer.c == 'a'",
    ],
)
def test_a_comparison_that_tells_values_apart_is_silent(source: str) -> None:
    assert warnings_of(source) == []


@pytest.mark.parametrize(
    "source, message",
    [
        (
            "answer.q in [3, 4]",
            "the 4 in [3, 4] is not a value of the scale of answer.q (values: 0, 1, 2, 3), so it "
            f"never matches: remove it, or write the value meant; {DIGITS}",
        ),
        (
            "answer.q not in [0, 9, 'x']",
            "the 9, 'x' in [0, 9, 'x'] are not values of the scale of answer.q (values: 0, 1, 2, "
            f"3), so they never match: remove them, or write the value meant; {DIGITS}",
        ),
    ],
)
def test_a_list_that_is_only_partly_off_the_scale_names_the_items_that_never_match(
    source: str, message: str
) -> None:
    assert warnings_of(source) == [message]


def test_each_side_of_a_chain_is_judged() -> None:
    assert warnings_of("0 <= answer.q <= 2") == [
        f"every value of the scale of answer.q (values: 0, 1, 2, 3) is >= 0, so this part is true for every answer; {DIGITS}"
    ]


def test_decimal_values_are_compared_as_written() -> None:
    assert warnings_of("answer.q == 0.5", (0, 0.5, 1)) == []
    assert warnings_of("answer.q > 1", (0, 0.5, 1))[0].startswith(
        "no value of the scale of answer.q (values: 0, 0.5, 1) is > 1"
    )


# -- the property: a warning iff no value, or every value, of the scale satisfies it

OPS = ["==", "!=", "<", "<=", ">", ">=", "in", "not in"]
numbers = st.integers(-3, 12) | st.sampled_from([0.5, 1.5, 2.25, -0.5])


class OneAnswer:
    """An environment where answer.q holds one value and nothing else has any."""

    def __init__(self, value: object) -> None:
        self.value = value

    def answer(self, qid: str) -> object:
        return self.value if qid == "q" else None

    def score(self, dim: str) -> int | None:
        return None

    def band(self, dim: str) -> str | None:
        return None

    def flag(self, name: str) -> bool:
        return False

    def safety(self, name: str) -> bool:
        return False


def literal(value: int | float) -> str:
    return str(value)


@st.composite
def comparisons(draw: st.DrawFn) -> tuple[tuple[int | float, ...], str]:
    values = tuple(draw(st.lists(numbers, min_size=1, max_size=6, unique=True)))
    op = draw(st.sampled_from(OPS))
    if op in ("in", "not in"):
        items = draw(st.lists(numbers | st.sampled_from(["'x'", "none", "true"]), max_size=5))
        return (
            values,
            f"answer.q {op} [{', '.join(i if isinstance(i, str) else literal(i) for i in items)}]",
        )
    number = literal(draw(numbers))
    if draw(st.booleans()):
        return values, f"{number} {op} answer.q"
    return values, f"answer.q {op} {number}"


@settings(max_examples=400, deadline=None)
@given(comparisons())
def test_a_warning_appears_iff_no_value_or_every_value_satisfies(
    case: tuple[tuple[int | float, ...], str],
) -> None:
    values, source = case
    expr, problems = compile_expression(source, context(values))
    assert problems == [] and isinstance(expr, Expression), (source, problems)
    held = [expr.holds(OneAnswer(v)) for v in values]  # what the engine itself makes of each value
    warned = [w.message for w in expr.warnings]
    if all(held) or not any(held):
        assert len(warned) == 1, (source, values, held)
        assert f"(values: {', '.join(str(v) for v in values)})" in warned[0] and DIGITS in warned[0]
        assert ("true for every answer" in warned[0]) == all(held), (source, warned)
    elif off_scale_items(source, values):  # some items match, others never can
        (message,) = warned
        off = off_scale_items(source, values)
        assert message.startswith(f"the {', '.join(off)} in ["), (source, message)
        assert "never match" in message and DIGITS in message
    else:
        assert warned == [], (source, values, held)


def off_scale_items(source: str, values: tuple[int | float, ...]) -> list[str]:
    """The items of `answer.q in [...]` that equal no value, as the engine itself judges."""
    if " in [" not in source or source.endswith("[]"):
        return []
    items = source.split("[", 1)[1].rstrip("]").split(", ")
    off = []
    for item in items:
        expr, _ = compile_expression(f"answer.q == {item}", context(values))
        assert isinstance(expr, Expression)
        if not any(expr.holds(OneAnswer(v)) for v in values):
            off.append(item)
    return off


# -- in a quiz file: validate prints it at its place, and the file stays valid


def with_when(tmp_path: Path, condition: str) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    assert WHEN in text
    path = tmp_path / "quiz.yaml"
    path.write_text(text.replace(WHEN, f'    when: "{condition}"'), encoding="utf-8")
    return path


def test_validate_warns_at_the_answer_and_still_says_ok(tmp_path: Path) -> None:
    path = with_when(tmp_path, "answer.open_to_talk >= 6 and band.own_readiness == 'high'")
    (warning,) = quiz_warnings(load_quiz(path))
    assert warning.severity == "warning" and warning.line == 97
    assert warning.message == (
        "in when: no value of the scale of answer.open_to_talk (values: 1, 2, 3, 4, 5) is >= 6, "
        f"so this part is never true; {DIGITS}"
    )
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert f"{path}:97:{warning.col}: warning: {warning.message}" in done.stderr
    assert done.stdout.strip().endswith("ok (therapy-readiness, 5 questions)")


def test_show_if_and_flags_are_judged_too(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    quiz = load_quiz_text(text.replace(WHEN, '    when: "answer.open_to_talk in [0, 6]"'), "q.yaml")
    (warning,) = quiz_warnings(quiz)
    assert warning.message.startswith(
        "in when: none of [0, 6] is a value of the scale of answer.open_to_talk"
    )


# -- explain: each option with the value a condition uses


def test_each_option_is_shown_with_its_value() -> None:
    quiz = load_quiz(FIXTURE)
    scale_q = next(q for q in quiz.questions if q.type == "scale")
    lines = option_lines(quiz, scale_q)
    values = [p.value for p in quiz.scales[scale_q.scale or ""]]
    assert lines == [
        f"{n} {p.label} (value {p.value})"
        for n, p in enumerate(quiz.scales[scale_q.scale or ""], 1)
    ]
    assert len(lines) == len(values)
    choice_q = next(q for q in quiz.questions if q.type == "choice")
    assert (
        option_lines(quiz, choice_q)[0]
        == f"1 {choice_q.options[0].label} (value '{choice_q.options[0].id}')"
    )  # type: ignore[index]
    listed = "\n".join(scale_and_choice_lines(quiz))
    assert (
        f"answer.{scale_q.id}" in listed
        and f"answer.{choice_q.id}" in listed
        and "conditions use values, not digits" in listed
    )


def test_take_explain_lists_the_options_of_the_questions_its_conditions_read(
    tmp_path: Path,
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "open_to_talk: 5\nhopeful: 1\npartner_stance: refused\nheard: [blamed]\n", encoding="utf-8"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "readiness",
            "take",
            str(FIXTURE),
            "--answers",
            str(answers),
            "--explain",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (
        "  answer.partner_stance: 1 They were open to it (value 'open'), 2 They were unsure (value 'unsure')"
        in done.stderr
    )
    assert "answer.hopeful:" not in done.stderr  # no condition reads it


def test_a_zero_based_scale_shows_digit_and_value_apart() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    quiz = load_quiz_text(text, "q.yaml")
    scale = quiz.scales[next(iter(quiz.scales))]
    shifted = [type(p)(value=p.value - 1, label=p.label) for p in scale]
    quiz.scales[next(iter(quiz.scales))] = shifted
    q = next(q for q in quiz.questions if q.type == "scale" and q.scale == next(iter(quiz.scales)))
    assert option_lines(quiz, q)[0] == f"1 {shifted[0].label} (value 0)"
