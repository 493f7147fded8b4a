"""Hostile files in the app's folders: no hang, no traceback, no control character, notices.

Each case builds a small world in a temporary HOME (FIFOs named like a record,
a summary, the index, a quiz file, the cache and an answers file; links; names
that are not UTF-8; nested JSON; wrong types; a tampered cache and index;
leftovers of interrupted saves), then runs every command over it in a child
process with a time limit, and asserts on the bytes that come out. The app's
home and saved-results screens are driven over the same worlds with Pilot.
A Hypothesis test mutates a valid record and renders it every way; another
kills a save at each step and checks what is left is listed and removable.
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness import locations
from readiness.core import store
from support.paths import REPO
from support.pilot import time_limit
from support.records import make_record

CONTRACT_QUIZ = REPO / "tests" / "fixtures" / "contract.yaml"
TIME_LIMIT = 60  # seconds for every command of one case together; a FIFO read would wait forever
STAMP = "20260101T000000Z"


# --------------------------------------------------------------------------- the worlds


@dataclass
class World:
    """A temporary HOME with the app's folders, and what the commands should be run with."""

    home: Path
    record_id: str = "aaaaaa"
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def results(self) -> Path:
        return self.home / "data" / "readiness" / "results"

    @property
    def quizzes(self) -> Path:
        return self.home / "data" / "readiness" / "quizzes"

    @property
    def cache(self) -> Path:
        return self.home / "cache" / "readiness"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "READINESS_"))}
        env.update(
            HOME=str(self.home),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            XDG_CONFIG_HOME=str(self.home / "config"),
            LANG="en_US.UTF-8",
            TZ="UTC",
        )
        env.pop("LC_ALL", None)
        env.update(self.extra_env)
        return env

    def save(self, **kwargs: Any) -> store.SavedPaths:
        return store.save_result(make_record(**kwargs), "# summary\n", folder=self.results)

    def record_path(self, token: str = "aaaaaa", quiz: str = "therapy-readiness") -> Path:
        return self.results / f"{STAMP}-{quiz}-{token}.json"


def make_world(tmp_path: Path) -> World:
    world = World(tmp_path / "home")
    for folder in (world.results, world.quizzes, world.cache, world.home / "config"):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
    world.results.parent.chmod(0o700)
    return world


_RUNNER = textwrap.dedent(
    """
    import json, sys
    from readiness.cli import main
    for argv in json.loads(sys.argv[1]):
        for stream in (sys.stdout, sys.stderr):
            stream.write("@@@ " + " ".join(argv) + "\\n")
            stream.flush()
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        sys.stdout.write(f"@@@ exit {code}\\n")
        sys.stdout.flush()
    """
)


@dataclass
class Outcome:
    stdout: bytes
    stderr: bytes
    codes: list[str]

    @property
    def text(self) -> str:
        return (self.stdout + self.stderr).decode("utf-8", "replace")


def commands(world: World, extra: list[list[str]] | None = None) -> list[list[str]]:
    """Every command that reads the app's files, over `world`."""
    out = world.home / "exports"
    out.mkdir(exist_ok=True)
    answers = world.home / "answers.yaml"
    rid = world.record_id
    return [
        ["history"],
        ["history", "--json"],
        ["show", rid],
        ["show", rid, "--format", "markdown"],
        ["show", rid, "--format", "json"],
        ["export", rid, "--to", str(out / "a.json")],
        ["export", rid, "--to", str(out / "a.md")],
        ["list"],
        ["validate", str(world.quizzes)],
        ["take", str(CONTRACT_QUIZ), "--answers", str(answers)],
        ["add", str(world.quizzes / "evil.yaml")],
        *(extra or []),
        ["forget", rid],
        ["history"],
        ["forget", "--all", "--yes"],
        ["history"],
    ]


def run_all(world: World, argvs: list[list[str]]) -> Outcome:
    """Run every command in one child process (started once), within the time limit."""
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, json.dumps(argvs)],
        capture_output=True,
        env=world.env,
        cwd=world.home,
        timeout=TIME_LIMIT,
        stdin=subprocess.DEVNULL,
    )
    codes = [
        line.split()[-1]
        for line in done.stdout.decode("utf-8", "replace").splitlines()
        if line.startswith("@@@ exit ")
    ]
    return Outcome(done.stdout, done.stderr, codes)


