"""Issue 2, set-up: the wheel ships the built-in quizzes, and they load from inside it,
outside the repository, with `readiness validate` passing on them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from support.paths import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    try:
        import hatchling  # noqa: F401
    except ImportError:
        isolation: list[str] = []  # pip fetches hatchling into an isolated build environment
    else:
        isolation = ["--no-build-isolation"]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "-q",
            "-w",
            str(out),
            *isolation,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = list(out.glob("readiness-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def run_from_wheel(unpacked: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Python without site (so the editable install's .pth is not read): only the unpacked
    wheel, then the venv's site-packages for the dependencies."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.pathsep.join([str(unpacked), sysconfig.get_paths()["purelib"]])
    return subprocess.run(
        [sys.executable, "-S", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def test_the_wheel_ships_the_quizzes_and_the_data_files(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {
        Path(n).name for n in names if n.startswith("readiness/quizzes/") and n.endswith(".yaml")
    }
    in_repo = {p.name for p in (REPO / "quizzes").glob("*.yaml")}
    assert shipped == in_repo and shipped
    assert "readiness/data/safety-check.yaml" in names
    assert "readiness/data/resources.yaml" in names
    assert (
        "readiness/data/authoring.md" in names
    )  # `readiness guide`: an installed user has no docs/
    assert any(n.endswith("entry_points.txt") for n in names)


def test_built_in_quizzes_load_from_inside_the_wheel(unpacked: Path, tmp_path: Path):
    script = """
import json, sys
import readiness
from readiness import locations
from readiness.core.catalog import load_catalog
from readiness.core.loader import load_quiz
from readiness.core.safety import load_safety_quiz
catalog = load_catalog()
print(json.dumps({
    "package": readiness.__file__,
    "builtin": str(locations.builtin_quiz_dir()),
    "entries": [[e.id, str(e.path), e.source, len(load_quiz(e.path).questions)] for e in catalog.entries],
    "broken": [b.first_error for b in catalog.broken],
    "safety": load_safety_quiz().id,
    "textual": "textual" in sys.modules,
}))
"""
    proc = run_from_wheel(unpacked, tmp_path, "-c", script)
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stdout)
    assert Path(facts["package"]).is_relative_to(unpacked)
    assert Path(facts["builtin"]).is_relative_to(unpacked)
    assert not Path(facts["builtin"]).is_relative_to(REPO)
    builtin = [e for e in facts["entries"] if e[2] == "built-in"]
    assert builtin, facts
    assert all(Path(path).is_relative_to(unpacked) for _, path, _, _ in builtin)
    assert facts["broken"] == []
    assert facts["safety"] == "safety-check"
    assert facts["textual"] is False


def test_validate_passes_on_the_shipped_quizzes(unpacked: Path, tmp_path: Path):
    shipped = unpacked / "readiness" / "quizzes"
    proc = run_from_wheel(unpacked, tmp_path, "-m", "readiness", "validate", str(shipped))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(": ok") == len(list(shipped.glob("*.yaml")))
    assert "Traceback" not in proc.stderr


def test_the_guide_comes_from_inside_the_wheel(unpacked: Path, tmp_path: Path):
    where = run_from_wheel(unpacked, tmp_path, "-m", "readiness", "guide", "--path")
    assert where.returncode == 0, where.stderr
    path = Path(where.stdout.strip())
    assert path == unpacked / "readiness" / "data" / "authoring.md"
    shown = run_from_wheel(unpacked, tmp_path, "-m", "readiness", "guide")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == (REPO / "src" / "readiness" / "data" / "authoring.md").read_text(
        encoding="utf-8"
    )
