"""The settings file (issue 16): good values, every bad value located with the defaults
kept, a FIFO never waited on, `private` and `protect` on the command line, `save_theme`."""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from readiness import cli, locations
from readiness.core import config
from readiness.core.config import Config, load_config, save_theme
from support.paths import REPO

FIXTURE = REPO / "tests" / "fixtures" / "contract.yaml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings_file(text: str) -> Path:
    return write(locations.config_file(), text)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- where, and good values


def test_the_file_is_config_toml_in_the_user_config_folder(isolated_user_dirs: Path) -> None:
    assert locations.config_file() == isolated_user_dirs / "config" / "readiness" / "config.toml"
    assert not locations.config_file().parent.exists()  # asking where creates nothing


def test_the_config_folder_is_platformdirs_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    for xdg in ("/tmp/xdg", "relative", None):
        if xdg is None:
            monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
        assert (
            locations.config_file()
            == platformdirs.user_config_path("readiness", appauthor=False) / "config.toml"
        )


def test_a_missing_file_is_the_defaults_with_no_problem() -> None:
    assert load_config() == (Config(), [])
    assert Config().name == "readiness" and Config().theme is None


def test_good_values_are_taken() -> None:
    settings_file(
        '# mine\nprivate = true\nprotect = true\nneutral_name = "  Notes "\ntheme = "nord"\n'
    )
    settings, problems = load_config()
    assert problems == []
    assert settings == Config(private=True, protect=True, neutral_name="Notes", theme="nord")
    assert settings.name == "Notes"


def test_every_theme_named_is_one_of_textuals_own() -> None:
    from textual.theme import BUILTIN_THEMES

    assert set(config.THEMES) == set(BUILTIN_THEMES)


def test_textual_theme_in_the_environment_wins_for_the_run() -> None:
    chosen = Config(theme="nord")
    assert config.start_theme(chosen, {}) == "nord"
    assert config.start_theme(chosen, {"TEXTUAL_THEME": "dracula"}) is None
    assert config.start_theme(Config(), {}) is None


# --------------------------------------------------------------------------- bad values


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ('\nprivate = "yes"\n', 2, 11, "private must be true or false, not text"),
        ("protect = 1\n", 1, 11, "protect must be true or false, not a number"),
        ('private = "true"\n', 1, 11, "(without quotes)"),
        (
            'theme = "nordd"  # a comment\n',
            1,
            9,
            "'nordd' is not one of the app's themes (did you mean 'nord'?)",
        ),
        ("theme = 3\n", 1, 9, "theme must be a theme's name in quotes"),
        ("theme.dark = true\n", 1, 1, "not a table"),
        (f'neutral_name = "{"x" * 31}"\n', 1, 16, "31 characters long; at most 30"),
        ('neutral_name = "Notes\\u001b]0;x"\n', 1, 16, "a control character (U+001B)"),
        ('neutral_name = "Notes\\u202e"\n', 1, 16, "direction control"),
        ('neutral_name = "   "\n', 1, 16, "neutral_name is empty"),
        ("neutral_name = false\n", 1, 16, "must be a name in quotes"),
    ],
)
def test_a_bad_value_is_located_and_its_default_kept(
    text: str, line: int, col: int, words: str
) -> None:
    path = settings_file('theme = "gruvbox"\n' + text if not text.startswith("theme") else text)
    if not text.startswith("theme"):
        line += 1
    settings, problems = load_config()
    assert len(problems) == 1, problems
    shown = str(problems[0])
    assert shown.startswith(f"{path}:{line}:{col}: error: "), shown
    assert words in shown
    assert "\x1b" not in shown and "\u202e" not in shown and "\n" not in shown
    assert settings.private is False and settings.protect is False and settings.neutral_name is None
    if not text.startswith("theme"):
        assert settings.theme == "gruvbox"  # the good value beside the bad one is kept


def test_an_unknown_key_is_a_located_warning_with_did_you_mean() -> None:
    path = settings_file('private = true\n  neutral-name = "Notes"\n[colours]\nx = 1\n')
    settings, problems = load_config()
    assert settings == Config(private=True)
    assert [str(p) for p in problems] == [
        f"{path}:2:3: warning: 'neutral-name' is not a setting readiness knows (did you mean 'neutral_name'?), "
        "so it is ignored",
        f"{path}:3:1: warning: 'colours' is not a setting readiness knows, so it is ignored",
    ]


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("private = true\ntheme = \n", 2, 9),
        ("private = true\nprivate = false\n", 2, 16),
        ('theme = "nord', 1, 14),
    ],
)
def test_broken_toml_is_one_located_problem_and_every_default(
    text: str, line: int, col: int
) -> None:
    path = settings_file(text)
    settings, problems = load_config()
    assert settings == Config()
    assert len(problems) == 1
    shown = str(problems[0])
    assert shown.startswith(f"{path}:{line}:{col}: error: this is not valid TOML ("), shown
    assert shown.endswith("so every setting keeps its default")


