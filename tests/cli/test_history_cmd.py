"""`readiness history`, `show`, `export` and `forget` through the real entry point."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
from pathlib import Path

import pytest

from readiness import locations
from readiness.cli import main
from readiness.core import store
from support.records import make_record


@pytest.fixture
def saved() -> list[store.SavedPaths]:
    """Three saved results in the (temporary) user folder: two of one quiz, one of another."""
    return [
        store.save_result(
            make_record(taken_at="2026-03-03T12:00:00+00:00", scores={"own_readiness": 48}),
            "# first\n",
        ),
        store.save_result(
            make_record(taken_at="2026-05-01T12:00:00+00:00", scores={"own_readiness": 60}),
            "# second\n",
        ),
        store.save_result(
            make_record(
                "boundary-needs",
                "2026-04-01T12:00:00+00:00",
                {"clarity": 80},
                title="Boundary needs",
            ),
            "# boundaries\n",
        ),
    ]


def test_history_lists_newest_first_with_changes(saved, capsys) -> None:
    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith(saved[1].id) and "Therapy readiness" in lines[0]
    # a change in words, not a sign: on some dimensions higher is harder
    assert "Own readiness: Getting there (60, 12 higher)" in lines[1]
    assert lines[2].startswith(saved[2].id) and "Boundary needs" in lines[2]
    assert lines[4].startswith(saved[0].id)
    assert "Own readiness: Getting there (48)" in lines[5]
    assert "3 saved results in" in out


def test_history_json_and_notices_on_stderr(saved, capsys) -> None:
    (locations.results_dir() / "broken.json").write_text("{")
    assert main(["history", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [r["id"] for r in data["results"]] == [saved[1].id, saved[2].id, saved[0].id]
    first = data["results"][0]
    assert first["quiz"] == {"id": "therapy-readiness", "title": "Therapy readiness", "version": 2}
    assert first["dimensions"] == [
        {
            "id": "own_readiness",
            "label": "Own readiness",
            "band": "Getting there",
            "score": 60,
            "change": 12,
            "higher_is": None,  # saved from a bare record: the store knew no direction
        }
    ]
    assert [Path(s["path"]).name for s in data["skipped"]] == ["broken.json"]
    assert "broken.json" in err and "Traceback" not in err


def test_a_lower_score_is_said_in_words_without_a_minus(saved, capsys) -> None:
    store.save_result(
        make_record(taken_at="2026-06-01T12:00:00+00:00", scores={"own_readiness": 10}), "# 3"
    )
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "Own readiness: Not yet (10, 50 lower)" in out
    # (not "-50" anywhere: a saved file's random suffix may start with 50)
    assert ", -50" not in out and "(-50" not in out and "+" not in out


def test_skipped_files_are_named_once_each_in_plain_words(saved, capsys) -> None:
    folder = locations.results_dir()
    (folder / "20260101T000000Z-therapy-readiness-aaaaaa.json").write_text("{")
    (folder / "20260102T000000Z-therapy-readiness-bbbbbb.json").write_text("")
    future = {**make_record(), "record_version": 9}
    (folder / "20260103T000000Z-therapy-readiness-cccccc.json").write_text(json.dumps(future))
    (folder / "mine.txt").write_text("keep me")
    for args in (["history"], ["history"], ["history", "--json"]):  # fresh, cached, json
        assert main(args) == 0
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if not line.startswith("readiness: note:")]
        assert len(lines) == 4
        for line in lines:
            assert line.startswith("readiness: skipped ")
            reason = line.split(": ", 2)[2]
            assert "skipped" not in reason and "untouched" not in reason
        assert "aaaaaa.json: damaged saved result (not valid JSON at line 1, column 2)" in err
        assert "bbbbbb.json: empty file" in err
        assert "cccccc.json: saved by a newer version of readiness, which can open it" in err


def test_history_when_nothing_is_saved(capsys) -> None:
    assert main(["history"]) == 0
    assert "No saved results yet" in capsys.readouterr().out
    assert not locations.results_dir().exists()  # listing creates nothing


def test_show_in_each_format(saved, capsys) -> None:
    short = saved[0].id[-6:]
    assert main(["show", short, "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["record_version"] == 1 and record["dimensions"][0]["score"] == 48
    assert main(["show", short, "--format", "markdown"]) == 0
    assert capsys.readouterr().out == "# first\n"  # exactly the summary saved with it
    assert main(["show", short]) == 0
    text = capsys.readouterr().out
    assert "Therapy readiness" in text and "Own readiness" in text


def test_show_unknown_or_damaged_is_one_line(saved, capsys) -> None:
    assert main(["show", "nope00"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "No saved result" in err
    (locations.results_dir() / "20260101T000000Z-therapy-readiness-aaaaaa.json").write_text("[]")
    assert main(["show", "aaaaaa"]) == 1
    err = capsys.readouterr().err
    assert "Cannot open" in err and len(err.strip().splitlines()) == 1


def test_export(saved, tmp_path, capsys) -> None:
    dest = tmp_path / "exported.md"
    assert main(["export", saved[0].id, "--to", str(dest)]) == 0
    assert dest.read_text() == "# first\n"
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    assert "Exported to" in capsys.readouterr().out
    assert main(["export", saved[0].id, "--to", str(dest)]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["export", saved[0].id, "--to", str(dest), "--format", "json", "--force"]) == 0
    assert json.loads(dest.read_text())["quiz"]["id"] == "therapy-readiness"
    assert main(["export", saved[0].id, "--to", str(tmp_path / "missing" / "x.json")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_export_refuses_an_extension_it_cannot_write(saved, tmp_path, capsys) -> None:
    """x.pdf used to get JSON and 'Exported'; now it is refused and nothing is written."""
    dest = tmp_path / "result.pdf"
    assert main(["export", saved[0].id, "--to", str(dest)]) == 2
    err = capsys.readouterr().err
    assert ".pdf" in err and ".html" in err
    assert not dest.exists()


def test_export_writes_a_printable_page_and_a_worksheet(saved, tmp_path, capsys) -> None:
    page = tmp_path / "result.html"
    assert main(["export", saved[0].id, "--to", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "<script" not in html.lower()
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o600
    sheet = tmp_path / "sheet.html"
    assert main(["export", saved[0].id, "--to", str(sheet), "--format", "worksheet"]) == 0
    assert sheet.read_text(encoding="utf-8") != html
    assert "Exported to" in capsys.readouterr().out


def test_forget_one(saved, capsys) -> None:
    assert main(["forget", saved[0].id]) == 0
    assert not saved[0].record.exists() and not saved[0].summary.exists()
    assert saved[1].record.exists() and saved[2].record.exists()
    assert main(["forget", saved[0].id]) == 1
    assert "No saved result" in capsys.readouterr().err


def test_forget_usage_errors(saved, capsys) -> None:
    assert main(["forget"]) == 2
    assert main(["forget", "x", "--all"]) == 2
    assert main(["forget", saved[0].id, "--yes"]) == 2
    assert all(p.record.exists() for p in saved)


def test_forget_all_needs_the_typed_word(saved, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert main(["forget", "--all"]) == 1
    out, err = capsys.readouterr()
    assert "3 saved results" in err and "Type 'delete'" in err and "Nothing deleted" in out
    assert all(p.record.exists() for p in saved)

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no one to ask
    assert main(["forget", "--all"]) == 1
    assert "--yes" in capsys.readouterr().err
    assert all(p.record.exists() for p in saved)

    monkeypatch.setattr("sys.stdin", io.StringIO("delete\n"))
    (locations.results_dir() / "mine.txt").write_text("keep me")
    assert main(["forget", "--all"]) == 0
    assert "Deleted 3 saved results" in capsys.readouterr().out
    assert [p.name for p in locations.results_dir().iterdir()] == ["mine.txt"]


def test_forget_all_deletes_what_history_lists_and_says_what_it_leaves(
    saved, capsys, monkeypatch
) -> None:
    folder = locations.results_dir()
    damaged = folder / "20260101T000000Z-therapy-readiness-aaaaaa.json"
    damaged.write_text("{")
    newer = folder / "20260103T000000Z-therapy-readiness-cccccc.json"
    newer.write_text(json.dumps({**make_record(), "record_version": 9}))
    (folder / "mine.txt").write_text("keep me")
    assert main(["history"]) == 0
    listed = capsys.readouterr().out
    assert "3 saved results in" in listed and (folder / store.INDEX_NAME).exists()

    monkeypatch.setattr("sys.stdin", io.StringIO("delete\n"))
    assert main(["forget", "--all"]) == 0
    out, err = capsys.readouterr()
    assert "deletes 3 saved results (each record and its summary)" in err
    assert "3 files there could not be read as saved results and are left as they are" in err
    assert "Deleted 3 saved results. 3 files there could not be read" in out
    assert all(not p.record.exists() and not p.summary.exists() for p in saved)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [damaged.name, newer.name, "mine.txt"]
    )  # the index went with the results

    assert main(["forget", "--all"]) == 0  # nothing listed: nothing to delete, and it says why
    out = capsys.readouterr().out
    assert "no saved results to delete" in out and "3 files there" in out
    assert damaged.exists() and newer.exists()
    assert not (folder / store.INDEX_NAME).exists()


def test_forget_all_yes_and_nothing_to_delete(saved, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", None)
    assert main(["forget", "--all", "--yes"]) == 0
    assert "Deleted 3" in capsys.readouterr().out
    assert main(["forget", "--all"]) == 0
    assert "no saved results" in capsys.readouterr().out


def test_store_errors_are_one_line(saved, capsys, monkeypatch) -> None:
    def refuse(*a, **k):
        raise store.StoreError("Could not delete: the folder /x is read-only.")

    monkeypatch.setattr(store, "delete_saved", refuse)
    assert main(["forget", saved[0].id]) == 1
    assert capsys.readouterr().err == "readiness: Could not delete: the folder /x is read-only.\n"


def test_band_lines_wrap_on_a_terminal_only() -> None:
    from readiness.commands.history_lines import wrap

    parts = ["Your readiness: Considering (55, -18)", "Openness: Open (75)", "Fear: Low (10)"]
    assert wrap(parts, 0) == ["    " + " · ".join(parts)]
    assert wrap(parts, 50) == [
        "    Your readiness: Considering (55, -18)",
        "    Openness: Open (75) · Fear: Low (10)",
    ]


class _Terminal(io.StringIO):
    """A stand-in for a terminal: isatty() is true, so band lines wrap."""

    def isatty(self) -> bool:
        return True


def _history(out: io.StringIO) -> str:
    from readiness.commands.history_cmd import run_history

    assert run_history(argparse.Namespace(json=False), out) == 0
    return out.getvalue()


def test_history_from_the_index_is_exactly_the_history_from_the_records(
    saved, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(
        "shutil.get_terminal_size", lambda fallback=None: os.terminal_size((40, 24))
    )
    scores = {"own_readiness": 70, "partner_openness": 20, "fear": 55}
    store.save_result(make_record(taken_at="2026-06-01T12:00:00+00:00", scores=scores), "# 4")
    index = locations.results_dir() / store.INDEX_NAME
    fresh = _history(io.StringIO())
    fresh_tty = _history(_Terminal())
    assert index.exists()
    assert _history(io.StringIO()) == fresh  # now from the index's cached text
    assert _history(_Terminal()) == fresh_tty
    band_lines = [line for line in fresh_tty.splitlines() if line.startswith("    ")]
    assert len(band_lines) > 3  # one line per result when piped, wrapped at 40 here
    assert all(len(line) <= 40 or " · " not in line for line in band_lines)
    assert fresh_tty != fresh
    index.unlink()
    assert _history(_Terminal()) == fresh_tty


def test_history_text_is_rebuilt_when_the_time_zone_changes(saved, monkeypatch) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert "2026-05-01 12:00" in _history(io.StringIO())
        monkeypatch.setenv("TZ", "JST-9")  # POSIX rule: no zone files needed
        time.tzset()
        assert "2026-05-01 21:00" in _history(io.StringIO())
    finally:
        monkeypatch.undo()
        time.tzset()


def test_history_keeps_control_characters_off_the_terminal(saved, capsys) -> None:
    record = make_record(title="Evil\x1b[2J title\nsecond line", labels={"own_readiness": "A\tB"})
    bad = store.save_result(record, "# x")
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\t" not in out
    line = next(row for row in out.splitlines() if row.startswith(bad.id))
    assert line.endswith("Evil\\x1b[2J title\\x0asecond line")
    # a band text holding the separator itself still wraps exactly on a terminal
    store.save_result(make_record(labels={"own_readiness": "Mine · yours"}), "# y")
    fresh = _history(_Terminal())
    assert _history(_Terminal()) == fresh and "Mine · yours" in fresh


def test_history_json_is_exactly_what_json_dumps_writes(saved, capsys) -> None:
    from readiness.commands.history_lines import summary_json
    from readiness.core.history import deltas_by_record
    from readiness.core.textsafe import json_safe

    store.save_result(
        make_record(
            "odd-one",
            "2026-07-01T12:00:00+02:00",
            {"ünïcode": None, 'quote"d': 7, "back\\slash": 100},
            title='Tab\there, "quoted", ✓',
            version=0,
        ),
        "# odd",
    )
    store.save_result(make_record("empty", scores={}), "# none")
    (locations.results_dir() / "stray\u2028name.json").write_text("{")
    assert main(["history", "--json"]) == 0
    out = capsys.readouterr().out
    summaries, notices = store.list_saved()
    deltas = deltas_by_record(summaries)
    payload = {
        "folder": str(store.results_folder()),
        "results": [summary_json(s, deltas.get(s.id, {})) for s in summaries],
        "skipped": [{"path": str(n.path), "message": n.message} for n in notices],
        "incomplete": [],
        "notes": store.privacy_notes(),
    }
    assert out == json_safe(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"
    assert any(r["dimensions"] == [] for r in json.loads(out)["results"])
