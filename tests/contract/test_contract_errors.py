"""Contract, "Errors": every class of mistake is one `PATH:LINE:COL: error: MESSAGE` line,
at the YAML node at fault (inside an expression, at the fault within it)."""

from __future__ import annotations

import re

import pytest
from contractlib import cli, contract_text, line_col, problems, write

BASE = contract_text()
LINE = re.compile(r"^quiz\.yaml:(\d+):(\d+): error: (.+)$")


def edited(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"fixture text not unique: {old!r}"
    return BASE.replace(old, new)


def assert_problem(
    text: str, needle: str, fragment: str, *, shift: int = 0, occurrence: int = 1, anchor: str = ""
) -> None:
    """One reported problem is at needle (the first after anchor, plus shift columns) and its
    message contains fragment."""
    if anchor:
        occurrence = text[: text.index(anchor)].count(needle) + 1
    line, col = line_col(text, needle, occurrence)
    found = problems(text)
    for entry in found:
        assert LINE.match(entry), f"not PATH:LINE:COL: error: MESSAGE: {entry!r}"
    wanted = f"quiz.yaml:{line}:{col + shift}: error: "
    assert any(p.startswith(wanted) and fragment in p for p in found), (
        f"expected {wanted}...{fragment}...\ngot:\n" + "\n".join(found)
    )


def test_the_contract_example_itself_loads():
    from contractlib import load

    quiz = load(BASE)
    assert quiz.id == "therapy-readiness" and quiz.version == 2


# --- shape: unknown keys, duplicates, types, ids -------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "fragment"),
    [
        (
            "title: Therapy readiness\n",
            "titel: Therapy readiness\n",
            "titel",
            "unknown key 'titel' (did you mean 'title'?)",
        ),
        (
            "    section: About you\n",
            "    sectoin: About you\n",
            "sectoin",
            "unknown key 'sectoin' (did you mean 'section'?)",
        ),
        (
            "    priority: 40\n",
            "    priorty: 40\n",
            "priorty",
            "unknown key 'priorty' (did you mean 'priority'?)",
        ),
        (
            "{id: low,  max: 39,  label: Not yet}",
            "{id: low,  max: 39,  lable: Not yet}",
            "lable",
            "unknown key 'lable' (did you mean 'label'?)",
        ),
        (
            "{id: refused, label: They said no,",
            "{id: refused, lable: They said no,",
            "lable",
            "unknown key 'lable' (did you mean 'label'?)",
        ),
        (
            "{value: 3, label: Not sure}",
            "{value: 3, labl: Not sure}",
            "labl",
            "unknown key 'labl' (did you mean 'label'?)",
        ),
        (
            "    about: How ready",
            "    abuot: How ready",
            "abuot",
            "unknown key 'abuot' (did you mean 'about'?)",
        ),
    ],
)
def test_unknown_key_with_did_you_mean(old, new, needle, fragment):
    assert_problem(edited(old, new), needle, fragment)


def test_unknown_key_without_a_close_name_lists_what_is_allowed():
    text = edited("    priority: 40\n", "    zzzzzz: 40\n")
    assert_problem(text, "zzzzzz", "unknown key 'zzzzzz'")


def test_a_key_given_twice_is_an_error_at_the_second():
    text = edited("title: Therapy readiness\n", "title: Therapy readiness\ntitle: Again\n")
    assert_problem(text, "title: Again", "given twice")


def test_a_key_given_twice_inside_a_question():
    text = edited(
        "    help: optional hint, Markdown\n",
        "    help: optional hint, Markdown\n    help: again\n",
    )
    assert_problem(text, "help: again", "given twice")