def assert_clean(outcome: Outcome, count: int) -> None:
    """Every command finished, none crashed, and no control character was written."""
    assert "Traceback" not in outcome.text, outcome.text
    assert "internal error" not in outcome.text, outcome.text
    assert len(outcome.codes) == count, outcome.text
    assert set(outcome.codes) <= {"0", "1", "2"}, outcome.codes
    for stream in (outcome.stdout, outcome.stderr):
        for byte in set(stream):
            assert byte in (0x0A, 0x09) or byte >= 0x20 and byte != 0x7F, (byte, outcome.text)
        text = stream.decode("utf-8")  # always UTF-8
        for char in "\x9b\u202e\u200b\u2066":
            assert char not in text


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path, 0o600)
    return path


# Each case: (name, builder(world) -> the words the output must hold, or None).
Builder = Callable[[World], list[str]]


def case_fifo_record(world: World) -> list[str]:
    fifo(world.record_path())
    return ["a named pipe, not a regular file"]


def case_fifo_summary(world: World) -> list[str]:
    saved = world.save()
    world.record_id = saved.id
    saved.summary.unlink()
    fifo(saved.summary)
    return [saved.id]


def case_fifo_index(world: World) -> list[str]:
    world.save()
    fifo(world.results / store.INDEX_NAME)
    return ["1 saved result"]


def case_fifo_quiz(world: World) -> list[str]:
    fifo(world.quizzes / "evil.yaml")
    return ["evil.yaml:1:1: error: cannot read the file: a named pipe, not a regular file"]


def case_fifo_cache(world: World) -> list[str]:
    from readiness.core.quizcache import CACHE_FORMAT

    fifo(world.cache / f"catalog-v{CACHE_FORMAT}.json")
    return ["therapy-readiness"]


def case_fifo_answers(world: World) -> list[str]:
    fifo(world.home / "answers.yaml")
    return ["answers.yaml:1:1: error: cannot read the answers file: a named pipe"]


def case_fifo_temp_file(world: World) -> list[str]:
    fifo(world.results / f".{STAMP}-x-aaaaaa.json.0badf00d.tmp")
    os.utime(world.results / f".{STAMP}-x-aaaaaa.json.0badf00d.tmp", (1, 1), follow_symlinks=False)
    return ["Incomplete saves", "0badf00d.tmp"]


def case_linked_summary(world: World) -> list[str]:
    saved = world.save()
    world.record_id = saved.id
    secret = world.home / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-FOLDER\n")
    saved.summary.unlink()
    saved.summary.symlink_to(secret)
    return [saved.id]


def case_linked_record(world: World) -> list[str]:
    elsewhere = world.home / "elsewhere.json"
    elsewhere.write_text(json.dumps({**make_record(), "record_version": 1}))
    world.record_path().symlink_to(elsewhere)
    return ["not a saved result (a link)"]


def case_name_not_utf8(world: World) -> list[str]:
    name = os.fsencode(world.results) + b"/" + STAMP.encode() + b"-therapy-readiness-\xff\xfe.json"
    with open(name, "wb") as handle:
        handle.write(json.dumps({**make_record(), "record_version": 1}).encode())
    world.save()
    return ["\\xff\\xfe"]


def case_nested_json(world: World) -> list[str]:
    world.record_path().write_text("[" * 200_000 + "]" * 200_000)
    return ["damaged saved result"]


def case_deep_object(world: World) -> list[str]:
    text = json.dumps({**make_record(), "record_version": 1})
    deep = '{"a": ' * 50_000 + "1" + "}" * 50_000
    world.record_path().write_text(text[:-1] + ', "deep": ' + deep + "}")
    return ["nested too deeply"]


def _record_with(change: Callable[[dict[str, Any]], None]) -> Builder:
    def build(world: World) -> list[str]:
        record = {**make_record(), "record_version": 1}
        change(record)
        world.record_path().write_text(json.dumps(record))
        world.save()  # a good one beside it still lists
        return ["damaged saved result", "1 saved result"]

    return build


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        target: Any = record
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