@pytest.mark.parametrize(
    ("data", "words", "line", "col"),
    [
        (b'private = true\ntheme = "caf\xe9"\n', "not UTF-8 text", 2, 13),
        (b"# " + b"x" * (70 * 1024) + b"\n", "larger than 64 KiB", 1, 1),
    ],
)
def test_a_file_that_cannot_be_read_as_text_is_one_problem(
    data: bytes, words: str, line: int, col: int
) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    settings, problems = load_config()
    assert settings == Config() and len(problems) == 1
    assert str(problems[0]).startswith(f"{path}:{line}:{col}: error: ") and words in str(
        problems[0]
    )


def test_a_folder_in_its_place_is_one_problem() -> None:
    locations.config_file().mkdir(parents=True)
    settings, problems = load_config()
    assert settings == Config() and len(problems) == 1 and "cannot be read" in problems[0].message


def test_a_fifo_as_the_settings_file_is_never_waited_on(capsys: pytest.CaptureFixture[str]) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    found: list[Any] = []
    reader = threading.Thread(target=lambda: found.append(load_config()), daemon=True)
    reader.start()
    reader.join(5)
    assert found, "load_config waited on a FIFO"
    settings, problems = found[0]
    assert settings == Config() and len(problems) == 1 and "named pipe" in problems[0].message
    code, out, err = run(["paths"], capsys)  # and `paths` shows it, and goes on
    assert code == 0 and str(path) in out and "named pipe" in err


def test_paths_names_the_files_and_explains_every_key(capsys: pytest.CaptureFixture[str]) -> None:
    settings_file('theme = "nord"\nneutral_name = "Notes"\nbogus = 1\n')
    code, out, err = run(["paths"], capsys)
    assert code == 0
    for where in (locations.config_file(), locations.identity_file(), locations.recipient_file()):
        assert str(where) in out
    for key in config.KEYS:
        assert sum(line.startswith(f"  {key} ") for line in out.splitlines()) == 1, key
    assert 'theme = "nord"' in out and 'neutral_name = "Notes"' in out and "private = false" in out
    assert "TEXTUAL_THEME" in out
    assert err.count("'bogus' is not a setting") == 1 and "Traceback" not in err


# --------------------------------------------------------------------------- the command line


def _answers(tmp_path: Path) -> Path:
    from readiness.core.loader import load_quiz

    quiz = load_quiz(FIXTURE)
    answers: dict[str, Any] = {}
    for question in quiz.questions:
        if question.type == "scale":
            answers[question.id] = quiz.scales[question.scale][0].value
        elif question.type == "choice":
            answers[question.id] = question.options[0].id
        elif question.type == "multi":
            answers[question.id] = [question.options[0].id]
        else:
            answers[question.id] = "some words"
    return write(tmp_path / "answers.yaml", json.dumps(answers))


def _everything_under(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


def test_private_true_writes_nothing_on_take_save(
    tmp_path: Path, isolated_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers(tmp_path)
    settings_file("private = true\n")
    before = _everything_under(isolated_user_dirs)
    code, out, err = run(["take", str(FIXTURE), "--answers", str(answers), "--save"], capsys)
    assert code == 0, err
    assert out.strip()  # the result is still shown
    assert "private = true in config.toml" in err and "not saved" in err
    assert _everything_under(isolated_user_dirs) == before
    assert not locations.results_dir().exists()


def test_the_private_flag_also_keeps_take_save_from_saving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["take", str(FIXTURE), "--answers", str(_answers(tmp_path)), "--save", "--private"], capsys
    )
    assert code == 0 and "(--private)" in err and not locations.results_dir().exists()


def test_without_settings_take_save_saves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["take", str(FIXTURE), "--answers", str(_answers(tmp_path)), "--save"], capsys
    )
    assert code == 0 and "Saved to" in err and any(locations.results_dir().iterdir())


def test_protect_true_saves_nothing_plain_until_protection_is_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings_file("protect = true\n")
    code, out, err = run(
        ["take", str(FIXTURE), "--answers", str(_answers(tmp_path)), "--save"], capsys
    )
    assert code == 1 and out.strip()
    assert "readiness protect" in err and "Not saved" in err and len(err.strip().splitlines()) == 1
    assert not locations.results_dir().exists()


def test_a_bad_file_is_said_once_and_the_command_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = settings_file("private = maybe\n")
    code, out, err = run(
        ["take", str(FIXTURE), "--answers", str(_answers(tmp_path)), "--format", "json"], capsys
    )
    assert code == 0 and json.loads(out)["dimensions"]
    assert err.count(f"{path}:1:11: error: this is not valid TOML") == 1


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[argparse.Namespace]:
    calls: list[argparse.Namespace] = []

    def fake_run_app(args: argparse.Namespace) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    return calls


