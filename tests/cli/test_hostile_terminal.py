"""Hostile folders against every command: no escape sequence, no hang, no traceback.

Each case builds its files in a temporary folder (escape sequences in quiz file
names, in every field of a saved record, in the quiz cache and the results index,
C1 controls, bidi overrides, markup), runs the real `readiness` command in a
subprocess with a time limit, and looks at the bytes it wrote: nothing that could
act on a terminal may be among them, and every notice that should be there is.
The helper owning the store has its own file-level cases in test_hostile_files.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readiness import locations
from readiness.core.textsafe import has_unsafe
from support.paths import REPO
from support.records import write_signed_index

FIXTURE = REPO / "tests" / "fixtures" / "contract.yaml"
TIME_LIMIT = 60  # seconds per command: a hang fails the case, it never blocks the suite

# Window title, clipboard write (OSC 52), screen clear, a C1 CSI, a bidi override,
# a zero-width space, DEL, a C1 "next line" and a Unicode line separator.
EVIL = "\x1b]0;owned\x07\x1b]52;c;aGk=\x07\x1b[2J\x9b31m\u202etxt\u200b\x7f\x85\u2028"
EVIL_NAME = "\x1b]0;owned\x07\x1b[2J\x9b\u202e"  # what a file name can hold of it
MARKUP = (
    "[@click=app.quit]x [link=https:example.invalid]y [b]z [reverse]"  # (no slash: a file name)
)

ANSWERS = 'open_to_talk: 3\nhopeful: 2\npartner_stance: open\nheard: [broken]\nhope: "more time"\n'


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The real command, as a person's shell would run it, within the time limit."""
    return subprocess.run(
        [sys.executable, "-m", "readiness", *args],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=TIME_LIMIT,
        stdin=subprocess.DEVNULL,
    )


def assert_clean(done: subprocess.CompletedProcess[bytes]) -> str:
    """No traceback, no byte or character that could act on a terminal; the output as text."""
    raw = done.stdout + done.stderr
    assert b"Traceback" not in raw, raw.decode("utf-8", "replace")
    assert not any(b < 0x20 and b not in (0x0A, 0x09) or b == 0x7F for b in raw), raw
    text = raw.decode("utf-8")  # valid UTF-8: no stray byte from a file name
    assert has_unsafe(text) is None, repr(has_unsafe(text))
    return text


def results_dir() -> Path:
    return locations.results_dir()