WRONG_TYPES: dict[str, Callable[[dict[str, Any]], None]] = {
    "year-1": _set("taken_at", "0001-01-01T00:00:00+00:00"),
    "year-9999": _set("taken_at", "9999-12-31T23:59:59+00:00"),
    "band-as-string": _set("dimensions.0.band", "Ready"),
    "band-label-as-list": _set("dimensions.0.band", {"id": "x", "label": ["Ready"]}),
    "score-as-text": _set("dimensions.0.score", "high"),
    "score-out-of-scale": _set("dimensions.0.score", 1000),
    "label-as-number": _set("dimensions.0.label", 7),
    "dimensions-as-object": _set("dimensions", {"a": 1}),
    "title-as-list": _set("quiz.title", ["a"]),
    "steps-as-text": _set("next_steps", "do this"),
    "why-as-text": _set("next_steps", [{"id": "s", "title": "t", "body": "b", "why": "because"}]),
    "notes-as-text": _set("notes", ["words"]),
    "version-as-text": _set("quiz.version", "2"),
    "flags-as-text": _set("flags", "leaning_out"),
    "raw-infinite": _set("dimensions.0.raw", float("inf")),
}


def case_tampered_cache(world: World) -> list[str]:
    """A cache entry with the right key but a wrong type, and one with an invented error."""
    from readiness.core import quizcache

    builtin = sorted(locations.builtin_quiz_dir().glob("*.yaml"))
    files = {}
    for path in builtin:
        key = quizcache.file_key(path.resolve())
        files[str(path.resolve())] = {
            "key": key,
            "info": {
                "id": 5,
                "title": None,
                "summary": "",
                "minutes": "x",
                "question_count": "9",
                "version": 1,
            },
            "problems": [],
        }
    first = str(builtin[0].resolve())
    files[first] = {
        "key": quizcache.file_key(builtin[0].resolve()),
        "info": None,
        "problems": [[1, 1, "\x1b]0;invented error\x07", "error"]],
    }
    files[str(world.quizzes / "deleted.yaml")] = {
        "key": [1, 2, 3, 4],
        "info": None,
        "problems": [[1, 1, "gone", "error"]],
    }
    payload = {"engine": quizcache.engine_fingerprint(), "files": files}
    (world.cache / quizcache.cache_file().name).write_text(json.dumps(payload))
    return ["therapy-readiness", "Therapy readiness"]


def case_tampered_index(world: World) -> list[str]:
    saved = world.save(scores={"own_readiness": 10, "partner_openness": 10})
    world.record_id = saved.id
    store.list_saved(world.results)  # writes the index
    index = world.results / store.INDEX_NAME
    data = index.read_bytes()
    # a band label turned into a number: the whole index counts as absent
    index.write_bytes(data.replace(b'"Not yet"', b"12345", 1))
    return ["Not yet"]


def case_leftovers(world: World) -> list[str]:
    tmp = world.results / f".{STAMP}-therapy-readiness-bbbbbb.json.deadbeef.tmp"
    tmp.write_text('{"answers": {"private": "words"}}')
    loose = world.results / f"{STAMP}-therapy-readiness-cccccc.md"
    loose.write_text("# words whose record was lost\n")
    for path in (tmp, loose):
        os.utime(path, (1, 1))
    return ["Incomplete saves: 2 files", "deadbeef.tmp", "cccccc.md"]


def case_loose_modes(world: World) -> list[str]:
    saved = world.save()
    world.record_id = saved.id
    world.results.chmod(0o755)
    saved.record.chmod(0o644)
    return ["mode 755", "can be read by other accounts"]


# My own attacker cases beyond the list.


def case_record_is_a_folder(world: World) -> list[str]:
    world.record_path().mkdir()
    return ["not a saved result (a folder)"]


def case_results_folder_is_a_file(world: World) -> list[str]:
    world.results.rmdir()
    world.results.write_text("not a folder")
    return ["the results folder is a file"]


def case_quiz_is_a_device_link(world: World) -> list[str]:
    (world.quizzes / "zero.yaml").symlink_to("/dev/zero")
    return ["zero.yaml:1:1: error: cannot read the file: a device"]


