"""A quiz the schema vouches for is taken without pydantic (a LightQuiz), and it
behaves exactly as the pydantic Quiz: same answers give the same record, the
same lookups and labels; no pydantic import on the way (fresh process)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.core import loader
from readiness.core.safety import safety_quiz_path
from readiness.core.scoring import SafetyState, evaluate
from test_builtin_quizzes import answers_for  # random valid answers, the same as the content tests'

REPO = Path(__file__).resolve().parent.parent
FILES = [*sorted((REPO / "quizzes").glob("*.yaml")), safety_quiz_path(), REPO / "tests" / "fixtures" / "contract.yaml",
         REPO / "tests" / "fixtures" / "app_branching.yaml"]
WHEN = datetime(2026, 11, 22, 10, 4, 5, tzinfo=UTC)


def both(path: Path) -> tuple[Any, Any]:
    text = path.read_text(encoding="utf-8")
    light = loader._load_text(text, str(path), facts_only=False)
    full = loader._load_text(text, str(path), facts_only=False, light=False)
    return light, full


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_light_quiz_is_what_the_models_build(path: Path) -> None:
    light, full = both(path)
    assert type(light).__name__ == "LightQuiz" and type(full).__name__ == "Quiz"
    assert (light.source, light.sha256) == (full.source, full.sha256)
    for lq, fq in zip(light.questions, full.questions, strict=True):
        assert (lq.id, lq.label, lq.is_required) == (fq.id, fq.label, fq.is_required)
        assert light.choices(lq) == full.choices(fq)
        for option in fq.options or ():
            assert light.question(lq.id).option(option.id).label == option.label
    assert [d.id for d in light.dimensions] == [d.id for d in full.dimensions]
    assert light.dimension(full.dimensions[0].id).label == full.dimensions[0].label

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_for(full), st.booleans(), st.booleans())
    def same_result(answers: dict[str, Any], concern: bool, crisis: bool) -> None:
        safety = SafetyState(concern=concern, crisis=crisis)
        assert evaluate(light, answers, safety, taken_at=WHEN).to_record() == evaluate(
            full, answers, safety, taken_at=WHEN
        ).to_record()

    same_result()


def test_taking_the_built_in_quizzes_imports_no_pydantic() -> None:
    code = (
        "import sys\n"
        "from readiness.core.catalog import load_catalog\n"
        "from readiness.core.safety import load_safety_quiz\n"
        "from readiness.core.scoring import evaluate\n"
        "from readiness.core.report import to_markdown\n"
        "quizzes = [e.quiz for e in load_catalog(use_cache=False).entries] + [load_safety_quiz()]\n"
        "for quiz in quizzes:\n"
        "    to_markdown(evaluate(quiz, {}))\n"
        "print(len(quizzes), sorted({type(q).__name__ for q in quizzes}), 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[-1] == "False", out
    assert out[0] == "4" and out[1] == "['LightQuiz']", out