def save_one(tmp_path: Path) -> Path:
    """One real saved result (a record and its summary); its record's path."""
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    done = run("take", str(FIXTURE), "--answers", "a.yaml", "--save", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (record,) = results_dir().glob("*.json")
    return record


def poison(
    value: Any, evil: str, keep: Callable[[str], bool] = lambda key: False, key: str = ""
) -> Any:
    """Every string in `value` with `evil` added (keys for which `keep` is true left alone)."""
    if isinstance(value, str):
        return value if keep(key) else value + evil
    if isinstance(value, dict):
        return {k: poison(v, evil, keep, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, evil, keep, key) for v in value]
    return value


# Fields a valid record needs as they are (ids, dates, versions, hashes): the rest is text.
STRUCTURAL = {
    "id",
    "quiz_id",
    "taken_at",
    "band_id",
    "record_version",
    "quiz_sha256",
    "format",
    "kind",
    "type",
}


def poisoned_record(record: Path, *, everything: bool = False) -> dict[str, Any]:
    data = json.loads(record.read_text(encoding="utf-8"))
    data = poison(
        data, EVIL, keep=(lambda key: False) if everything else (lambda key: key in STRUCTURAL)
    )
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


# --- saved records ------------------------------------------------------------------------------


def test_a_record_with_escapes_in_every_text_field_is_shown_harmlessly(tmp_path: Path) -> None:
    record = save_one(tmp_path)
    poisoned_record(record)
    summary = record.with_suffix(".md")
    summary.write_text(summary.read_text(encoding="utf-8") + f"\n{EVIL}\n", encoding="utf-8")
    rid = record.stem
    for args in (
        ["history"],
        ["history", "--json"],
        ["show", rid],
        ["show", rid, "--format", "json"],
        ["show", rid, "--format", "markdown"],
        ["show", rid, "--format", "text"],
        ["export", rid, "--to", str(tmp_path / "out.md")],
        ["export", rid, "--to", str(tmp_path / "out.json")],
    ):
        done = run(*args, cwd=tmp_path)
        text = assert_clean(done)
        if args[0] == "show" and done.returncode == 0 and "json" not in args:
            assert "\\x1b" in text, f"the odd characters are shown, not hidden: {args}"
        if ("--json" in args or args[-1] == "json") and done.returncode == 0:
            json.loads(done.stdout)  # still JSON, with its controls escaped
    done = run("forget", "--all", "--yes", cwd=tmp_path)
    assert_clean(done)
    assert not record.exists()


def test_a_record_with_escapes_in_every_field_is_skipped_with_a_clean_notice(
    tmp_path: Path,
) -> None:
    record = save_one(tmp_path)
    poisoned_record(record, everything=True)
    for args in (
        ["history"],
        ["history", "--json"],
        ["show", record.stem],
        ["forget", "--all", "--yes"],
    ):
        assert_clean(run(*args, cwd=tmp_path))


def test_a_record_named_with_escapes(tmp_path: Path) -> None:
    record = save_one(tmp_path)
    odd = record.with_name(f"{record.stem}{EVIL_NAME}.json")
    record.rename(odd)
    for args in (
        ["history"],
        ["history", "--json"],
        ["show", odd.stem],
        ["forget", "--all", "--yes"],
    ):
        assert_clean(run(*args, cwd=tmp_path))


def resign_index(index: Path) -> None:
    """Poison every headline in the results index (its time aside, so it is still listed)
    and sign it again as the store would, so the store has no damage to notice: an
    attacker's index."""
    import msgspec

    from readiness.core import records, resultindex

    entries = json.loads(index.read_bytes())["entries"]
    for name, (key, head) in list(entries.items()):
        poisoned = msgspec.convert([head[0], *poison(head[1:], EVIL)], records.Headline)
        entries[name] = [key, msgspec.to_builtins(poisoned)]
    write_signed_index(index, entries)
    believed = resultindex.load(index.parent).values()
    assert believed and all(
        e.head.title.endswith(EVIL) for e in believed
    )  # only the sanitizer stands


def test_a_tampered_results_index_prints_nothing_raw(tmp_path: Path) -> None:
    save_one(tmp_path)
    assert_clean(run("history", cwd=tmp_path))  # writes the index
    indexes = list(results_dir().glob(".index*"))
    assert indexes
    for index in indexes:
        index.write_bytes(index.read_bytes() + EVIL.encode("utf-8"))  # damaged: noticed
    for args in (["history"], ["history", "--json"]):
        assert_clean(run(*args, cwd=tmp_path))


def test_a_resigned_results_index_prints_nothing_raw(tmp_path: Path) -> None:
    """Beyond damage: every part poisoned and signed again, so only the sanitizer stands."""
    save_one(tmp_path)
    assert_clean(run("history", cwd=tmp_path))
    for index in results_dir().glob(".index*"):
        resign_index(index)
    for args in (["history"], ["history", "--json"]):
        assert_clean(run(*args, cwd=tmp_path))


# --- quiz files, the cache, answers -------------------------------------------------------------


def user_quizzes() -> Path:
    return locations.ensure_private_dir(locations.user_quiz_dir())


def test_quiz_file_names_with_escapes_c1_and_bidi(tmp_path: Path) -> None:
    folder = user_quizzes()
    shutil.copy(FIXTURE, folder / f"good{EVIL_NAME}.yaml")
    (folder / f"broken{EVIL_NAME}.yaml").write_text("format: 1\nid: [unclosed\n", encoding="utf-8")
    raw_c1 = os.fsdecode(b"raw\x9b2J.yaml")  # a C1 byte that is not UTF-8 at all
    (folder / raw_c1).write_text("format: 2\n", encoding="utf-8")
    for args in (
        ["list"],
        ["list", "--json"],
        ["validate", str(folder)],
        ["validate", str(folder / f"broken{EVIL_NAME}.yaml")],
        ["add", str(folder / f"broken{EVIL_NAME}.yaml")],
        ["take", str(folder / f"good{EVIL_NAME}.yaml"), "--answers", "a.yaml"],
        ["preview", str(folder / f"missing{EVIL_NAME}.yaml")],
        ["paths"],
    ):
        (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
        text = assert_clean(run(*args, cwd=tmp_path))
        if args[0] in ("list", "validate") and "--json" not in args:
            assert "broken\\x1b]0;owned\\x07" in text, text  # named, visibly
    listed = json.loads(run("list", "--json", cwd=tmp_path).stdout)
    assert any("\\x1b" in b["path"] for b in listed["broken"])


def test_a_tampered_quiz_cache_prints_nothing_raw(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, user_quizzes() / "mine.yaml")
    assert_clean(run("list", cwd=tmp_path))  # writes the cache
    caches = list((Path(os.environ["XDG_CACHE_HOME"]) / "readiness").glob("*.json"))
    assert caches
    for cache in caches:
        data = json.loads(cache.read_text(encoding="utf-8"))
        cache.write_text(json.dumps(poison(data, EVIL), ensure_ascii=False), encoding="utf-8")
    for args in (["list"], ["list", "--json"], ["validate", str(user_quizzes())]):
        assert_clean(run(*args, cwd=tmp_path))


def test_answers_files_with_escapes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    # escapes in a value (refused, located), in a key (an unknown question, named), raw and in YAML escapes
    bad.write_text(
        'open_to_talk: 3\nhope: "\\e]0;owned\\a\\u202e"\n"x\\e[2J\\x9b": 1\n', encoding="utf-8"
    )
    raw = tmp_path / "raw.yaml"
    raw.write_bytes(b"open_to_talk: 3\nhope: more\x1b]0;owned\x07\n")
    for answers in (bad, raw):
        for fmt in ("text", "json", "markdown"):
            done = run(
                "take", str(FIXTURE), "--answers", str(answers), "--format", fmt, cwd=tmp_path
            )
            assert_clean(done)
            assert done.returncode == 1


def test_a_records_json_escapes_c1_and_invisibles_and_stays_the_same_data(tmp_path: Path) -> None:
    record = save_one(tmp_path)
    data = poisoned_record(record)
    done = run("show", record.stem, "--format", "json", cwd=tmp_path)
    assert_clean(done)
    assert b"\\u009b" in done.stdout and b"\\u202e" in done.stdout and b"\\u2028" in done.stdout
    assert json.loads(done.stdout)["quiz"]["title"] == data["quiz"]["title"]


def test_answers_may_not_hold_invisible_characters_either(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS.replace("more time", "more\u2028time"), encoding="utf-8")
    done = run("take", str(FIXTURE), "--answers", str(answers), "--format", "json", cwd=tmp_path)
    out = assert_clean(done)
    assert done.returncode == 1
    assert "a.yaml:5:7: error: text contains a Unicode line separator (U+2028)" in out


def test_quiz_text_with_a_bidi_override_or_zero_width_space_is_refused_with_its_place(
    tmp_path: Path,
) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    for char, words in (
        ("\u202e", "direction control (U+202E)"),
        ("\u200b", "zero-width character (U+200B)"),
    ):
        quiz = tmp_path / "q.yaml"
        quiz.write_text(
            text.replace("title: Therapy readiness", f"title: Therapy{char} readiness", 1),
            encoding="utf-8",
        )
        done = run("validate", str(quiz), cwd=tmp_path)
        out = assert_clean(done)
        assert done.returncode == 1
        assert f"q.yaml:5:8: error: text contains a {words}" in out, out
    kept = tmp_path / "ok.yaml"  # joiners are part of words and emoji: kept
    kept.write_text(
        text.replace(
            "title: Therapy readiness", "title: Therapy می\u200cخواهم 👨\u200d👩\u200d👧", 1
        ),
        encoding="utf-8",
    )
    assert run("validate", str(kept), cwd=tmp_path).returncode == 0


# --- non-UTF-8 terminals ------------------------------------------------------------------------

C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}


def test_a_c_locale_terminal_gets_ascii_not_a_crash(tmp_path: Path) -> None:
    record = save_one(tmp_path)
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    for args in (
        ["take", str(FIXTURE), "--answers", "a.yaml"],
        ["take", str(FIXTURE), "--answers", "a.yaml", "--format", "markdown"],
        ["show", record.stem],
        ["show", record.stem, "--format", "markdown"],
        ["history"],
        ["list"],
        ["--help"],
    ):
        done = run(*args, cwd=tmp_path, env=C_LOCALE)
        out = assert_clean(done)
        assert done.returncode == 0, out
        assert out.isascii()
    shown = run(
        "take", str(FIXTURE), "--answers", "a.yaml", cwd=tmp_path, env=C_LOCALE
    ).stdout.decode()
    assert "#" in shown and "█" not in shown  # bars as # and .


def test_a_c_locale_json_is_still_json(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        ANSWERS.replace("more time", "“more” time – 🙂"), encoding="utf-8"
    )
    done = run(
        "take", str(FIXTURE), "--answers", "a.yaml", "--format", "json", cwd=tmp_path, env=C_LOCALE
    )
    assert_clean(done)
    assert done.stdout.isascii()
    assert json.loads(done.stdout)["answers"]["hope"] == "'more' time - 🙂"


# --- READINESS_QUIZ_PATH ------------------------------------------------------------------------


def test_unusable_quiz_path_entries_get_one_line_each(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    missing = tmp_path / f"gone{EVIL_NAME}"
    env = {"READINESS_QUIZ_PATH": os.pathsep.join([str(missing), str(fifo), str(REPO / "quizzes")])}
    for args in (["list"], ["list", "--json"]):
        done = run(*args, cwd=tmp_path, env=env)
        assert_clean(done)
        notes = [
            line for line in done.stderr.decode().splitlines() if "READINESS_QUIZ_PATH" in line
        ]
        assert len(notes) == 2, notes
        assert "gone\\x1b]0;owned\\x07" in notes[0] and "does not exist" in notes[0]
        assert "fifo.yaml" in notes[1] and "neither a quiz file nor a folder" in notes[1]
        assert "READINESS_QUIZ_PATH" not in done.stdout.decode()  # stdout stays the list
    assert json.loads(run("list", "--json", cwd=tmp_path, env=env).stdout)["quizzes"]


# --- cases an attacker would try next -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["take", f"nope{EVIL}", "--answers", "a.yaml"],  # a quiz id echoed back in "did you mean"
        [f"cmd{EVIL}"],  # argparse's own "invalid choice" message
        ["show", f"id{EVIL}"],
        ["export", f"id{EVIL}", "--to", f"out{EVIL_NAME}.md"],
        ["forget", f"id{EVIL}"],
        ["new", f"q{EVIL}"],
        ["new", "fine-id", "--to", f"{EVIL_NAME}.txt"],
        ["validate", f"missing{EVIL_NAME}.yaml"],
        ["take", str(FIXTURE), "--answers", f"missing{EVIL_NAME}.yaml"],
        ["preview", f"id{EVIL}"],
        ["--quiz-dir", f"dir{EVIL_NAME}", "list"],
    ],
)
def test_command_line_words_are_never_echoed_raw(tmp_path: Path, args: list[str]) -> None:
    """Arguments come from outside too (a pasted command, a script): every message that
    repeats one shows it visibly."""
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    assert_clean(run(*args, cwd=tmp_path))