def case_index_links_to_a_device(world: World) -> list[str]:
    world.save()
    (world.results / store.INDEX_NAME).symlink_to("/dev/zero")
    return ["1 saved result"]


def case_huge_record(world: World) -> list[str]:
    with open(world.record_path(), "wb") as handle:  # sparse: 17 MiB of nothing
        handle.truncate(17 * 1024 * 1024)
    return ["too large to be a saved result"]


def case_quiz_path_is_a_fifo(world: World) -> list[str]:
    world.extra_env["READINESS_QUIZ_PATH"] = str(fifo(world.home / "pipe.yaml"))
    return ["therapy-readiness"]


def case_escapes_in_names(world: World) -> list[str]:
    evil = world.results / f"{STAMP}-x-\x1b]0;owned\x07.json"
    evil.write_text("{")
    (world.quizzes / "\u202eevil\x9b.yaml").write_text("id: [")
    return ["\\x1b]0;owned\\x07", "U+202E"]


def case_summary_swapped_for_a_link_to_a_fifo(world: World) -> list[str]:
    saved = world.save()
    world.record_id = saved.id
    pipe = fifo(world.home / "pipe")
    saved.summary.unlink()
    saved.summary.symlink_to(pipe)
    return [saved.id]


CASES: dict[str, Builder] = {
    "fifo-record": case_fifo_record,
    "fifo-summary": case_fifo_summary,
    "fifo-index": case_fifo_index,
    "fifo-quiz": case_fifo_quiz,
    "fifo-cache": case_fifo_cache,
    "fifo-answers": case_fifo_answers,
    "fifo-temp-file": case_fifo_temp_file,
    "linked-summary": case_linked_summary,
    "linked-record": case_linked_record,
    "name-not-utf8": case_name_not_utf8,
    "nested-json": case_nested_json,
    "deep-object": case_deep_object,
    **{f"wrong-{name}": _record_with(change) for name, change in WRONG_TYPES.items()},
    "tampered-cache": case_tampered_cache,
    "tampered-index": case_tampered_index,
    "leftovers": case_leftovers,
    "loose-modes": case_loose_modes,
    # beyond the list
    "record-is-a-folder": case_record_is_a_folder,
    "results-folder-is-a-file": case_results_folder_is_a_file,
    "quiz-is-a-link-to-a-device": case_quiz_is_a_device_link,
    "index-links-to-a-device": case_index_links_to_a_device,
    "huge-record": case_huge_record,
    "quiz-path-is-a-fifo": case_quiz_path_is_a_fifo,
    "escapes-in-names": case_escapes_in_names,
    "summary-is-a-link-to-a-fifo": case_summary_swapped_for_a_link_to_a_fifo,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_command_survives(name: str, tmp_path: Path) -> None:
    world = make_world(tmp_path)
    expected = CASES[name](world)
    argvs = commands(world)
    outcome = run_all(world, argvs)
    assert_clean(outcome, len(argvs))
    for words in expected:
        assert words in outcome.text, (words, outcome.text)
    assert "SECRET-OUTSIDE-THE-FOLDER" not in outcome.text


# --------------------------------------------------------------------------- the app over them


def use_world(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in world.env.items():
        if key.startswith(("XDG_", "READINESS_", "HOME")):
            monkeypatch.setenv(key, value)


async def until(pilot: Any, ready: Callable[[], bool]) -> None:
    for _ in range(500):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen never got there")


def shown_text(app: Any) -> str:
    """Every Static's text on the current screen, as the person would read it."""
    from textual.widgets import Static

    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


APP_CASES = [name for name in sorted(CASES) if name != "results-folder-is-a-file"] + [
    "results-folder-is-a-file"
]


@pytest.mark.parametrize("name", APP_CASES)
@time_limit(TIME_LIMIT)
async def test_home_and_saved_results_survive(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("textual")
    from readiness.app.history_screen import HistoryScreen
    from readiness.app.main import ReadinessApp
    from readiness.app.saved_result import SavedResultScreen

    world = make_world(tmp_path)
    CASES[name](world)
    use_world(world, monkeypatch)
    app = ReadinessApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.catalog is not None)
        assert app.catalog.find("therapy-readiness") is not None  # the built-in quizzes list
        home = shown_text(app)
        if name in ("fifo-quiz", "quiz-is-a-link-to-a-device", "escapes-in-names"):
            assert "could not be read" in home
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded)
        screen = app.screen
        await pilot.pause()
        listed = shown_text(app)
        for char in "\x1b\x07\x9b\u202e":
            assert char not in listed + home
        if name == "leftovers":
            assert "Incomplete saves: 2 files" in listed
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("y")
            await until(pilot, lambda: not screen.incomplete)
            assert not [p for p in world.results.iterdir() if p.name != store.INDEX_NAME]
        if screen.summaries:
            await pilot.press("enter")
            await until(
                pilot, lambda: isinstance(app.screen, SavedResultScreen) and app.screen.opened
            )
            assert "SECRET-OUTSIDE-THE-FOLDER" not in shown_text(app)
    assert app._exception is None


# --------------------------------------------------------------------------- fuzzing a record

FIELD_PATHS = [
    "quiz", "quiz.id", "quiz.title", "quiz.version", "taken_at", "record_version",
    "dimensions", "dimensions.0", "dimensions.0.id", "dimensions.0.label", "dimensions.0.score",
    "dimensions.0.band", "dimensions.0.band.label", "dimensions.0.raw", "dimensions.0.min",
    "dimensions.0.max", "next_steps", "next_steps.0", "next_steps.0.title", "next_steps.0.body",
    "next_steps.0.why", "next_steps.0.why.0", "next_steps.0.tags", "next_steps.0.priority",
    "notes", "notes.0", "notes.0.answer", "flags", "answers", "quiz_sha256",
]  # fmt: skip

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(
        ["0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00", "\x1b]0;x\x07", "\ud800"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def base_record() -> dict[str, Any]:
    record = {**make_record(), "record_version": 1, "quiz_sha256": None}
    record["notes"] = [{"question": "In your own words", "answer": "Some words\nover two lines"}]
    return record


def mutate(record: dict[str, Any], path: str, value: Any, delete: bool) -> None:
    keys = path.split(".")
    target: Any = record
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    last: Any = int(keys[-1]) if isinstance(target, list) else keys[-1]
    if delete and isinstance(target, dict):
        target.pop(last, None)
    else:
        target[last] = value


def show_every_way(record_id: str) -> list[str]:
    """`show` in every format, in this process; what it wrote (stdout and stderr)."""
    import argparse
    import contextlib
    import io

    from readiness.commands.history_cmd import run_show

    outputs = []
    for fmt in ("text", "markdown", "json"):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err):
            code = run_show(argparse.Namespace(id=record_id, format=fmt), out=out)
        assert code in (0, 1)
        assert (code == 0) == bool(out.getvalue()), err.getvalue()
        if fmt == "json" and code == 0:
            json.loads(out.getvalue())  # still JSON
        outputs.append(out.getvalue() + err.getvalue())
    return outputs


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(FIELD_PATHS), value=JSON_VALUES, delete=st.booleans())
def test_a_mutated_record_is_shown_or_skipped_with_a_notice(
    path: str, value: Any, delete: bool
) -> None:
    folder = locations.results_dir()
    for old in folder.iterdir() if folder.exists() else ():
        old.unlink()  # the index too: a new file may reuse the inode within one clock tick
    locations.ensure_private_dir(folder)
    record = base_record()
    mutate(record, path, value, delete)
    name = f"{STAMP}-therapy-readiness-abcdef"
    (folder / f"{name}.json").write_text(
        json.dumps(record), encoding="utf-8", errors="surrogatepass"
    )
    summaries, notices = store.list_saved()
    assert len(summaries) + len(notices) == 1
    if notices:
        assert notices[0].path.name == f"{name}.json" and notices[0].message
    for text in show_every_way(name):
        assert "Traceback" not in text
        for char in "\x1b\x07\x9b":
            assert char not in text


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(FIELD_PATHS), value=JSON_VALUES)
def test_a_mutated_record_opens_in_the_app_or_says_it_cannot(path: str, value: Any) -> None:
    pytest.importorskip("textual")
    from readiness.app.main import ReadinessApp
    from readiness.app.saved_result import SavedResultScreen

    folder = locations.results_dir()
    for old in folder.iterdir() if folder.exists() else ():
        old.unlink()  # the index too: a new file may reuse the inode within one clock tick
    locations.ensure_private_dir(folder)
    good = store.save_result(base_record(), "# words\n")
    record = base_record()
    mutate(record, path, value, False)
    good.record.write_text(json.dumps(record), encoding="utf-8", errors="surrogatepass")
    summary = store.summary_from_record(base_record(), good.id, good.record)

    async def run() -> None:
        app = ReadinessApp()
        async with app.run_test(size=(90, 30)) as pilot:
            await pilot.pause()
            screen = SavedResultScreen(summary)
            app.push_screen(screen)
            await until(pilot, lambda: screen.opened)
            text = shown_text(app)
            assert (screen.record is None) == ("cannot be opened" in text)
            for char in "\x1b\x07\x9b":
                assert char not in text
        assert app._exception is None

    asyncio.run(asyncio.wait_for(run(), TIME_LIMIT))  # hypothesis runs each example itself


