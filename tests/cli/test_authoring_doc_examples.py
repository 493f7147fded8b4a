"""The guide's "Every kind of error message" shows real output: each example is made
again here from a broken copy of today's starter quiz and must appear in the guide
exactly as `readiness validate` or `take --answers` prints it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.core.starter import starter_quiz
from support.paths import REPO

GUIDE = REPO / "src" / "readiness" / "data" / "authoring.md"  # `readiness guide`
Edit = Callable[[list[str]], None]


def sub(n: int, old: str, new: str) -> Edit:
    def edit(lines: list[str]) -> None:
        assert old in lines[n - 1], (n, old, lines[n - 1])
        lines[n - 1] = lines[n - 1].replace(old, new, 1)

    return edit


def ins(after: int, text: str) -> Edit:
    return lambda lines: lines.insert(after, text)


def dele(n: int, count: int = 1) -> Edit:
    def edit(lines: list[str]) -> None:
        del lines[n - 1 : n - 1 + count]

    return edit


BROKEN: dict[str, list[Edit]] = {
    "syntax": [sub(59, "{readiness: 0}}", "{readiness: 0}")],
    "tab": [sub(36, "    label", "\tlabel")],
    "colon": [
        sub(
            50,
            "text: I would be willing to talk with someone about how things are going.",
            "text: Time: how much of it do you get?",
        )
    ],
    "quote": [sub(50, "text: I would", 'text: "I would')],
    "indent": [sub(50, "    text", "     text")],
    "unclosed": [sub(84, 'flag.short_on_time"', "flag.short_on_time")],
    "nbsp": [sub(50, "    text", "\u00a0" * 4 + "text")],
    "format2": [sub(14, "format: 1", "format: 2")],
    "tag": [sub(19, "minutes: 2", "minutes: !!python/object:os.system 2")],
    "control": [sub(17, 'title: "My check in"', 'title: "My \\e check in"')],
    "pasted": [sub(3, "# A starter", "# A start\x1ber")],
    "dupkey": [ins(19, "minutes: 3\n")],
    "unknownkey": [sub(51, "scale: agree5", "scael: agree5")],
    "missing": [dele(17)],
    "types": [sub(19, "minutes: 2", "minutes: two")],
    "yesbool": [ins(73, "    required: yes\n")],
    "opttype": [sub(56, "type: choice", "type: choise")],
    "badid": [sub(48, "id: talk_openly", "id: Talk-openly")],
    "dupid": [sub(71, "id: hopes", "id: worries")],
    "bandsrise": [sub(40, "max: 69", "max: 30")],
    "bands": [sub(41, "max: 100", "max: 90 ")],
    "unknowndim": [sub(52, "{readiness: 1}", "{readines: 1}")],
    "unknownscale": [sub(51, "agree5", "agree7")],
    "noscale": [dele(51)],
    "scoreschoice": [ins(57, "    scores: {readiness: 1}\n")],
    "scorestext": [ins(73, "    options: [{id: a, label: A}]\n")],
    "nooptions": [dele(67, 3)],
    "exprsyntax": [sub(84, "'high' and not", "'high' && not")],
    "exprfunc": [sub(45, "\"answer.weekly_time == 'none'\"", '"len(answer.worries) > 1"')],
    "exprname": [sub(84, "band.readiness ==", "band.readines ==")],
    "exprband": [sub(84, "'high'", "'hihg'")],
    "exproption": [sub(45, "'none'", "'nothing'")],
    "showif": [sub(66, "\"answer.weekly_time != 'none'\"", '"score.readiness > 1"')],
    "showiflater": [sub(66, "\"answer.weekly_time != 'none'\"", "\"answer.hopes == 'x'\"")],
    "cycle": [
        sub(
            45, "\"answer.weekly_time == 'none'\"", "\"flag.busy or answer.weekly_time == 'none'\""
        ),
        ins(45, '  busy: "flag.short_on_time"\n'),
    ],
    "suppress": [sub(86, "gentle-start", "gentle-stat")],
    "tablist": [sub(71, "  - id: hopes", "\t- id: hopes")],
    "brace": [sub(41, "label: Ready}", "label: Ready}}")],
    "comma": [sub(68, "label: The cost,", "label: Phones, screens,")],
    "quesitons": [sub(47, "questions:", "quesitons:")],
    "merge": [
        sub(39, "- {id: low,", "- &low {id: low,"),
        sub(40, "{id: mid,  max: 69,  label: Getting there}", "{<<: *low, id: mid, max: 69}"),
    ],
}


def shown_in_guide() -> set[str]:
    return {
        line[4:]
        for line in GUIDE.read_text(encoding="utf-8").splitlines()
        if line.startswith("    ")
    }


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_example_is_what_validate_prints(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = starter_quiz("my-check-in", "starter.yaml").splitlines(keepends=True)
    for edit in BROKEN[name]:
        edit(lines)
    monkeypatch.chdir(tmp_path)
    Path(f"{name}.yaml").write_text("".join(lines), encoding="utf-8")
    assert main(["validate", f"{name}.yaml"]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first in shown_in_guide(), (
        f"the guide (src/readiness/data/authoring.md) should show:\n    {first}"
    )


def test_the_answers_examples_are_what_take_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ok.yaml").write_text(starter_quiz("my-check-in", "ok.yaml"), encoding="utf-8")
    answers = {
        "bad-answers": "talk_openly: 4\nweekly_time: sometimes\nworries: cost\nhope: x\n",
        "a2": "talk_openly: 7\nweekly_time: none\n",
        "a3": "talk_openly: 4\n",
        "a4": "talk_openly: 4\nweekly_time: none\nworries: [cost]\n",
    }
    guide = shown_in_guide()
    for name, text in answers.items():
        Path(f"{name}.yaml").write_text(text, encoding="utf-8")
        main(["take", "ok.yaml", "--answers", f"{name}.yaml"])
        for line in capsys.readouterr().err.splitlines():
            if ": error: " in line or ": warning: " in line:
                assert line in guide, (
                    f"the guide (src/readiness/data/authoring.md) should show:\n    {line}"
                )


@pytest.mark.parametrize("name", ["quesitons", "comma", "tablist", "brace", "merge"])
def test_the_issue_18_examples_are_the_only_problem(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt section, a label cut by a comma, a tab, a stray brace, a merge key: one
    message each, the one the guide shows, with no train of follow-on errors after it."""
    lines = starter_quiz("my-check-in", "starter.yaml").splitlines(keepends=True)
    for edit in BROKEN[name]:
        edit(lines)
    monkeypatch.chdir(tmp_path)
    Path(f"{name}.yaml").write_text("".join(lines), encoding="utf-8")
    assert main(["validate", f"{name}.yaml"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[1] == "1 file checked, 1 with problems", err
    assert err[0] in shown_in_guide()