def test_markup_in_names_is_printed_as_typed(tmp_path: Path) -> None:
    """Console markup in a file name is text: the CLI prints it as it is, brackets and all."""
    folder = user_quizzes()
    (folder / f"{MARKUP}.yaml").write_text("format: 2\n", encoding="utf-8")
    text = assert_clean(run("list", cwd=tmp_path))
    assert MARKUP in text


def test_a_one_megabyte_title_in_a_record_does_not_hang_history(tmp_path: Path) -> None:
    record = save_one(tmp_path)
    data = json.loads(record.read_text(encoding="utf-8"))
    data["quiz"]["title"] = ("\x1b[2J" + "x" * 997) * 1000
    record.write_text(json.dumps(data), encoding="utf-8")
    for args in (["history"], ["show", record.stem]):
        assert_clean(run(*args, cwd=tmp_path))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    "args",
    [
        ["validate", "/dev/zero"],
        ["add", "/dev/zero"],
        ["take", str(FIXTURE), "--answers", "/dev/zero"],
        ["take", "/dev/zero", "--answers", "a.yaml"],
    ],
)
def test_an_endless_device_is_refused_not_read(tmp_path: Path, args: list[str]) -> None:
    """/dev/zero never ends: reading it as a quiz or answers would never finish either."""
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    done = run(*args, cwd=tmp_path)
    out = assert_clean(done)
    assert done.returncode == 1 and "/dev/zero:1:1: error:" in out and "not a regular file" in out