@pytest.mark.parametrize(
    ("old", "new", "needle", "fragment"),
    [
        ("minutes: 6", "minutes: six", "six", "'minutes' must be a whole number"),
        ("minutes: 6", "minutes: 6.5", "6.5", "'minutes' must be a whole number"),
        ("version: 2", "version: '2'", "'2'", "'version' must be a whole number"),
        ("safety_check: true", "safety_check: yes", "yes", "'safety_check' must be true or false"),
        ("    reverse: false", "    reverse: no", "no\n", "'reverse' must be true or false"),
        ("    priority: 50", "    priority: high", "high\n", "'priority' must be a whole number"),
        (
            "    tags: [joint]\n    suppress",
            "    tags: joint\n    suppress",
            "joint\n",
            "'tags' must be a list",
        ),
        ("scores: {own_readiness: 1}", "scores: {own_readiness: one}", "one}", "must be a number"),
        ("title: Therapy readiness", "title: [Therapy]", "[Therapy]", "'title' must be text"),
        ("    type: multi", "    type: many", "many", "'type' must be one of"),
        ("format: 1", "format: 2", "2\n", "'format' must be 1"),
        ("format: 1", "format: '1'", "'1'", "'format' must be 1"),
        ("max_next_steps: 5", "max_next_steps: 0", "0\n", "'max_next_steps' must be at least 1"),
    ],
)
def test_wrong_type_is_reported_at_the_value(old, new, needle, fragment):
    assert_problem(edited(old, new), needle, fragment)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("id: therapy-readiness", "id: Therapy_Readiness", "Therapy_Readiness"),
        ("id: therapy-readiness", "id: -therapy", "-therapy"),
        ("  - id: hopeful", "  - id: Hope-ful", "Hope-ful"),
        ("  - id: hopeful", "  - id: 9hopeful", "9hopeful"),
        ("  - id: future_outlook", "  - id: future-outlook", "future-outlook"),
        ("  - id: own-therapy", "  - id: Own_Therapy", "Own_Therapy"),
    ],
)
def test_bad_id_pattern(old, new, needle):
    assert_problem(edited(old, new), needle, "is not allowed")


def test_bad_flag_name_is_reported_at_the_key():
    text = edited("  leaning_out:", "  Leaning-Out:").replace("flag.leaning_out", "flag.x")
    found = problems(text)
    line, col = line_col(text, "Leaning-Out")
    assert any(
        p.startswith(f"quiz.yaml:{line}:{col}: error: ") and "Leaning-Out" in p for p in found
    ), found


def test_missing_required_keys_are_each_reported():
    text = edited("summary: One or two sentences for the quiz list.\n", "")
    found = problems(text)
    assert any("missing required key 'summary'" in p for p in found), found


# --- duplicate ids of each kind -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "occurrence", "kind"),
    [
        ("  - id: hopeful", "  - id: open_to_talk", "id: open_to_talk", 2, "question"),
        ("  - id: fear_of_blame", "  - id: stigma", "id: stigma", 2, "dimension"),
        ("{id: mid,  max: 69,", "{id: low,  max: 69,", "id: low,  max: 69", 1, "band"),
        ("{id: unsure,", "{id: open,", "id: open,", 2, "option"),
        ("  - id: own-therapy", "  - id: books", "id: books", 2, "next step"),
    ],
)
def test_duplicate_ids(old, new, needle, occurrence, kind):
    text = edited(old, new)
    line, col = line_col(text, needle, occurrence)
    found = problems(text)
    wanted = f"quiz.yaml:{line}:{col + 4}: error: "  # at the id's value
    assert any(p.startswith(wanted) and kind in p and "twice" in p for p in found), found


def test_duplicate_flag_and_scale_names_are_duplicate_keys():
    text = edited("flags:\n", "flags:\n  leaning_out: 'true'\n")
    assert_problem(text, "leaning_out", "given twice", occurrence=2)
    text = edited("scales:\n", "scales:\n  agree5: [{value: 1, label: One}]\n")
    assert_problem(text, "agree5", "given twice", occurrence=2)


# --- questions ----------------------------------------------------------------------------------


def test_scale_question_without_scale():
    text = edited(
        "    scale: agree5\n    scores: {own_readiness: 1}", "    scores: {own_readiness: 1}"
    )
    line, _ = line_col(text, "- id: open_to_talk")
    found = problems(text)
    assert any(p.startswith(f"quiz.yaml:{line}:") and "scale" in p for p in found), found


def test_scale_question_naming_an_unknown_scale():
    text = edited(
        "    scale: agree5\n    scores: {future_outlook: 1}",
        "    scale: agree55\n    scores: {future_outlook: 1}",
    )
    assert_problem(text, "agree55", "unknown scale 'agree55' (did you mean 'agree5'?)")


def test_options_on_a_scale_question():
    text = edited(
        "    scores: {future_outlook: 1}\n",
        "    scores: {future_outlook: 1}\n    options: [{id: a, label: A}]\n",
    )
    assert_problem(text, "options: [{id: a", "'options' is only for choice and multi")


def test_scale_on_a_choice_question():
    text = edited(
        "    short: Partner's response\n", "    short: Partner's response\n    scale: agree5\n"
    )
    assert_problem(text, "scale: agree5", "only for scale questions", anchor="short: Partner's")


def test_choice_question_without_options():
    text = BASE.replace(
        "  - id: hope\n    type: text\n",
        "  - id: empty\n    type: choice\n    text: Empty\n  - id: hope\n    type: text\n",
    )
    line, _ = line_col(text, "- id: empty")
    assert any(p.startswith(f"quiz.yaml:{line}:") and "options" in p for p in problems(text))