# --------------------------------------------------------------------------- a save cut off

_KILLER = textwrap.dedent(
    """
    import os, sys, json
    sys.path.insert(0, sys.argv[3])
    from readiness.core import safefile, store
    from support.records import make_record
    step, nth = sys.argv[1], int(sys.argv[2])
    seen = {"write": 0, "fsync": 0, "replace": 0}
    real = {"write": os.write, "fsync": os.fsync, "replace": os.replace}

    def hook(name):
        def call(*args):
            if name == "fsync" and not isinstance(args[0], int):
                return real[name](*args)
            seen[name] += 1
            if name == step and seen[name] == nth:
                os._exit(9)  # as a kill -9 would: nothing cleans up
            return real[name](*args)
        return call

    for name in real:
        setattr(safefile.os, name, hook(name))
    store.save_result({**make_record(), "notes": [{"question": "q", "answer": "PRIVATE"}]},
                      "# PRIVATE words\\n")
    """
)

KILL_POINTS = [(step, nth) for step in ("write", "fsync", "replace") for nth in (1, 2)]


@pytest.mark.parametrize(("step", "nth"), KILL_POINTS)
def test_a_save_killed_at_any_step_leaves_nothing_hidden(
    step: str, nth: int, capsys: pytest.CaptureFixture[str]
) -> None:
    from readiness.cli import main

    folder = locations.results_dir()
    done = subprocess.run(
        [sys.executable, "-c", _KILLER, step, str(nth), str(REPO / "tests")],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )
    assert done.returncode == 9, done.stderr
    left = sorted(p.name for p in folder.iterdir())
    assert left, "a kill part-way always leaves something"
    assert not [n for n in left if n.endswith(".json") and not n.startswith(".")]  # no record yet
    for name in left:
        os.utime(folder / name, (1, 1))  # a minute and more ago
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "Incomplete saves" in out
    for name in left:
        assert name in out
    assert main(["forget", "--all", "--yes"]) == 0
    said = capsys.readouterr().out
    assert f"{len(left)} file{'s' if len(left) != 1 else ''} of incomplete saves" in said
    assert list(folder.iterdir()) == []


def test_a_result_is_never_saved_through_a_linked_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    results = locations.results_dir()
    results.parent.mkdir(parents=True)
    results.symlink_to(shared)
    with pytest.raises(store.StoreError, match="link") as caught:
        store.save_result(make_record(), "# x")
    assert caught.value.path == results  # the screen offers to export elsewhere
    assert "export" in caught.value.message
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert list(shared.iterdir()) == []


@time_limit(TIME_LIMIT)
async def test_a_crash_in_the_app_never_shows_what_was_in_memory(
    capfd: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("textual")
    from readiness.app.main import ReadinessApp

    app = ReadinessApp()
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

            def boom() -> None:
                saved_band = "PRIVATE-BAND"  # a local the crash report must not print
                raise RuntimeError(f"boom {len(saved_band)}")

            app.call_later(boom)
            await pilot.pause()
            await pilot.pause()
    captured = capfd.readouterr()
    text = captured.out + captured.err
    assert "internal error (RuntimeError" in text
    assert "PRIVATE-BAND" not in text and "saved_band" not in text
