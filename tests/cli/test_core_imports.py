"""Architecture rule: the core never imports Textual, and neither do `--version`, `--help`,
`list`, `validate` and `take --answers` (checked in fresh processes)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import readiness.core
from support.paths import FIXTURES

FIXTURE = FIXTURES / "contract.yaml"
CORE_MODULES = sorted(
    f"readiness.core.{m.name}" for m in pkgutil.iter_modules(readiness.core.__path__)
)

# Runs each command in turn in one fresh interpreter and records, after each, whether any
# textual module has been imported: the first command that pulls it in is the culprit.
PROBE = """
import contextlib, io, json, sys
commands = json.loads(sys.argv[1])
modules = json.loads(sys.argv[2])
import importlib
for name in modules:
    importlib.import_module(name)
report = [{"argv": None, "code": None, "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual")}]
for argv in commands:
    from readiness.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    report.append({"argv": argv, "code": code, "stderr": err.getvalue()[-2000:],
                   "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual")})
print(json.dumps(report))
"""


def probe(tmp_path: Path, commands: list[list[str]], modules: list[str]) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(commands), json.dumps(modules)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_core_modules_are_found():
    for name in (
        "yamlsafe",
        "model",
        "loader",
        "expressions",
        "scoring",
        "nextsteps",
        "answers",
        "catalog",
        "report",
        "explain",
        "problems",
    ):
        assert f"readiness.core.{name}" in CORE_MODULES


def test_importing_every_core_module_and_the_cli_does_not_import_textual(tmp_path):
    modules = [
        *CORE_MODULES,
        "readiness",
        "readiness.cli",
        "readiness.commands.quiz_cmd",
        "readiness.locations",
    ]
    (facts,) = probe(tmp_path, [], modules)
    assert facts["textual"] == []


def test_version_help_list_validate_and_take_do_not_import_textual(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "open_to_talk: 4\nhopeful: 3\npartner_stance: open\nheard: []\n", encoding="utf-8"
    )
    commands = [
        ["--version"],
        ["--help"],
        ["list"],
        ["list", "--json"],
        ["validate", str(FIXTURE)],
        ["take", "--help"],
        *(
            ["take", str(FIXTURE), "--answers", str(answers), "--format", fmt, "--safety", safety]
            for fmt, safety in (("json", "none"), ("markdown", "concern"), ("text", "crisis"))
        ),
        ["take", str(FIXTURE), "--answers", str(answers), "--explain"],
    ]
    report = probe(tmp_path, commands, [])
    for step in report[1:]:
        assert step["code"] in (0, None), step
        assert step["textual"] == [], f"{step['argv']} imported {step['textual'][:3]}"