def test_unknown_dimension_in_scores():
    text = edited("scores: {future_outlook: 1}", "scores: {future_outlok: 1}")
    assert_problem(
        text, "future_outlok", "unknown dimension 'future_outlok' (did you mean 'future_outlook'?)"
    )


# --- bands -----------------------------------------------------------------------------------


def test_bands_must_rise():
    text = edited("{id: mid,  max: 69,", "{id: mid,  max: 30,")
    assert_problem(text, "30,", "bands must rise")


def test_bands_may_not_repeat_a_max():
    text = edited("{id: mid,  max: 69,", "{id: mid,  max: 39,")
    assert_problem(text, "39,", "bands must rise", occurrence=2)


def test_last_band_must_be_100():
    text = edited("{id: high, max: 100, label: Ready}", "{id: high, max: 99, label: Ready}")
    assert_problem(text, "99,", "max: 100")


def test_band_max_above_100():
    text = edited("{id: high, max: 100, label: Ready}", "{id: high, max: 101, label: Ready}")
    assert_problem(text, "101", "at most 100")


# --- expressions --------------------------------------------------------------------------------


WHEN = "score.partner_openness >= 30 and band.own_readiness == 'high'"
WHEN_LINE = f'    when: "{WHEN}"'
OWN = "answer.partner_stance == 'refused' or flag.leaning_out"
SHOW = "answer.partner_stance != 'not_yet'"


def in_when(new: str) -> str:
    return edited(WHEN, new)


@pytest.mark.parametrize(
    ("new", "needle", "fragment"),
    [
        (
            WHEN.replace("score.partner_openness", "score.partner_opennes"),
            "partner_opennes ",
            "unknown dimension 'partner_opennes' (did you mean 'partner_openness'?)",
        ),
        (
            WHEN.replace("band.own_readiness", "band.own_readines"),
            "own_readines ",
            "unknown dimension 'own_readines' (did you mean 'own_readiness'?)",
        ),
        (
            WHEN.replace("'high'", "'hihg'"),
            "'hihg'",
            "'hihg' is not a band of 'own_readiness' (did you mean 'high'?",
        ),
        (
            WHEN + " and answer.partner_stanse == 'open'",
            "partner_stanse",
            "unknown question 'partner_stanse' (did you mean 'partner_stance'?)",
        ),
        (
            WHEN + " and flag.leanin_out",
            "leanin_out",
            "unknown flag 'leanin_out' (did you mean 'leaning_out'?)",
        ),
        (
            WHEN + " and answer.partner_stance == 'refuse'",
            "'refuse'",
            "'refuse' is not an option of 'partner_stance' (did you mean 'refused'?",
        ),
        (
            WHEN + " and answer.partner_stance != 'opne'",
            "'opne'",
            "'opne' is not an option of 'partner_stance'",
        ),
        (
            WHEN + " and answer.partner_stance in ['open', 'refsed']",
            "'refsed'",
            "'refsed' is not an option",
        ),
        (
            WHEN + " and answer.partner_stance not in ['unsur']",
            "'unsur'",
            "'unsur' is not an option",
        ),
        (
            WHEN + " and 'brokn' in answer.heard",
            "'brokn'",
            "'brokn' is not an option of 'heard' (did you mean 'broken'?",
        ),
        (WHEN + " and band.stigma != 'hi'", "'hi'", "'hi' is not a band of 'stigma'"),
        (WHEN + " and safety.concen", "concen", "unknown safety name 'concen'"),
        (WHEN + " and scor.stigma > 1", "scor.", "unknown name 'scor'"),
        (WHEN + " and len(answer.heard) > 1", "len(", "unknown function 'len'"),
        (WHEN + " and __import__('os')", "__import__", "only count(), min() and max()"),
        (WHEN + " and answer.heard[0] == 'broken'", "answer.heard[0]", "indexing"),
        (WHEN + " and score.stigma ** 2 > 1", "score.stigma **", "'**'"),
        (WHEN + " and score.stigma is none", "score.stigma is", "'is' is not allowed"),
        (WHEN + " && true", "& true", "syntax error"),  # where Python's parser stops
    ],
)
def test_expression_problem_at_the_column_of_the_fault(new, needle, fragment):
    text = in_when(new)
    assert_problem(text, needle, fragment, anchor='    when: "score.partner_')


def test_unknown_name_without_a_close_one_lists_the_known_ones():
    text = in_when(WHEN + " and score.zzzzzz > 1")
    assert_problem(text, "zzzzzz", "unknown dimension 'zzzzzz' (dimensions: own_readiness")


