"""`validate` and `list` judge files through the one quiz model (msgspec Structs,
loader.check_quiz): the shape walk that words every problem agrees with msgspec
on every file, checking and loading report the same, and `validate` imports no
pydantic or Textual on the way (checked in a fresh process, not timed)."""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest

from readiness.core import loader, model, shapes
from readiness.core.loader import load_quiz_text
from readiness.core.problems import QuizFileError
from readiness.core.yamlsafe import read_yaml
from support.paths import REPO

BUILTIN = sorted((REPO / "quizzes").glob("*.yaml"))
FIXTURES = sorted((REPO / "tests" / "fixtures").rglob("*.yaml"))
SAMPLES = [p for p in BUILTIN + FIXTURES if p.is_file()]


def _both(text: str) -> tuple[Any, Any]:
    """(outcome of check_quiz's path, outcome of load_quiz's): fields or problem lines."""
    out = []
    for build in (False, True):
        try:
            result = loader.load_quiz_text(text, "q.yaml", build=build)
        except QuizFileError as exc:
            out.append(("problems", [str(p) for p in exc.problems]))
        else:
            out.append(("ok", msgspec.to_builtins(result)))
    return out[0], out[1]


def _agree(data: Any) -> bool:
    """True when msgspec accepts the data; and then the walk finds nothing, else it finds something."""
    try:
        msgspec.convert(data, model.Quiz, strict=True)
    except msgspec.ValidationError:
        assert shapes.shape_errors(data), (
            data
        )  # every refusal is worded by the walk, not msgspec's fallback
        return False
    assert shapes.shape_errors(data) == [], data
    return True


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_shipped_quizzes_and_fixtures_are_judged_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    facts, full = _both(text)
    assert facts == full
    assert _agree(read_yaml(text, str(path)).data)


def test_checking_returns_the_quiz_model_itself() -> None:
    for path in BUILTIN:
        assert type(loader.check_quiz(path)) is model.Quiz, path


_ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    100,
    101,
    10**30,
    1.5,
    0.0,
    "",
    "x",
    "Abc",
    "a-b",
    "a_b",
    "scale",
    "text",
    "yes",
    "better",
    [],
    ["a"],
    [{}],
    {},
    {"a": 1},
    {"own_readiness": 1},
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        where = rng.choice(_paths(data)[1:])
        parent = data
        for part in where[:-1]:
            parent = parent[part]
        last = where[-1]
        roll = rng.random()
        if roll < 0.25:
            del parent[last]
        elif roll < 0.35 and isinstance(parent, dict):
            keys = [
                "extra",
                "Id",
                "type",
                "scores",
                "options",
                "scale",
                "show_if",
                "when",
                "bands",
                "higher_is",
                "tags",
            ]
            parent[rng.choice(keys)] = rng.choice(_ODD_VALUES)
        else:
            parent[last] = copy.deepcopy(rng.choice(_ODD_VALUES))
    return data


def test_mutated_quizzes_are_judged_the_same() -> None:
    """Random changes of type, value and presence anywhere in real quizzes: the walk that
    words shape problems refuses exactly what msgspec refuses, and checking a file
    reports exactly what loading it reports."""
    rng = random.Random(7)
    bases = [read_yaml(p.read_text(encoding="utf-8"), str(p)).data for p in BUILTIN]
    valid = 0
    for _ in range(300):
        data = _mutate(rng.choice(bases), rng)
        valid += _agree(data)
        # JSON is YAML too, and far quicker to write than yaml.safe_dump.
        text = json.dumps(data, indent=1, ensure_ascii=False)
        facts, full = _both(text)
        assert facts == full, text
    assert valid > 8  # the walk does reach valid files, not only broken ones


def test_a_problem_the_walk_misses_is_still_located(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the walk ever miss what msgspec refuses, msgspec's own words are shown at its place."""
    monkeypatch.setattr(shapes, "shape_errors", lambda data: [])
    text = BUILTIN[0].read_text(encoding="utf-8").replace("version: ", "version: -", 1)
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(text, "q.yaml")
    (problem,) = caught.value.problems
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("version:"))
    assert (problem.line, problem.message) == (line, "'version': Expected `int` >= 1")


