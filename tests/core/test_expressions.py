"""The expression language: what it accepts, what it refuses, and what it computes."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import pytest

from readiness.core import expressions
from readiness.core.expressions import (
    MAX_DEPTH,
    ExprContext,
    Expression,
    ExpressionError,
    ExprProblem,
    QuestionInfo,
    compile_expression,
    is_truthy,
)

CTX = ExprContext(
    dimensions={
        "own_readiness": ("low", "mid", "high"),
        "partner_openness": ("low", "high"),
        "stigma": ("low", "high"),
    },
    questions={
        "open_to_talk": QuestionInfo("scale"),
        "partner_stance": QuestionInfo("choice", ("open", "unsure", "refused", "not_yet")),
        "heard": QuestionInfo("multi", ("broken", "blamed")),
        "hope": QuestionInfo("text"),
        "later_q": QuestionInfo("scale", (), available=False),
    },
    flags=("leaning_out", "stuck"),
)
SHOW_IF = ExprContext(
    dimensions=CTX.dimensions,
    questions=CTX.questions,
    flags=CTX.flags,
    allow=frozenset({"answer"}),
    where="show_if",
)


@dataclass
class FakeEnv:
    """A plain Env over dicts; unknown names read as none / false."""

    scores: dict[str, int | None] = field(default_factory=dict)
    bands: dict[str, str | None] = field(default_factory=dict)
    answers: dict[str, object] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    safeties: dict[str, bool] = field(default_factory=dict)

    def score(self, dim: str) -> int | None:
        return self.scores.get(dim)

    def band(self, dim: str) -> str | None:
        return self.bands.get(dim)

    def answer(self, qid: str) -> object:
        return self.answers.get(qid)

    def flag(self, name: str) -> bool:
        return self.flags.get(name, False)

    def safety(self, name: str) -> bool:
        return self.safeties.get(name, False)


ENV = FakeEnv(
    scores={"own_readiness": 82, "partner_openness": 30, "stigma": None},
    bands={"own_readiness": "high", "partner_openness": "low", "stigma": None},
    answers={
        "open_to_talk": 4,
        "partner_stance": "refused",
        "heard": ["blamed"],
        "hope": "to be heard",
    },
    flags={"leaning_out": True, "stuck": False},
    safeties={"concern": True, "crisis": False},
)


def compiled(source: str, ctx: ExprContext = CTX) -> Expression:
    expr, problems = compile_expression(source, ctx)
    assert problems == [], problems
    assert expr is not None
    return expr


def value(source: str, env: FakeEnv = ENV) -> object:
    return compiled(source).evaluate(env)


def problems_of(source: str, ctx: ExprContext = CTX) -> list[ExprProblem]:
    expr, problems = compile_expression(source, ctx)
    assert expr is None
    assert problems, "expected at least one problem"
    return problems


def only_problem(source: str, ctx: ExprContext = CTX) -> ExprProblem:
    problems = problems_of(source, ctx)
    assert len(problems) == 1, problems
    return problems[0]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("score.own_readiness", 82),
        ("score.stigma", None),
        ("band.own_readiness", "high"),
        ("band.stigma", None),
        ("answer.partner_stance", "refused"),
        ("answer.heard", ["blamed"]),
        ("answer.open_to_talk", 4),
        ("answer.hope", "to be heard"),
        ("flag.leaning_out", True),
        ("flag.stuck", False),
        ("safety.concern", True),
        ("safety.crisis", False),
    ],
)
def test_names_read_from_the_env(source: str, expected: object) -> None:
    assert value(source) == expected


def test_unanswered_question_is_none() -> None:
    assert value("answer.partner_stance", FakeEnv()) is None


def test_env_floats_and_decimals_are_exact() -> None:
    env = FakeEnv(answers={"open_to_talk": 2.5})
    assert value("answer.open_to_talk == 2.5", env) is True
    env = FakeEnv(answers={"open_to_talk": 0.1})
    assert value("answer.open_to_talk + 0.2 == 0.3", env) is True


def test_non_finite_env_float_reads_as_none() -> None:
    assert value("answer.open_to_talk", FakeEnv(answers={"open_to_talk": float("nan")})) is None


def test_returned_lists_are_copies() -> None:
    expr = compiled("['a', 'b']")
    first = expr.evaluate(ENV)
    assert isinstance(first, list)
    first.append("c")
    assert expr.evaluate(ENV) == ["a", "b"]


# --------------------------------------------------------------------------- literals


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("3", 3),
        ("-3", -3),
        ("2.5", Fraction(5, 2)),
        ("1.0", 1),
        ("1_000", 1000),
        ("1e3", 1000),
        ("'text'", "text"),
        ('"text"', "text"),
        ("[1, 'a', none]", [1, "a", None]),
        ("[]", []),
        ("true", True),
        ("false", False),
        ("none", None),
        ("True", True),
        ("False", False),
        ("None", None),
    ],
)
def test_literals(source: str, expected: object) -> None:
    result = value(source)
    assert result == expected
    assert type(result) is type(expected)


def test_decimal_arithmetic_is_exact() -> None:
    assert value("0.1 + 0.2 == 0.3") is True
    assert value("1 / 3 * 3 == 1") is True


# --------------------------------------------------------------------------- logic


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("true and true", True),
        ("true and false", False),
        ("false or true", True),
        ("false or none", False),
        ("1 and 'x'", True),
        ("0 or ''", False),
        ("not none", True),
        ("not 0", True),
        ("not []", True),
        ("not 'x'", False),
        ("flag.leaning_out and not flag.stuck", True),
    ],
)
def test_and_or_not_give_booleans(source: str, expected: bool) -> None:
    result = value(source)
    assert result is expected


def test_and_or_short_circuit() -> None:
    calls: list[str] = []

    class CountingEnv(FakeEnv):
        def flag(self, name: str) -> bool:
            calls.append(name)
            return name == "leaning_out"

    env = CountingEnv()
    assert value("flag.stuck and flag.leaning_out", env) is False
    assert calls == ["stuck"]
    calls.clear()
    assert value("flag.leaning_out or flag.stuck", env) is True
    assert calls == ["leaning_out"]


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (None, False),
        (False, False),
        (True, True),
        (0, False),
        (2, True),
        (Fraction(0), False),
        (Fraction(1, 2), True),
        ("", False),
        ("x", True),
        ([], False),
        ([None], True),
    ],
)
def test_is_truthy(obj: object, expected: bool) -> None:
    assert is_truthy(obj) is expected


def test_is_truthy_survives_odd_objects() -> None:
    class Weird:
        def __bool__(self) -> bool:
            raise RuntimeError("no")

    assert is_truthy(Weird()) is False


# --------------------------------------------------------------------------- comparisons


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("score.own_readiness >= 30", True),
        ("score.own_readiness < 30", False),
        ("1 < 2 < 3", True),
        ("1 < 3 < 2", False),
        ("3 > 2 >= 2 == 2 != 1", True),
        ("'a' < 'b'", True),
        ("1 == 1.0", True),
        ("'1' == 1", False),
        ("true == 1", False),
        ("true == true", True),
        ("[1, 2] == [1, 2]", True),
        ("[1, 2] == [2, 1]", False),
        ("answer.heard == ['blamed']", True),
    ],
)
def test_comparisons(source: str, expected: bool) -> None:
    assert value(source) is expected


def test_chain_evaluates_each_operand_once() -> None:
    calls: list[str] = []

    class CountingEnv(FakeEnv):
        def score(self, dim: str) -> int | None:
            calls.append(dim)
            return 50

    assert value("10 < score.stigma < 90", CountingEnv()) is True
    assert calls == ["stigma"]


def test_chain_stops_at_first_false_link() -> None:
    calls: list[str] = []

    class CountingEnv(FakeEnv):
        def score(self, dim: str) -> int | None:
            calls.append(dim)
            return 50

    assert value("1 > 2 < score.stigma", CountingEnv()) is False
    assert calls == []


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_ordering_with_none_is_false_either_side(op: str) -> None:
    assert value(f"score.stigma {op} 10") is False
    assert value(f"10 {op} score.stigma") is False
    assert value(f"none {op} none") is False


def test_equality_with_none_compares_normally() -> None:
    assert value("score.stigma == none") is True
    assert value("score.stigma != none") is False
    assert value("score.own_readiness == none") is False
    assert value("score.own_readiness != none") is True
    assert value("band.stigma == 'low'") is False


@pytest.mark.parametrize(
    "source",
    ["'a' < 1", "1 >= 'a'", "[1] < [2]", "true < 2", "answer.heard > 1", "'b' > none"],
)
def test_ordering_incompatible_types_is_false(source: str) -> None:
    assert value(source) is False


# --------------------------------------------------------------------------- in / not in


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("answer.partner_stance in ['refused', 'not_yet']", True),
        ("answer.partner_stance in ['open']", False),
        ("answer.partner_stance not in ['open']", True),
        ("'blamed' in answer.heard", True),
        ("'broken' in answer.heard", False),
        ("'broken' not in answer.heard", True),
        ("2 in [1, 2, 3]", True),
        ("2.0 in [1, 2]", True),
        ("true in [1]", False),
        ("'heard' in answer.hope", True),
        ("1 in 'abc'", False),
        ("'x' in none", False),
        ("'x' in score.stigma", False),
        ("'x' not in none", True),
        ("none in [none]", True),
        ("1 in 1", False),
        ("score.own_readiness in [80, 82]", True),
        ("band.own_readiness in ['mid', 'high']", True),
    ],
)
def test_membership(source: str, expected: bool) -> None:
    assert value(source) is expected


def test_membership_of_unanswered_question() -> None:
    assert value("answer.partner_stance in ['open']", FakeEnv()) is False
    assert value("'blamed' in answer.heard", FakeEnv()) is False
    assert value("'blamed' not in answer.heard", FakeEnv()) is True


# --------------------------------------------------------------------------- arithmetic


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2", 3),
        ("5 - 7", -2),
        ("3 * 4", 12),
        ("6 / 3", 2),
        ("1 / 4", Fraction(1, 4)),
        ("-score.own_readiness", -82),
        ("--2", 2),
        ("(score.own_readiness + score.partner_openness) / 2", 56),
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
    ],
)
def test_arithmetic(source: str, expected: object) -> None:
    result = value(source)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    "source",
    [
        "score.stigma + 1",
        "1 - score.stigma",
        "score.stigma * 2",
        "score.stigma / 2",
        "-score.stigma",
        "1 / 0",
        "1 / (2 - 2)",
        "score.own_readiness / 0.0",
        "'a' + 'b'",
        "[1] * 3",
        "'ab' * 1000",
        "true + 1",
        "-'x'",
        "-true",
    ],
)
def test_arithmetic_gives_none_for_none_zero_division_and_non_numbers(source: str) -> None:
    assert value(source) is None


def test_none_from_arithmetic_then_compared() -> None:
    assert value("1 / 0 > 0") is False
    assert value("1 / 0 == none") is True


# --------------------------------------------------------------------------- functions


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("count(answer.heard)", 1),
        ("count([])", 0),
        ("count([1, 2, 3])", 3),
        ("count(none)", 0),
        ("count(score.stigma)", 0),
        ("count(answer.hope)", None),
        ("min(3, 1, 2)", 1),
        ("max(3, 1, 2)", 3),
        ("min(5)", 5),
        ("max(none, 3, score.stigma)", 3),
        ("min(none, 3, -1)", -1),
        ("min(none)", None),
        ("max(none, score.stigma)", None),
        ("min(0.5, 1)", Fraction(1, 2)),
        ("max([1, 4, 2])", 4),
        ("max('a', 1)", None),
        ("max(score.own_readiness, score.partner_openness)", 82),
    ],
)
def test_functions(source: str, expected: object) -> None:
    result = value(source)
    assert result == expected
    assert type(result) is type(expected)


def test_count_of_unanswered_multi_is_zero() -> None:
    assert value("count(answer.heard)", FakeEnv()) == 0
    assert value("count(answer.heard) == 0", FakeEnv(answers={"heard": []})) is True


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("count()", "count() takes exactly one argument"),
        ("count(1, 2)", "count() takes exactly one argument"),
        ("min()", "min() needs at least one argument"),
        ("max()", "max() needs at least one argument"),
        ("max(x=1)", "takes no named arguments"),
        ("min(*[1, 2])", "'*' is not allowed"),
        ("len([1])", "unknown function 'len'"),
        ("count", "count is a function"),
        ("min.x", "min is a function"),
        ("score.x(1)", "only count(), min() and max() can be called"),
        ("(answer.heard)(1)", "can be called"),
    ],
)
def test_function_misuse(source: str, fragment: str) -> None:
    messages = [p.message for p in problems_of(source)]
    assert any(fragment in m for m in messages), messages


# --------------------------------------------------------------------------- unknown names


def test_unknown_dimension_with_suggestion() -> None:
    problem = only_problem("score.own_readines >= 30")
    assert problem.message == "unknown dimension 'own_readines' (did you mean 'own_readiness'?)"
    assert problem.offset == len("score.")


def test_unknown_dimension_without_suggestion_lists_the_known_ones() -> None:
    problem = only_problem("band.zzz == 'high'")
    assert "unknown dimension 'zzz'" in problem.message
    assert "own_readiness" in problem.message


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("answer.partner_stanse == 'open'", "unknown question 'partner_stanse'"),
        ("answer.partner_stanse == 'open'", "did you mean 'partner_stance'?"),
        ("flag.leaning_ot", "unknown flag 'leaning_ot' (did you mean 'leaning_out'?)"),
        ("band.stigm == 'low'", "did you mean 'stigma'?"),
        ("safety.crisiss", "unknown safety name 'crisiss' (did you mean 'crisis'?)"),
        ("safety.worry", "use safety.concern, safety.crisis or safety.unsure"),
    ],
)
def test_unknown_members(source: str, fragment: str) -> None:
    messages = [p.message for p in problems_of(source)]
    assert any(fragment in m for m in messages), messages


def test_no_flags_in_quiz() -> None:
    ctx = ExprContext(dimensions={}, questions={}, flags=())
    assert "this quiz has no flags" in only_problem("flag.x", ctx).message


@pytest.mark.parametrize("name", ["x", "own_readiness", "foo", "TRUE"])
def test_bare_unknown_name(name: str) -> None:
    problem = only_problem(f"{name} == 1")
    assert problem.message == (
        f"unknown name '{name}'; use score.X, band.X, answer.X, flag.X or safety.X"
    )
    assert problem.offset == 0


def test_unknown_namespace() -> None:
    problem = only_problem("scores.own_readiness > 1")
    assert "unknown name 'scores'" in problem.message


def test_bare_namespace_needs_a_member() -> None:
    assert "score.DIMENSION" in only_problem("score > 1").message


# --------------------------------------------------------------------------- option and band ids


@pytest.mark.parametrize(
    "source",
    [
        "answer.partner_stance == 'maybe'",
        "'maybe' == answer.partner_stance",
        "answer.partner_stance != 'maybe'",
        "answer.partner_stance in ['open', 'maybe']",
        "answer.partner_stance not in ['maybe']",
    ],
)
def test_string_that_is_not_an_option_of_a_choice(source: str) -> None:
    problem = only_problem(source)
    assert problem.message == (
        "'maybe' is not an option of 'partner_stance' (options: open, unsure, refused, not_yet)"
    )
    assert problem.offset == source.index("'maybe'")


def test_option_did_you_mean() -> None:
    problem = only_problem("answer.partner_stance == 'refuse'")
    assert "did you mean 'refused'?" in problem.message
    assert "'refuse' is not an option of 'partner_stance'" in problem.message


@pytest.mark.parametrize(
    "source",
    [
        "'blamd' in answer.heard",
        "'blamd' not in answer.heard",
        "answer.heard == 'blamd'",
        "answer.heard in ['blamd']",
    ],
)
def test_string_that_is_not_an_option_of_a_multi(source: str) -> None:
    problem = only_problem(source)
    assert "'blamd' is not an option of 'heard'" in problem.message
    assert "did you mean 'blamed'?" in problem.message


def test_valid_options_pass() -> None:
    compiled("answer.partner_stance in ['open', 'unsure'] and 'broken' not in answer.heard")


def test_strings_against_scale_and_text_answers_are_not_checked() -> None:
    compiled("answer.hope == 'anything'")
    compiled("'word' in answer.hope")
    compiled("answer.open_to_talk == 'x'")


@pytest.mark.parametrize(
    "source",
    ["band.own_readiness == 'hi'", "'hi' != band.own_readiness", "band.own_readiness in ['hi']"],
)
def test_string_that_is_not_a_band(source: str) -> None:
    problem = only_problem(source)
    assert problem.message == (
        "'hi' is not a band of 'own_readiness' (did you mean 'high'? bands: low, mid, high)"
    )
    assert problem.offset == source.index("'hi'")


def test_every_bad_id_in_a_chain_is_reported() -> None:
    problems = problems_of("'x' == answer.partner_stance == 'y'")
    assert [p.offset for p in problems] == [0, len("'x' == answer.partner_stance == ")]


# --------------------------------------------------------------------------- show_if


def test_show_if_may_only_use_answers() -> None:
    for source in (
        "score.own_readiness > 1",
        "band.stigma == 'low'",
        "flag.stuck",
        "safety.crisis",
    ):
        problem = only_problem(source, SHOW_IF)
        assert problem.message == "show_if may only use answer.QUESTION"
        assert problem.offset == 0


def test_show_if_accepts_earlier_answers() -> None:
    expr = compiled("answer.partner_stance != 'not_yet'", SHOW_IF)
    assert expr.evaluate(ENV) is True


def test_show_if_refuses_later_questions() -> None:
    problem = only_problem("answer.later_q > 2", SHOW_IF)
    assert problem.message == (
        "show_if may only name questions earlier in the file; 'later_q' comes later"
    )
    assert problem.offset == len("answer.")


def test_show_if_unknown_bare_name_hint_lists_only_answer() -> None:
    assert only_problem("x", SHOW_IF).message == "unknown name 'x'; use answer.X"


# --------------------------------------------------------------------------- every problem, with offsets


def test_fault_offset_points_at_the_member() -> None:
    source = "score.own_readiness >= 30 and band.x == 'y'"
    problem = only_problem(source)
    assert problem.offset == source.index("x ==")
    assert problem.message.startswith("unknown dimension 'x'")


def test_all_problems_are_reported_in_source_order() -> None:
    source = "score.nope > 1 and foo and answer.partner_stance == 'maybe' or len(1)"
    problems = problems_of(source)
    assert [p.offset for p in problems] == [
        source.index("nope"),
        source.index("foo"),
        source.index("'maybe'"),
        source.index("len"),
    ]


def test_offsets_are_characters_not_bytes() -> None:
    source = "'é✓' == answer.hope and band.x == 'y'"
    problem = only_problem(source)
    assert problem.offset == source.index("x ==")


def test_offsets_on_later_lines() -> None:
    source = "(score.own_readiness > 1 and\n  band.x == 'y')"
    assert only_problem(source).offset == source.index("x ==")


def test_syntax_error_offset() -> None:
    source = "score.own_readiness >= and 1"
    problem = only_problem(source)
    assert problem.message.startswith("syntax error")
    assert problem.offset == source.index("and")


def test_syntax_error_offset_with_non_ascii() -> None:
    source = "'éé' + (1"
    problem = only_problem(source)
    assert problem.offset == source.index("(")


def test_syntax_error_at_the_end() -> None:
    source = "score.own_readiness =="
    problem = only_problem(source)
    assert problem.message.startswith("syntax error")
    assert problem.offset is not None
    assert 0 <= problem.offset <= len(source)


@pytest.mark.parametrize(("wrong", "right"), [("&&", "and"), ("||", "or")])
def test_syntax_error_hints_for_other_languages(wrong: str, right: str) -> None:
    problem = only_problem(f"flag.stuck {wrong} flag.leaning_out")
    assert f"use '{right}' instead of '{wrong}'" in problem.message


@pytest.mark.parametrize("source", ["", "   ", "\n"])
def test_empty_expression(source: str) -> None:
    assert only_problem(source).message == "the expression is empty"


def test_non_string_source() -> None:
    expr, problems = compile_expression(5, CTX)  # type: ignore[arg-type]
    assert expr is None
    assert problems


# --------------------------------------------------------------------------- refused syntax


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("__import__('os')", "unknown function '__import__'"),
        ("open('f')", "unknown function 'open'"),
        ("eval('1')", "unknown function 'eval'"),
        ("().__class__", "is not allowed"),
        ("''.__class__.__mro__", "is not allowed"),
        ("score.__class__", "unknown dimension '__class__'"),
        ("answer.__dict__", "unknown question '__dict__'"),
        ("lambda: 1", "lambda is not allowed"),
        ("[x for x in y]", "comprehensions are not allowed"),
        ("{x for x in y}", "comprehensions are not allowed"),
        ("(x for x in y)", "generator expressions are not allowed"),
        ("f'{score.own_readiness}'", "f-strings are not allowed"),
        ("(y := 1)", "':=' is not allowed"),
        ("1 if true else 2", "'... if ... else ...' is not allowed"),
        ("score.stigma is none", "'is' is not allowed; use =="),
        ("score.stigma is not none", "'is not' is not allowed; use !="),
        ("1 & 2", "operator '&' is not allowed; use 'and'"),
        ("1 | 2", "operator '|' is not allowed; use 'or'"),
        ("1 ^ 2", "operator '^' is not allowed"),
        ("1 << 2", "operator '<<' is not allowed"),
        ("2 ** 3", "operator '**' is not allowed"),
        ("7 // 2", "operator '//' is not allowed"),
        ("7 % 2", "operator '%' is not allowed"),
        ("~1", "'~' is not allowed"),
        ("+1", "'unary +' is not allowed"),
        ("[1, 2][0]", "indexing with [...] is not allowed"),
        ("answer.heard[0]", "indexing with [...] is not allowed"),
        ("{'a': 1}", "dictionaries {...} are not allowed"),
        ("{1, 2}", "sets {...} are not allowed"),
        ("answer.partner_stance in ('open', 'unsure')", "tuples (a, b) are not allowed"),
        ("[*answer.heard]", "'*' is not allowed"),
        ("b'x'", "byte strings are not allowed"),
        ("1j", "complex numbers are not allowed"),
        ("...", "'...' is not allowed"),
        ("await x", "await is not allowed"),
        ("1e999", "this number is too large"),
        ("10000000000000000000000", "this number is too large"),
        ("score.own_readiness.real", "is not allowed here"),
        ("true.x", "is not allowed here"),
    ],
)
def test_refused(source: str, fragment: str) -> None:
    messages = [p.message for p in problems_of(source)]
    assert any(fragment in m for m in messages), messages


def test_long_list_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # A list over the bound cannot fit in MAX_SOURCE_CHARS; lift that limit to reach it.
    monkeypatch.setattr(expressions.source, "MAX_SOURCE_CHARS", 10_000)
    problem = only_problem("[" + ",".join(["1"] * (expressions.MAX_LIST_ITEMS + 1)) + "]")
    assert "at most" in problem.message
    compiled("[" + ",".join(["1"] * expressions.MAX_LIST_ITEMS) + "]")


def test_too_long_source() -> None:
    problem = only_problem("1 + " * 600 + "1")
    assert "too long" in problem.message


def test_hundred_thousand_character_string() -> None:
    problem = only_problem("'" + "x" * 100_000 + "'")
    assert "too long" in problem.message


def test_deeply_nested_parentheses() -> None:
    problems = problems_of("(" * 500 + "1" + ")" * 500)
    assert problems[0].message.startswith("syntax error")


def test_redundant_parentheses_add_no_depth() -> None:
    # Grouping parentheses make no tree nodes, so they cost nothing; Python's parser caps them.
    assert value("(" * 150 + "1" + ")" * 150) == 1


def test_nesting_limit() -> None:
    ok = "-" * (MAX_DEPTH - 1) + "1"
    compiled(ok)
    problem = only_problem("-" * (MAX_DEPTH + 5) + "1")
    assert "nested too deeply" in problem.message


@pytest.mark.parametrize(
    "source",
    [
        "-" * 1999 + "1",
        "not " * 499 + "1",
        "[" * 300 + "]" * 300,
        "1" + " + 1" * 499,
        "min(" * 300 + "1" + ")" * 300,
    ],
)
def test_deep_inputs_are_problems_not_crashes(source: str) -> None:
    expr, problems = compile_expression(source, CTX)
    assert expr is None
    assert problems


@pytest.mark.parametrize(
    "source",
    ["1\x00", "'\x00'", "\ufeffscore.stigma", "score.stigma\r\n", "'\ud800'", "é", "£ > 1", "\t1"],
)
def test_odd_characters_never_raise(source: str) -> None:
    compile_expression(source, CTX)


def test_non_ascii_strings_work() -> None:
    assert value("'café' == 'café'") is True
    assert value("'ü' in ['ä', 'ü']") is True


def test_comments_and_newlines_inside_brackets() -> None:
    assert value("(score.own_readiness  # mine\n > 1)") is True


# --------------------------------------------------------------------------- references, why, explain


def test_references_in_source_order_without_repeats() -> None:
    expr = compiled(
        "score.own_readiness > 1 and (flag.stuck or answer.partner_stance == 'open') "
        "and score.own_readiness < 90 and safety.concern and band.stigma == 'low'"
    )
    assert expr.references() == [
        ("score", "own_readiness"),
        ("flag", "stuck"),
        ("answer", "partner_stance"),
        ("safety", "concern"),
        ("band", "stigma"),
    ]


def test_references_of_a_literal() -> None:
    assert compiled("true").references() == []


def test_why_parts_lists_conjuncts_that_held() -> None:
    expr = compiled("score.own_readiness >= 30 and band.own_readiness == 'high' and flag.stuck")
    assert expr.why_parts(ENV) == [[("score", "own_readiness")], [("band", "own_readiness")]]


def test_why_parts_splits_held_or_into_held_disjuncts() -> None:
    expr = compiled(
        "score.partner_openness >= 30 and (flag.stuck or answer.partner_stance == 'refused' "
        "or safety.concern)"
    )
    assert expr.why_parts(ENV) == [
        [("score", "partner_openness")],
        [("answer", "partner_stance")],
        [("safety", "concern")],
    ]


def test_why_parts_of_nested_and_inside_or() -> None:
    expr = compiled("flag.stuck or (flag.leaning_out and score.stigma == none)")
    assert expr.why_parts(ENV) == [[("flag", "leaning_out")], [("score", "stigma")]]


def test_why_parts_leaf_with_several_names() -> None:
    expr = compiled("score.own_readiness > score.partner_openness + score.own_readiness / 10")
    assert expr.why_parts(ENV) == [[("score", "own_readiness"), ("score", "partner_openness")]]


def test_why_parts_flattens_parenthesised_and() -> None:
    expr = compiled("flag.leaning_out and (safety.concern and score.stigma == none)")
    assert expr.why_parts(ENV) == [
        [("flag", "leaning_out")],
        [("safety", "concern")],
        [("score", "stigma")],
    ]


def test_why_parts_skips_parts_that_name_nothing() -> None:
    assert compiled("true and flag.leaning_out").why_parts(ENV) == [[("flag", "leaning_out")]]


def test_why_parts_nothing_held() -> None:
    assert compiled("flag.stuck").why_parts(ENV) == []


def test_parts_give_each_conjunct_and_its_value() -> None:
    expr = compiled("score.own_readiness >= 30 and  (flag.stuck or 1 / 0 == none) and 1 / 4")
    assert expr.parts.kind == "and"
    assert [(p.text, expr.value_of(p, ENV)) for p in expr.parts.children] == [
        ("score.own_readiness >= 30", True),
        ("flag.stuck or 1 / 0 == none", True),
        ("1 / 4", Fraction(1, 4)),
    ]
    assert [c.text for c in expr.parts.children[1].children] == ["flag.stuck", "1 / 0 == none"]


def test_a_single_part_is_a_leaf_with_its_names() -> None:
    expr = compiled(" answer.heard ")
    assert (expr.parts.kind, expr.parts.text, expr.parts.refs) == (
        "leaf",
        "answer.heard",
        (("answer", "heard"),),
    )
    assert expr.value_of(expr.parts, ENV) == ["blamed"]


def test_holds() -> None:
    assert compiled("score.own_readiness").holds(ENV) is True
    assert compiled("score.stigma").holds(ENV) is False


# --------------------------------------------------------------------------- env failures


def test_env_failure_is_an_expression_error() -> None:
    class BrokenEnv(FakeEnv):
        def score(self, dim: str) -> int | None:
            raise KeyError(dim)

    expr = compiled("score.stigma > 1")
    with pytest.raises(ExpressionError):
        expr.evaluate(BrokenEnv())
    with pytest.raises(ExpressionError):
        expr.why_parts(BrokenEnv())


def test_odd_env_values_read_as_none() -> None:
    env = FakeEnv(answers={"hope": object(), "heard": ("broken", {"x": 1})})
    assert value("answer.hope", env) is None
    assert value("answer.heard", env) == ["broken", None]


def test_compile_once_evaluate_many() -> None:
    expr = compiled("count(answer.heard) >= 1 and answer.partner_stance in ['refused', 'open']")
    envs = [
        FakeEnv(answers={"heard": ["blamed"] * (i % 2), "partner_stance": "refused"})
        for i in range(4)
    ]
    assert [expr.evaluate(e) for e in envs] == [False, True, False, True]


def test_leading_blanks_are_fine_and_offsets_still_count_them() -> None:
    assert value("  \n score.own_readiness > 1") is True
    source = "   band.x == 'y'"
    assert only_problem(source).offset == source.index("x ==")
    source = "  score.own_readiness >= and 1"
    assert only_problem(source).offset == source.index("and")


def test_multi_line_expression_needs_parentheses() -> None:
    problem = only_problem("flag.stuck and\nflag.leaning_out")
    assert "needs ( ) around it" in problem.message
    assert value("(flag.stuck or\n flag.leaning_out)") is True


def test_the_light_parser_is_exactly_ast_parse() -> None:
    """The expression language parses with `_ast` and compile() (no `ast` import); same trees, same errors."""
    import ast

    from readiness.core.expressions import source as ex

    samples = [
        "score.a >= 50 and band.b == 'high'",
        "1 +",
        "a[0]",
        "lambda: 1",
        "f'{x}'",
        "(" * 200 + "1" + ")" * 200,
        "x if y else z",
        "'\\x00'",
        "1_000.5",
        "[1, 2,]",
        "not not answer.q",
        "a ==",
        "\t1",
        "a\n+ b",
        "é == 'é'",
    ]
    for text in samples:
        try:
            expected: object = ast.dump(ast.parse(text, mode="eval"), include_attributes=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            expected = (type(exc), str(exc))
        try:
            got: object = ast.dump(ex._parse_eval(text), include_attributes=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            got = (type(exc), str(exc))
        assert got == expected, text
        if not isinstance(expected, tuple):
            tree = ast.parse(text, mode="eval")
            for node in ast.walk(tree):
                assert list(ex._iter_child_nodes(node)) == list(ast.iter_child_nodes(node))