def test_show_if_may_only_name_earlier_questions():
    text = edited(SHOW, "answer.hope != 'x'")
    assert_problem(text, "hope != 'x'", "'hope' comes later")


def test_show_if_may_not_name_its_own_question():
    text = edited(SHOW, "answer.heard == none")
    assert_problem(text, "heard == none", "earlier")


def test_show_if_may_only_use_answers():
    text = edited(SHOW, "score.stigma > 1")
    assert_problem(text, "score.stigma > 1", "show_if may only use answer.")


def test_show_if_checks_option_ids():
    text = edited(SHOW, "answer.partner_stance != 'notyet'")
    assert_problem(
        text, "'notyet'", "'notyet' is not an option of 'partner_stance' (did you mean 'not_yet'?"
    )


def test_flag_expressions_are_checked_too():
    text = edited("score.future_outlook <= 30", "score.future_outlok <= 30")
    assert_problem(text, "future_outlok", "unknown dimension 'future_outlok'")


@pytest.mark.parametrize(
    "flags",
    [
        "flags:\n  a: flag.b\n  b: flag.a\n",
        "flags:\n  a: flag.a\n",
        "flags:\n  a: flag.b and true\n  b: not flag.c\n  c: flag.a or false\n",
    ],
)
def test_flags_may_not_refer_to_each_other_in_a_cycle(flags):
    text = edited("flags:\n", flags)
    found = problems(text)
    line, _ = line_col(text, "  a: ")
    assert any(p.startswith(f"quiz.yaml:{line}:") and "cycle" in p for p in found), found


def test_suppress_entry_that_is_neither_a_step_nor_a_tag():
    text = edited("suppress: [books]", "suppress: [bookz]")
    assert_problem(text, "bookz", "'bookz' in suppress is neither a next-step id nor a tag")
    assert any("did you mean 'books'" in p for p in problems(text))


def test_suppress_may_name_a_tag():
    from contractlib import load

    load(edited("suppress: [books]", "suppress: [joint]"))


def test_expression_column_in_a_single_quoted_and_a_plain_scalar():
    plain = BASE.replace(WHEN_LINE, "    when: score.partner_opennes >= 30")
    assert_problem(plain, "partner_opennes", "unknown dimension", anchor="when: score")
    single = BASE.replace(WHEN_LINE, "    when: 'score.partner_opennes >= 30'")
    assert_problem(single, "partner_opennes", "unknown dimension", anchor="when: 'score")


# --- many problems at once -------------------------------------------------------------------------


def test_all_problems_of_a_file_are_reported():
    text = BASE.replace("    section: About you\n", "    sectoin: About you\n")
    text = text.replace("suppress: [books]", "suppress: [bookz]")
    text = text.replace(WHEN, WHEN.replace("'high'", "'hihg'"))
    text = text.replace("  - id: hopeful", "  - id: open_to_talk")
    text = text.replace("minutes: 6", "minutes: six")
    found = problems(text)
    for fragment in ("sectoin", "bookz", "hihg", "used twice", "minutes"):
        assert any(fragment in p for p in found), (fragment, found)
    lines = [int(LINE.match(p).group(1)) for p in found]
    assert lines == sorted(lines)


def test_validate_prints_every_problem_and_exits_1(tmp_path, capsys):
    text = BASE.replace("suppress: [books]", "suppress: [bookz]").replace(
        "minutes: 6", "minutes: six"
    )
    path = write(tmp_path / "broken.yaml", text)
    code, out, err = cli(["validate", str(path)], capsys)
    assert code == 1
    located = [line for line in err.splitlines() if line.startswith(f"{path}:")]
    assert len(located) == 2, err
    assert all(re.match(rf"^{re.escape(str(path))}:\d+:\d+: error: ", line) for line in located)
    assert "Traceback" not in err


def test_validate_exits_0_for_a_valid_file(tmp_path, capsys):
    path = write(tmp_path / "ok.yaml", BASE)
    code, out, err = cli(["validate", str(path)], capsys)
    assert code == 0, err
    assert "ok" in out


@pytest.mark.parametrize(
    "when_line",
    [
        '''    when: "answer.partner_stance == \\"refused\\" or flag.leaning_ot"''',
        """    when: 'answer.partner_stance == ''refused'' or flag.leaning_ot'""",
        '''    when: "answer.partner_stance in ['refused', 'r\\u00e9'] or flag.leaning_ot"''',
    ],
)
def test_expression_column_counts_escapes_in_quoted_scalars(when_line):
    text = BASE.replace(f'    when: "{OWN}"', when_line)
    assert text != BASE
    assert_problem(text, "leaning_ot", "unknown flag 'leaning_ot'", anchor=when_line)