@pytest.mark.parametrize("argv", [[], ["take", "therapy-readiness"]])
def test_private_true_opens_the_app_private(
    argv: list[str], opened: list[Any], capsys: Any
) -> None:
    settings_file("private = true\n")
    assert run(argv, capsys)[0] == 0
    assert opened and opened[0].private is True


def test_the_app_is_opened_as_before_without_settings(opened: list[Any], capsys: Any) -> None:
    assert run([], capsys) == (0, "", "")
    assert opened[0].private is False


def test_the_quick_commands_never_read_the_settings(tmp_path: Path) -> None:
    """`--version`, `list` and `validate` neither open the file nor import tomllib."""
    probe = (
        "import sys, builtins\n"
        "from readiness import cli\n"
        "code = 0\n"
        "for argv in (['list'], ['validate', sys.argv[1]]):\n"
        "    code |= cli.main(argv)\n"
        "print('tomllib' in sys.modules, 'readiness.core.config' in sys.modules)\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    write(tmp_path / "config" / "readiness" / "config.toml", "private = maybe\n")
    done = subprocess.run(
        [sys.executable, "-c", probe, str(FIXTURE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.stdout.strip().splitlines()[-1] == "False False", done.stderr
    assert "config.toml" not in done.stderr


# --------------------------------------------------------------------------- save_theme


def test_save_theme_keeps_comments_and_other_keys() -> None:
    text = (
        "# my settings\r\n"
        "private = true   # always\r\n"
        "theme = 'nord'   # the colours\r\n"
        'neutral_name = "Notes"\r\n'
        "\r\n"
        "# something of mine\r\n"
        "[mine]\r\n"
        "theme = 'kept'\r\n"
    )
    path = settings_file(text)
    assert save_theme("dracula") is None
    assert path.read_bytes().decode("utf-8") == text.replace("'nord'", '"dracula"')
    assert load_config()[0] == Config(private=True, neutral_name="Notes", theme="dracula")


def test_save_theme_adds_the_key_after_the_others_and_before_any_table() -> None:
    path = settings_file("# mine\nprivate = true\n\n# a table of mine\n[mine]\nx = 1\n")
    assert save_theme("nord") is None
    assert (
        path.read_text(encoding="utf-8")
        == '# mine\nprivate = true\ntheme = "nord"\n\n# a table of mine\n[mine]\nx = 1\n'
    )


def test_save_theme_into_a_file_with_no_newline_at_its_end() -> None:
    path = settings_file("private = true")
    assert save_theme("nord") is None
    assert path.read_text(encoding="utf-8") == 'private = true\ntheme = "nord"\n'


def test_save_theme_makes_a_private_file_in_a_private_folder(isolated_user_dirs: Path) -> None:
    assert save_theme("gruvbox") is None
    path = locations.config_file()
    assert path.read_text(encoding="utf-8") == 'theme = "gruvbox"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_config()[0].theme == "gruvbox"


def test_save_theme_writes_through_a_link_to_where_it_points(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "readiness.toml", "protect = true\n")
    locations.config_file().parent.mkdir(parents=True)
    locations.config_file().symlink_to(real)
    assert save_theme("nord") is None
    assert locations.config_file().is_symlink()
    assert real.read_text(encoding="utf-8") == 'protect = true\ntheme = "nord"\n'


@pytest.mark.parametrize("text", ["theme = \n", "private = true\n[x]\n[x]\n"])
def test_save_theme_leaves_a_broken_file_alone(text: str) -> None:
    path = settings_file(text)
    message = save_theme("nord")
    assert (
        message is not None
        and message.startswith("The theme was not saved")
        and "\n" not in message
    )
    assert path.read_text(encoding="utf-8") == text


def test_save_theme_refuses_an_unknown_theme_and_writes_nothing() -> None:
    message = save_theme("neon\x1b[2J")
    assert (
        message is not None and "\x1b" not in message and "not one of the app's themes" in message
    )
    assert not locations.config_file().parent.exists()


def test_the_settings_are_read_once_while_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    settings_file('theme = "nord"\n')
    reads: list[Any] = []
    real = config.load_config
    monkeypatch.setattr(config, "load_config", lambda path=None: reads.append(path) or real(path))
    first = config.current_config()
    assert config.current_config() == first and len(reads) == 1
    assert save_theme("dracula") is None
    assert config.current_config()[0].theme == "dracula" and len(reads) == 2


def test_odd_characters_in_a_key_or_a_theme_are_shown_not_acted_on() -> None:
    settings_file('"\\u001b]0;title\\u0007" = 1\ntheme = "\\u001b[2J"\n')
    settings, problems = load_config()
    assert settings == Config() and len(problems) == 2
    for problem in problems:  # the message itself, not only its printed form
        assert "\x1b" not in problem.message and "\\x1b" in problem.message


def test_a_deeply_nested_file_is_one_problem() -> None:
    settings_file("a = " + "[" * 30000 + "]" * 30000 + "\n")
    settings, problems = load_config()
    assert settings == Config() and len(problems) == 1