def test_validate_of_a_new_valid_file_imports_no_pydantic(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from readiness.cli import main\n"
        "code = main(['validate', sys.argv[1]])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'textual'))\n"
        "print(code, heavy)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(BUILTIN[0])],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_validate_of_an_unchanged_file_reads_only_the_cache(tmp_path: Path) -> None:
    """A cache hit needs no YAML reader, no model (so neither msgspec nor the `typing`,
    `decimal` and `ast` it brings), not even `dataclasses` or `difflib`."""
    probe = (
        "import sys\n"
        "from readiness.cli import main\n"
        "code = main(['validate', sys.argv[1]])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "               ('pydantic', 'textual', 'yaml', 'dataclasses', 'difflib', 'msgspec', 'typing', 'decimal', 'ast'))\n"
        "heavy += sorted(m for m in sys.modules if m in ('readiness.core.model', 'readiness.core.shapes'))\n"
        "heavy += sorted(m for m in sys.modules if m in ('readiness.core.loader', 'readiness.core.expressions'))\n"
        "print(code, heavy)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, str(BUILTIN[0])],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        for _ in range(2)
    ]
    for done in runs:
        assert done.returncode == 0, done.stderr
    assert (
        runs[0].stdout.strip().splitlines()[-1].startswith("0 [")
    )  # the first run fills the cache
    assert runs[1].stdout.strip().splitlines()[-1] == "0 []"


def test_a_valid_file_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Places are noted only when a problem needs one: a valid file is never read twice."""
    from readiness.core import yamlsafe

    rereads: list[str] = []
    note = yamlsafe.Document._note_places
    monkeypatch.setattr(
        yamlsafe.Document, "_note_places", lambda self: (rereads.append(self.path), note(self))[1]
    )
    for path in BUILTIN:
        loader.check_quiz(path)
        load_quiz_text(path.read_text(encoding="utf-8"), str(path))
    assert rereads == []
    with pytest.raises(QuizFileError):
        load_quiz_text(
            BUILTIN[0].read_text(encoding="utf-8").replace("format: 1", "format: 2"), "x.yaml"
        )
    assert rereads == ["x.yaml"]


def test_checking_an_expression_without_building_it_finds_the_same() -> None:
    """`validate` checks expressions without building them: the same problems, the same names."""
    from readiness.core import expressions as ex

    ctx = ex.ExprContext(
        dimensions={"own": ("low", "mid", "high")},
        questions={
            "q": ex.QuestionInfo("choice", ("yes", "no")),
            "m": ex.QuestionInfo("multi", ("a",)),
            "later": ex.QuestionInfo("scale", (), available=False),
        },
        flags=("f",),
    )
    rng = random.Random(3)
    atoms = [
        "score.own",
        "band.own",
        "answer.q",
        "answer.m",
        "answer.later",
        "flag.f",
        "safety.concern",
        "1",
        "0.25",
        "'yes'",
        "'maybe'",
        "'high'",
        "none",
        "true",
        "[1, 'a']",
        "count(answer.m)",
        "min(1, score.own)",
        "score.ownn",
        "x",
        "a[0]",
        "f'{x}'",
        "1e400",
        "-" * 60 + "1",
    ]
    ops = [" and ", " or ", " == ", " != ", " < ", " in ", " not in ", " + ", " / ", " is ", " % "]
    for _ in range(1500):
        text = rng.choice(atoms)
        for _ in range(rng.randint(0, 4)):
            text = (
                f"({text}{rng.choice(ops)}{rng.choice(atoms)})"
                if rng.random() < 0.5
                else f"{text}{rng.choice(ops)}{rng.choice(atoms)}"
            )
        if rng.random() < 0.1:
            cut = rng.randrange(len(text))
            text = text[:cut] + text[cut + 1 :]
        built, built_problems = ex.compile_expression(text, ctx)
        checked, checked_problems = ex.compile_expression(text, ctx, build=False)
        assert checked_problems == built_problems, text
        assert (checked is None) == (built is None), text
        if built is not None and checked is not None:
            assert checked.references() == built.references(), text
