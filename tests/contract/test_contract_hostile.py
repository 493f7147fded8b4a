"""Contract, "Errors" and the issue's hostile-input list: every hostile file is a located
QuizFileError (exit 1 from the command line), never a traceback, a hang or a crash."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from contractlib import cli, contract_text, write

from readiness.core.loader import load_quiz, load_quiz_text  # noqa: E402
from readiness.core.problems import QuizFileError  # noqa: E402

BASE = contract_text()
OWN = "answer.partner_stance == 'refused' or flag.leaning_out"
LOCATED = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")


def bomb(levels: int = 9, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def when(expression: str) -> str:
    return BASE.replace(OWN, expression.replace('"', '\\"'))


HOSTILE: dict[str, str | bytes] = {
    "python-object-apply": "!!python/object/apply:os.system ['echo pwned']\n",
    "python-object-apply-in-value": BASE.replace(
        "title: Therapy readiness", "title: !!python/object/apply:os.system ['echo pwned']"
    ),
    "python-name": "format: !!python/name:os.system\n",
    "python-object-new": "format: 1\nid: !!python/object/new:subprocess.Popen [['echo', 'x']]\n",
    "binary-tag": "format: 1\nid: !!binary aGVsbG8=\n",
    "set-tag": "format: 1\nid: !!set {a, b}\n",
    "local-tag": "format: 1\nid: !thing x\n",
    "tag-on-a-key": "format: 1\n!!python/str id: x\n",
    "billion-laughs": bomb(),
    "alias-bomb-inside-a-quiz": BASE + bomb().replace("a0:", "intro_x:", 1),
    "undefined-alias": "format: 1\nid: *nothing\n",
    "deep-brackets": "[" * 10_000,
    "deep-braces": "{" * 10_000,
    "deep-brackets-closed": "[" * 10_000 + "]" * 10_000,
    "deep-braces-in-a-value": "format: 1\nid: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
    "deep-block-nesting": "a:\n" + "".join("  " * i + "- \n" for i in range(1, 300)),
    "non-utf8": b"format: 1\ntitle: caf\xe9\n",
    "latin1-whole-file": BASE.replace("Partner's", "Partner\u2019s").encode("cp1252"),
    "utf16": BASE.encode("utf-16"),
    "binary-with-nul": b"format: 1\x00\x01\x02\n",
    "random-binary": bytes(range(256)) * 8,
    "esc-in-double-quoted": BASE.replace(
        "title: Therapy readiness", 'title: "\\e[31mTherapy readiness"'
    ),
    "esc-raw-in-plain": BASE.replace(
        "title: Therapy readiness", "title: \x1b[31mTherapy readiness"
    ),
    "esc-in-a-comment": BASE.replace(
        "# yaml-language-server", "# \x1b]0;pwned\x07 yaml-language-server"
    ),
    "bell-in-block-scalar": BASE.replace("Offer **one** session.", "Offer \x07 session."),
    "c1-control-escaped": BASE.replace(
        "title: Therapy readiness", 'title: "Therapy \\x9b31m readiness"'
    ),
    "del-character": BASE.replace("title: Therapy readiness", 'title: "Therapy \\x7f readiness"'),
    "carriage-return-in-text": BASE.replace(
        "title: Therapy readiness", 'title: "Therapy\\rreadiness"'
    ),
    "esc-in-a-key": BASE.replace("title: Therapy readiness", '"ti\\etle": Therapy readiness'),
    "esc-in-an-option-label": BASE.replace("label: They said no", 'label: "They said \\e[2Jno"'),
    "import-in-expression": when("__import__('os').system('echo pwned')"),
    "dunder-attribute": when("score.stigma.__class__.__mro__"),
    "dunder-name": when("__builtins__"),
    "dunder-member": when("score.__class__"),
    "subclasses": when("().__class__.__bases__[0].__subclasses__()"),
    "lambda": when("(lambda: 1)()"),
    "bare-lambda": when("(lambda: 1)"),
    "eval-call": when("eval('1')"),
    "getattr-call": when("getattr(score, 'stigma')"),
    "method-call": when("'a'.join(['b'])"),
    "open-call": when("open('/etc/passwd')"),
    "comprehension": when("[x for x in answer.heard]"),
    "walrus": when("(x := 1)"),
    "power-bomb": when("9 ** 9 ** 9 > 1"),
    "deep-parentheses-5000": when("(" * 5000 + "1" + ")" * 5000),
    "deep-parentheses-within-length": when("(" * 900 + "1" + ")" * 900),
    "deep-not": when("not " * 400 + "true"),
    "deep-minus": when("-" * 1500 + "1"),
    "deep-list": when("[" * 600 + "]" * 600),
    "deep-calls": when("min(" * 300 + "1" + ")" * 300),
    "long-sum": when(" + ".join(["1"] * 500) + " > 1"),
    "huge-literal": when("9" * 1900 + " > 1"),
    "expression-too-long": when("true and " * 400 + "true"),
    "expression-as-a-list": BASE.replace(f'"{OWN}"', "[1, 2]"),
    "expression-as-a-mapping": BASE.replace(f'"{OWN}"', "{a: 1}"),
    "two-documents": BASE + "\n---\nformat: 1\n",
    "scalar-top-level": "just text\n",
    "list-top-level": "- format: 1\n",
    "empty-file": "",
    "only-a-comment": "# nothing here\n",
    "complex-key": "? [a, b]\n: 1\n",
    "merge-key": BASE.replace("  - id: stigma\n", "  - <<: {id: stigma}\n"),
    "bad-yaml": "format: 1\nid: [unclosed\n",
    "tab-indentation": "format: 1\n\tid: x\n",
    "huge-integer-in-expression-list": when(
        "answer.partner_stance in [" + ", ".join(["'open'"] * 1200) + "]"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_gives_a_located_quiz_file_error(name):
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(HOSTILE[name], "hostile.yaml")
    assert caught.value.problems, "an error must say why"
    for problem in caught.value.problems:
        assert LOCATED.match(str(problem)), str(problem)
        assert problem.line >= 1 and problem.col >= 1
        assert "could not read this quiz" not in problem.message, (
            f"an internal error leaked: {problem}"
        )
        assert "\x1b" not in str(problem) and "\x07" not in str(problem), (
            "messages must not echo control characters"
        )


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_through_load_quiz_and_validate(name, tmp_path, capsys):
    content = HOSTILE[name]
    path = write(tmp_path / f"{name}.yaml", content)
    with pytest.raises(QuizFileError):
        load_quiz(path)
    code, out, err = cli(["validate", str(path)], capsys)
    assert code == 1
    assert err.startswith(f"{path}:"), err[:300]
    assert "Traceback" not in err


def test_file_over_one_mebibyte_is_refused_before_parsing(tmp_path, capsys):
    big = BASE + "# " + "x" * (1024 * 1024) + "\n"
    path = write(tmp_path / "big.yaml", big)
    with pytest.raises(QuizFileError) as caught:
        load_quiz(path)
    assert "1 MiB" in str(caught.value)
    with pytest.raises(QuizFileError):
        load_quiz_text(big, "big.yaml")
    with pytest.raises(QuizFileError):
        load_quiz_text(big.encode(), "big.yaml")
    code, _, err = cli(["validate", str(path)], capsys)
    assert code == 1 and f"{path}:1:1: error:" in err


def test_a_file_just_under_the_limit_is_read(tmp_path):
    padding = 1024 * 1024 - len(BASE.encode()) - 10
    path = write(tmp_path / "padded.yaml", BASE + "#" + "x" * padding + "\n")
    assert path.stat().st_size <= 1024 * 1024
    assert load_quiz(path).id == "therapy-readiness"


def test_control_character_message_is_located_at_the_text():
    text = HOSTILE["esc-in-double-quoted"]
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(text, "q.yaml")
    line = text[: text.index('"\\e[31m')].count("\n") + 1
    assert [(p.line, p.col) for p in caught.value.problems] == [(line, 8)]
    assert "control character" in caught.value.problems[0].message


def test_alias_bomb_is_refused_quickly_with_a_bounded_count():
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(bomb(levels=30, width=30), "bomb.yaml")
    assert "too many aliases" in str(caught.value) or "expands" in str(caught.value)


def test_tab_and_newline_are_allowed_in_text():
    text = BASE.replace("title: Therapy readiness", 'title: "Therapy\\treadiness"')
    assert load_quiz_text(text).title == "Therapy\treadiness"


def test_a_utf8_bom_is_accepted():
    assert load_quiz_text(b"\xef\xbb\xbf" + BASE.encode()).id == "therapy-readiness"


def test_a_number_with_thousands_of_digits_is_a_located_error():
    text = BASE.replace("    priority: 50", "    priority: " + "9" * 5000)
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(text, "q.yaml")
    line = text[: text.index("9" * 5000)].count("\n") + 1
    problem = caught.value.problems[0]
    assert (problem.line, problem.col) == (line, 15)
    assert "set_int_max_str_digits" not in problem.message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("scores: {own_readiness: 1}", "scores: {own_readiness: .nan}"),
        ("scores: {future_outlook: 1}", "scores: {future_outlook: .inf}"),
        ("{value: 5, label: Strongly agree}", "{value: .inf, label: Strongly agree}"),
        ("scores: {partner_openness: 4}", "scores: {partner_openness: -.inf}"),
    ],
)
def test_non_finite_numbers_are_refused(old, new):
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(BASE.replace(old, new), "q.yaml")
    assert caught.value.problems[0].line > 1


# --- the same through a real process: exit status, stderr, no traceback --------------------------


def run_readiness(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readiness", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.parametrize(
    "name",
    [
        "python-object-apply",
        "billion-laughs",
        "deep-brackets",
        "non-utf8",
        "binary-with-nul",
        "esc-in-double-quoted",
        "import-in-expression",
        "deep-parentheses-5000",
    ],
)
def test_validate_in_a_subprocess_exits_1_without_a_traceback(name, tmp_path):
    path = write(tmp_path / f"{name}.yaml", HOSTILE[name])
    proc = run_readiness("validate", str(path), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert LOCATED.match(proc.stderr.splitlines()[0]), proc.stderr
    assert not (tmp_path / "pwned").exists()


def test_take_of_a_hostile_quiz_exits_1(tmp_path):
    quiz = write(tmp_path / "q.yaml", HOSTILE["python-object-apply-in-value"])
    answers = write(tmp_path / "a.yaml", "open_to_talk: 3\n")
    proc = run_readiness(
        "take", str(quiz), "--answers", str(answers), "--format", "json", cwd=tmp_path
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and f"{quiz}:" in proc.stderr


def flag_chain(length: int) -> str:
    head = BASE.split("flags:\n")[0]
    rest = BASE.split("flags:\n")[1]
    chain = "".join(f"  f{i}: flag.f{i + 1}\n" for i in range(length)) + f"  f{length}: 'true'\n"
    return head + "flags:\n" + chain + rest


def test_a_long_chain_of_flags_is_refused_or_evaluated_never_a_traceback(tmp_path):
    quiz = write(tmp_path / "chain.yaml", flag_chain(300))
    answers = write(tmp_path / "a.yaml", "open_to_talk: 3\nhopeful: 3\npartner_stance: not_yet\n")
    checked = run_readiness("validate", str(quiz), cwd=tmp_path)
    taken = run_readiness(
        "take", str(quiz), "--answers", str(answers), "--format", "json", cwd=tmp_path
    )
    assert "Traceback" not in checked.stderr + taken.stderr
    if checked.returncode == 0:
        assert taken.returncode == 0, taken.stderr[-500:]
    else:
        assert taken.returncode == 1 and LOCATED.match(checked.stderr.splitlines()[0])


def test_a_short_chain_of_flags_works(tmp_path, capsys):
    quiz = write(tmp_path / "chain.yaml", flag_chain(20))
    answers = write(tmp_path / "a.yaml", "open_to_talk: 3\nhopeful: 3\npartner_stance: not_yet\n")
    code, out, err = cli(["take", str(quiz), "--answers", str(answers), "--format", "json"], capsys)
    assert code == 0, err
    assert '"f0": true' in out


# --- work must grow with the file, not with its square ---------------------------------------------
# A 1 MiB file holds ~15,000 questions or next steps. Rather than time anything, count the
# Python calls made for n and for 8n entries: linear work grows about 8 times, quadratic 64.

HEAD = "format: 1\nid: big\ntitle: Big\nsummary: S\ndimensions:\n- {id: d, label: D, bands: [{id: a, max: 100, label: A}]}\n"


def count_calls(fn) -> int:
    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def show_if_quiz(n: int) -> str:
    questions = "".join(
        f"- {{id: q{i}, type: text, text: T, show_if: \"answer.q{i - 1} != 'a'\"}}\n"
        for i in range(1, n)
    )
    return (
        HEAD
        + "questions:\n- {id: q0, type: text, text: T}\n"
        + questions
        + "next_steps:\n- {id: s, title: T, body: B}\n"
    )


def suppress_quiz(n: int) -> str:
    steps = "".join(
        f"- {{id: s{i}, title: T, body: B, tags: [t{i}], suppress: [t{(i + 1) % n}]}}\n"
        for i in range(n)
    )
    return HEAD + "questions:\n- {id: q0, type: text, text: T}\nnext_steps:\n" + steps


def test_many_show_if_questions_and_suppressing_steps_are_correct():
    quiz = load_quiz_text(show_if_quiz(50))
    from readiness.core.scoring import evaluate, visible_questions

    assert len(visible_questions(quiz, {})) == 50
    assert len(visible_questions(quiz, {"q10": "a"})) == 49  # only q11 hides; q12 sees none != 'a'
    steps = evaluate(load_quiz_text(suppress_quiz(50)), {}).next_steps
    assert [s.id for s in steps] == [f"s{i}" for i in range(0, 50, 2)]


def test_loading_work_grows_linearly_with_show_if_questions():
    small, big = show_if_quiz(50), show_if_quiz(400)
    ratio = count_calls(lambda: load_quiz_text(big)) / count_calls(lambda: load_quiz_text(small))
    assert ratio < 12, f"8x the questions cost {ratio:.1f}x the work"


def test_scoring_work_grows_linearly_with_next_steps():
    from readiness.core.scoring import evaluate

    small, big = load_quiz_text(suppress_quiz(50)), load_quiz_text(suppress_quiz(400))
    ratio = count_calls(lambda: evaluate(big, {})) / count_calls(lambda: evaluate(small, {}))
    assert ratio < 12, f"8x the steps cost {ratio:.1f}x the work"
