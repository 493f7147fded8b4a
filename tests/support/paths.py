"""Where things are, for every suite: the repository, the built-in quizzes, the fixtures."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QUIZ_DIR = REPO / "quizzes"
FIXTURES = REPO / "tests" / "fixtures"
CONTRACT_YAML = FIXTURES / "contract.yaml"
BENCHMARKS = REPO / "benchmarks"
