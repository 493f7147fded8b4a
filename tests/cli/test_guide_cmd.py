"""`readiness guide`: the authoring guide travels with the package (issue 18, part 5), and
what an installed author reads points to it rather than to a docs/ folder they do not have."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness import locations
from readiness.cli import main
from readiness.core.starter import starter_quiz
from support.paths import REPO

GUIDE = REPO / "src" / "readiness" / "data" / "authoring.md"


def test_guide_prints_the_shipped_guide(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide"]) == 0
    out, err = capsys.readouterr()
    assert out == GUIDE.read_text(encoding="utf-8") and err == ""
    assert out.startswith("# Writing your own quiz\n")


def test_guide_path_says_where_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "--path"]) == 0
    out, _ = capsys.readouterr()
    assert Path(out.strip()) == locations.data_file("authoring.md") == GUIDE


def test_a_missing_guide_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(locations, "data_file", lambda name: tmp_path / name)
    assert main(["guide"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"readiness guide: cannot read {tmp_path / 'authoring.md'}: ")
    assert err.endswith("; this installation seems incomplete\n") and err.count("\n") == 1


def test_the_docs_folder_points_to_the_one_guide() -> None:
    pointer = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert "src/readiness/data/authoring.md" in pointer and "readiness guide" in pointer
    assert len(pointer.splitlines()) == 1


def test_the_starter_names_the_command_not_a_docs_path() -> None:
    text = starter_quiz("x", "x.yaml")
    assert "run `readiness guide`" in text
    assert "docs/" not in text


def test_guide_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, io, contextlib\nfrom readiness.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['guide'])\n"
        "import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
