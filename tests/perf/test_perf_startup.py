"""`readiness validate FILE` starts quickly (issue 7: <= 2x `python -c 'import yaml'`):
only the named command's parser is built, and the modules it does not need are not
imported. No timings here: the parsers are compared with the full ones, and imports
are checked in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness import cli
from support.paths import REPO

QUIZ = REPO / "quizzes" / "therapy-readiness.yaml"


def _subparsers(parser):  # noqa: ANN001, ANN202 - argparse internals, for comparison only
    return next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")


@pytest.mark.parametrize("command", sorted(cli._COMMANDS))
def test_a_command_alone_parses_and_helps_exactly_as_in_the_full_parser(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    full = _subparsers(cli.build_parser()).choices[command]
    lazy_parser = cli.build_parser([command, "x"])
    lazy = _subparsers(lazy_parser).choices
    assert list(lazy) == [command]  # the others were never made
    assert lazy[command].format_help() == full.format_help()
    assert lazy[command].format_usage() == full.format_usage()
    assert [a.dest for a in lazy[command]._actions] == [a.dest for a in full._actions]


def test_every_command_of_the_table_is_registered_by_its_module() -> None:
    full = _subparsers(cli.build_parser()).choices
    assert set(cli._COMMANDS) <= set(full)
    for command, module in cli._COMMANDS.items():
        assert full[command].get_default("handler").__module__ == f"readiness.commands.{module}", (
            command
        )


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["--private", "list"], ["--quiz-dir", "d", "list"], ["bogus"]]
)
def test_anything_else_builds_every_parser(argv: list[str]) -> None:
    assert set(_subparsers(cli.build_parser(argv)).choices) == set(
        _subparsers(cli.build_parser()).choices
    )


def test_validate_of_a_new_file_imports_only_what_it_needs(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from readiness.cli import main\n"
        "code = main(['validate', sys.argv[1]])\n"
        # The quiz model is msgspec Structs (issue 15), and msgspec brings `typing`, `decimal`
        # and `ast` with it: a cache hit still needs none of them (test_perf_validate).
        "unneeded = ('platformdirs', 'fractions', 'tempfile', 'shutil', 'pydantic', 'textual',\n"
        "            'threading', 'subprocess',\n"
        "            'readiness.commands.history_cmd', 'readiness.commands.authoring_cmd')\n"
        "print(code, sorted(m for m in unneeded if m in sys.modules))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(QUIZ)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 []"
    assert list((tmp_path / "cache" / "readiness").glob("catalog-*.json")), "the cache was written"


def test_the_light_named_tuples_behave_like_typing_ones() -> None:
    import typing

    from readiness.core.problems import NamedTuple, Problem

    class Light(NamedTuple):
        """doc"""

        a: int
        b: str = "x"

        def twice(self) -> int:
            return self.a * 2

    class Heavy(typing.NamedTuple):
        a: int
        b: str = "x"

    light = Light(2)
    assert light == (2, "x") and light.twice() == 4 and light._replace(b="y").b == "y"
    assert Light._fields == Heavy._fields and Light._field_defaults == Heavy._field_defaults == {
        "b": "x"
    }
    assert Light.__doc__ == "doc" and Light.__module__ == __name__
    assert isinstance(light, tuple) and repr(light) == "Light(a=2, b='x')"
    assert Problem("p", 1, 2, "m").severity == "error"
    with pytest.raises(TypeError):
        Light()  # type: ignore[call-arg]


@pytest.mark.parametrize("columns", ["30", "60", "100", "250"])
def test_help_is_laid_out_exactly_as_by_argparse_itself(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The formatter that measures the terminal only when needed gives argparse's own layout."""
    import argparse

    monkeypatch.setenv("COLUMNS", columns)
    parser = cli.build_parser()
    parsers = [parser, *_subparsers(parser).choices.values()]
    assert parser.formatter_class is cli._HelpFormatter
    for each in parsers:
        if each.formatter_class is not cli._HelpFormatter:
            continue  # a command module chose its own formatter
        ours = (each.format_help(), each.format_usage())
        each.formatter_class = argparse.HelpFormatter
        assert (each.format_help(), each.format_usage()) == ours, each.prog


def test_no_help_printed_means_no_terminal_measured() -> None:
    probe = (
        "import sys\n"
        "from readiness.cli import build_parser\n"
        "build_parser(['validate', 'x.yaml']).parse_args(['validate', 'x.yaml'])\n"
        "build_parser(['list']).parse_args(['list', '--json'])\n"
        "print('shutil' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr


def test_version_alone_imports_no_command_module() -> None:
    probe = (
        "import sys\n"
        "from readiness.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print(code, sorted(m for m in sys.modules if m.startswith('readiness.commands.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.splitlines() == [f"readiness {cli.__version__}", "0 []"], done.stderr
