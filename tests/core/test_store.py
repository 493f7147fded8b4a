"""The saved-results store: atomic, private, robust to whatever else is in the folder."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from readiness import locations
from readiness.core import exporting, records, resultindex, store
from readiness.core.store import StoreError
from support.records import make_record, write_signed_index


def index_json(folder: Path) -> dict[str, Any]:
    """The index as JSON: {"index_version": N, "digest": D, "entries": {NAME: [stat, headline]}}."""
    return json.loads((folder / store.INDEX_NAME).read_bytes())


def indexed_text(folder: Path) -> str:
    """The whole index as text, to check what it still names ('' when there is none)."""
    index = folder / store.INDEX_NAME
    return index.read_text(encoding="utf-8") if index.exists() else ""


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "results"


# --------------------------------------------------------------------------- saving


def test_save_writes_record_and_summary_privately(folder: Path) -> None:
    old_umask = os.umask(0)  # files must be 0600 by creation, not by the umask
    try:
        paths = store.save_result(
            make_record(), "# Therapy readiness\n", quiz_sha256="ab" * 32, folder=folder
        )
    finally:
        os.umask(old_umask)
    assert paths.record.parent == folder and paths.summary.parent == folder
    assert paths.record.stem == paths.summary.stem == paths.id
    assert paths.record.suffix == ".json" and paths.summary.suffix == ".md"
    assert paths.id.startswith("20261122T100405Z-therapy-readiness-")
    assert mode(folder) == 0o700
    assert mode(paths.record) == 0o600
    assert mode(paths.summary) == 0o600
    saved = json.loads(paths.record.read_text())
    assert saved["record_version"] == 1
    assert saved["quiz_sha256"] == "ab" * 32
    expected = make_record()
    for key, value in expected.items():
        assert saved[key] == value
    assert paths.summary.read_text() == "# Therapy readiness\n"
    # nothing else: no temporary files left behind
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".index")) == sorted(
        [paths.record.name, paths.summary.name]
    )


def test_save_defaults_to_the_user_results_folder() -> None:
    paths = store.save_result(make_record(), "# x")
    assert paths.record.parent == locations.results_dir()
    assert mode(locations.results_dir()) == 0o700
    summaries, notices = store.list_saved()
    assert [s.id for s in summaries] == [paths.id] and notices == []


def test_save_accepts_a_result_object_and_takes_its_quiz_sha(folder: Path) -> None:
    class FakeQuiz:
        sha256 = "cd" * 32

    class FakeResult:
        quiz = FakeQuiz()

        def to_record(self) -> dict[str, Any]:
            return make_record()

    paths = store.save_result(FakeResult(), "# x", folder=folder)
    assert json.loads(paths.record.read_text())["quiz_sha256"] == "cd" * 32


def test_two_saves_in_the_same_second_get_different_names(folder: Path) -> None:
    a = store.save_result(make_record(), "# a", folder=folder)
    b = store.save_result(make_record(), "# b", folder=folder)
    assert a.record != b.record
    summaries, _ = store.list_saved(folder)
    assert {s.id for s in summaries} == {a.id, b.id}
    # newest first even within the same second
    assert summaries[0].id == b.id


def test_save_refuses_something_that_is_not_a_record(folder: Path) -> None:
    with pytest.raises(StoreError, match="Could not save"):
        store.save_result({"nothing": 1}, "# x", folder=folder)
    with pytest.raises(StoreError):
        store.save_result(["a list"], "# x", folder=folder)
    assert not folder.exists() or not any(folder.iterdir())


# --------------------------------------------------------------------------- failures


def test_failure_in_the_middle_of_writing_the_record_leaves_the_rest_intact(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.save_result(make_record(), "# first", folder=folder)
    before = first.record.read_bytes()
    store.list_saved(folder)  # build the index too

    real_replace = os.replace

    def failing_replace(src: Any, dst: Any) -> None:
        if str(dst).endswith(".json") and not str(dst).endswith(".index.json"):
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StoreError, match="Could not save"):
        store.save_result(
            make_record(taken_at="2026-12-01T09:00:00+00:00"), "# second", folder=folder
        )
    monkeypatch.undo()

    assert first.record.read_bytes() == before
    summaries, notices = store.list_saved(folder)
    assert [s.id for s in summaries] == [first.id]
    assert notices == []
    leftovers = sorted(p.name for p in folder.iterdir())
    assert leftovers == sorted([first.record.name, first.summary.name, store.INDEX_NAME])


def test_disk_full_halfway_through_a_write_is_a_clear_message(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.save_result(make_record(), "# first", folder=folder)
    real_write = os.write
    calls = {"n": 0}

    def half_then_full(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[: max(1, len(data) // 2)]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(StoreError) as info:
        store.save_result(
            make_record(taken_at="2026-12-01T09:00:00+00:00"), "# " + "x" * 5000, folder=folder
        )
    monkeypatch.undo()
    assert "full" in str(info.value)
    assert info.value.path == folder
    summaries, notices = store.list_saved(folder)
    assert [s.id for s in summaries] == [first.id] and notices == []
    assert {p.name for p in folder.iterdir()} == {
        first.record.name,
        first.summary.name,
        store.INDEX_NAME,
    }


def test_replacing_an_existing_file_keeps_the_old_one_if_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "out.json"
    exporting.write_export(make_record(), target)
    before = target.read_bytes()

    def boom(src: Any, dst: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(StoreError, match="Could not export"):
        exporting.write_export(make_record(scores={"x": 1}), target, overwrite=True)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]


def _raise_on_open_in(folder: Path, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def guarded(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", guarded)


def test_read_only_folder_gives_a_clear_store_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locations.ensure_private_dir(folder)
    _raise_on_open_in(folder, errno.EROFS, monkeypatch)
    with pytest.raises(StoreError) as info:
        store.save_result(make_record(), "# x", folder=folder)
    assert str(info.value) == f"Could not save: the folder {folder} is read-only."
    assert info.value.path == folder
    monkeypatch.undo()
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a 0500 folder")
def test_really_read_only_folder(folder: Path) -> None:  # pragma: no cover - not as root
    locations.ensure_private_dir(folder)
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(StoreError, match="read-only"):
            store.save_result(make_record(), "# x", folder=folder)
    finally:
        os.chmod(folder, 0o700)


def test_folder_that_cannot_be_created_gives_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Could not save"):
        store.save_result(make_record(), "# x", folder=blocker / "results")


# --------------------------------------------------------------------------- listing


def test_foreign_and_broken_files_are_skipped_with_a_notice(folder: Path) -> None:
    good = store.save_result(make_record(), "# good", folder=folder)
    future = make_record()
    future["record_version"] = 99
    files = {
        "20260101T000000Z-therapy-readiness-aaaaaa.json": '{"quiz": {"id": "therap',  # corrupt
        "20260102T000000Z-therapy-readiness-bbbbbb.json": "",  # empty
        "20260103T000000Z-therapy-readiness-cccccc.json": json.dumps(future),  # from the future
        "photo.json": "\x89PNG\r\n\x1a\n\x00\x00",  # not JSON at all
        "array.json": "[1, 2, 3]",
        "no-version.json": json.dumps(make_record()),  # a bare record, not one of ours
        "notes.txt": "my own notes",
    }
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("latin-1"))
    summaries, notices = store.list_saved(folder)
    assert [s.id for s in summaries] == [good.id]
    by_name = {n.path.name: n.message for n in notices}
    assert set(by_name) == set(files)
    assert "not valid JSON" in by_name["20260101T000000Z-therapy-readiness-aaaaaa.json"]
    assert "empty" in by_name["20260102T000000Z-therapy-readiness-bbbbbb.json"]
    assert "newer version" in by_name["20260103T000000Z-therapy-readiness-cccccc.json"]
    assert "not a saved result" in by_name["photo.json"]
    assert "not a saved result" in by_name["notes.txt"]
    # the reason alone: whoever shows it says "skipped" once, in its own words
    assert not any("skipped" in m or "untouched" in m for m in by_name.values())
    assert by_name["20260101T000000Z-therapy-readiness-aaaaaa.json"] == (
        "damaged saved result (not valid JSON at line 1, column 17)"
    )
    # listing twice (from the index) gives the same answer
    assert store.list_saved(folder) == (summaries, notices)
    # and opening them is a StoreError, never a crash
    for stem in (
        "20260101T000000Z-therapy-readiness-aaaaaa",
        "20260103T000000Z-therapy-readiness-cccccc",
    ):
        with pytest.raises(StoreError, match="Cannot open"):
            store.load_saved(stem, folder)


def test_missing_folder_lists_nothing_and_creates_nothing(folder: Path) -> None:
    assert store.list_saved(folder) == ([], [])
    assert not folder.exists()


def test_listing_is_newest_first_with_headline_bands(folder: Path) -> None:
    a = store.save_result(make_record(taken_at="2026-03-03T12:00:00+00:00"), "# a", folder=folder)
    b = store.save_result(
        make_record(
            "boundary-needs", "2026-05-01T12:00:00+00:00", {"clarity": None}, title="Boundaries"
        ),
        "# b",
        folder=folder,
    )
    c = store.save_result(
        make_record(taken_at="2026-04-03T12:00:00+02:00", scores={"own_readiness": 80}),
        "# c",
        folder=folder,
    )
    summaries, _ = store.list_saved(folder)
    assert [s.id for s in summaries] == [b.id, c.id, a.id]
    assert summaries[0].quiz_title == "Boundaries" and summaries[0].bands == [
        ("Clarity", None, None)
    ]
    assert summaries[1].bands == [("Own readiness", "Ready", 80)]
    assert summaries[1].dimension_ids == ("own_readiness",)
    assert summaries[1].taken_at.utcoffset() is not None
    assert c.id.startswith("20260403T100000Z-")  # names are in UTC


def test_index_is_only_a_cache(folder: Path) -> None:
    paths = store.save_result(make_record(), "# x", folder=folder)
    store.list_saved(folder)
    index = folder / store.INDEX_NAME
    assert index.exists() and mode(index) == 0o600
    # a changed record is read again
    changed = json.loads(paths.record.read_text())
    changed["quiz"]["title"] = "Renamed by hand"
    paths.record.write_text(json.dumps(changed) + "\n" * 3)
    assert store.list_saved(folder)[0][0].quiz_title == "Renamed by hand"
    # a corrupt index is ignored and rebuilt
    index.write_text("{not json")
    summaries, notices = store.list_saved(folder)
    assert [s.id for s in summaries] == [paths.id] and notices == []
    assert index_json(folder)["index_version"] == resultindex.INDEX_VERSION


def test_ten_thousand_records_second_listing_reads_no_record(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Speed lives in `make bench`; here we check the mechanism behind it: once the
    index exists, listing 10,000 unchanged results opens none of the records."""
    locations.ensure_private_dir(folder)
    base = json.dumps({**make_record(), "record_version": 1, "quiz_sha256": None}, indent=2)
    for i in range(10_000):
        day = 1 + i % 28
        name = (
            f"2026{1 + i % 12:02d}{day:02d}T{i % 24:02d}{i % 60:02d}00Z-therapy-readiness-{i:06x}"
        )
        text = base.replace(
            "2026-11-22T10:04:05+00:00",
            f"2026-{1 + i % 12:02d}-{day:02d}T{i % 24:02d}:{i % 60:02d}:00+00:00",
        )
        (folder / f"{name}.json").write_text(text)
    summaries, notices = store.list_saved(folder)  # first time: reads every record
    parsed: list[Path] = []

    def counting_read(path: Path) -> bytes:
        parsed.append(path)
        return b""

    monkeypatch.setattr(records, "read_bytes", counting_read)
    summaries2, _ = store.list_saved(folder)
    assert len(summaries) == len(summaries2) == 10_000 and notices == []
    assert summaries == summaries2
    assert parsed == []


# --------------------------------------------------------------------------- opening


def test_old_quiz_version_opens_with_its_own_labels(folder: Path) -> None:
    old = make_record(
        version=1,
        title="Therapy readiness (first edition)",
        labels={"own_readiness": "How ready you felt"},
    )
    old["dimensions"][0]["band"] = {"id": "meh", "label": "A band that no longer exists"}
    paths = store.save_result(old, "# old", quiz_sha256="00" * 32, folder=folder)
    record = store.load_saved(paths.id, folder)
    assert record["quiz"] == {
        "id": "therapy-readiness",
        "version": 1,
        "title": "Therapy readiness (first edition)",
    }
    assert record["dimensions"][0]["label"] == "How ready you felt"
    assert record["dimensions"][0]["band"]["label"] == "A band that no longer exists"
    summary = store.list_saved(folder)[0][0]
    assert summary.quiz_title == "Therapy readiness (first edition)"
    assert summary.quiz_version == 1
    assert summary.bands[0] == ("How ready you felt", "A band that no longer exists", 60)
    assert store.load_saved_markdown(paths.id, folder) == "# old\n"


def test_ids_can_be_shortened_but_not_escape_the_folder(folder: Path) -> None:
    a = store.save_result(make_record(), "# a", folder=folder)
    store.save_result(make_record("other"), "# b", folder=folder)
    assert store.resolve_id(a.id, folder) == a.id
    assert store.resolve_id(a.id + ".json", folder) == a.id
    assert store.resolve_id(a.id[-6:], folder) == a.id
    assert store.resolve_id("20261122T100405Z-therapy", folder) == a.id
    with pytest.raises(StoreError, match="matches 2"):
        store.resolve_id("20261122T", folder)
    with pytest.raises(StoreError, match="No saved result"):
        store.load_saved("ffffff", folder)
    for bad in ("../secrets", "/etc/passwd", "", ".index"):
        with pytest.raises(StoreError):
            store.load_saved(bad, folder)


# --------------------------------------------------------------------------- deleting


def test_delete_removes_exactly_one_result(folder: Path) -> None:
    a = store.save_result(make_record(), "# a", folder=folder)
    b = store.save_result(make_record(taken_at="2026-12-01T00:00:00+00:00"), "# b", folder=folder)
    (folder / "notes.txt").write_text("mine")
    store.list_saved(folder)
    store.delete_saved(a.id, folder)
    assert not a.record.exists() and not a.summary.exists()
    assert b.record.exists() and b.summary.exists() and (folder / "notes.txt").exists()
    assert a.record.name not in indexed_text(folder)
    assert [s.id for s in store.list_saved(folder)[0]] == [b.id]
    with pytest.raises(StoreError, match="No saved result"):
        store.delete_saved(a.id, folder)


def test_delete_works_on_a_damaged_record(folder: Path) -> None:
    bad = folder / "20260101T000000Z-therapy-readiness-aaaaaa.json"
    locations.ensure_private_dir(folder)
    bad.write_text("{")
    store.delete_saved("aaaaaa", folder)
    assert not bad.exists()


def test_delete_all_removes_exactly_the_listed_results(folder: Path) -> None:
    """What the list shows (and their summaries) goes; what it skipped stays, and is named."""
    saved = [
        store.save_result(
            make_record(taken_at=f"2026-0{m}-01T00:00:00+00:00"), "# x", folder=folder
        )
        for m in range(1, 6)
    ]
    future = make_record()
    future["record_version"] = 99
    damaged = folder / "20260101T000000Z-therapy-readiness-aaaaaa.json"
    damaged.write_text("{")
    newer = folder / "20260102T000000Z-therapy-readiness-bbbbbb.json"
    newer.write_text(json.dumps(future))
    (folder / "20260102T000000Z-therapy-readiness-bbbbbb.md").write_text("# newer")
    loose = folder / "20260103T000000Z-therapy-readiness-cccccc.md"  # its record is gone
    loose.write_text("# words of a result whose record was lost")
    (folder / "notes.txt").write_text("mine")
    (folder / "my-export.json").write_text("{}")
    half = folder / ".20260101T000000Z-x-abcdef.json.0badf00d.tmp"
    half.write_text("half")
    os.utime(half, (1, 1))  # left by a save cut off long ago, not one under way
    summaries, notices = store.list_saved(folder)
    assert (folder / store.INDEX_NAME).exists()

    plan = store.plan_delete_all(folder)
    assert sorted(plan.ids) == sorted(p.id for p in saved) == sorted(s.id for s in summaries)
    assert plan.loose_summaries == (loose.name,)
    assert {n.path.name for n in plan.left} == {
        damaged.name,
        newer.name,
        "notes.txt",
        "my-export.json",
    }
    assert len(plan.ids) == len(summaries) == 5
    later = store.save_result(make_record(taken_at="2026-09-01T00:00:00+00:00"), "#", folder=folder)

    assert store.delete_all(folder, plan) == 5
    assert all(not p.record.exists() and not p.summary.exists() for p in saved)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            damaged.name,
            newer.name,
            newer.with_suffix(".md").name,
            later.record.name,
            later.summary.name,
            "my-export.json",
            "notes.txt",
        ]
    )  # no index, no temporary file, no loose summary; the result saved since stays
    assert [s.id for s in store.list_saved(folder)[0]] == [later.id]
    assert store.delete_all(folder) == 1  # a plan made now: the one listed
    assert store.delete_all(folder) == 0
    assert damaged.exists() and newer.exists()
    assert store.delete_all(folder / "missing") == 0


def test_no_index_is_kept_once_no_readable_result_is_left(folder: Path) -> None:
    a = store.save_result(make_record(title="Private one"), "# a", folder=folder)
    (folder / "20260101T000000Z-therapy-readiness-aaaaaa.json").write_text("{")
    store.list_saved(folder)
    assert "Private one" in indexed_text(folder)
    store.delete_all(folder)
    assert not a.record.exists() and not (folder / store.INDEX_NAME).exists()
    # listing what is left (a damaged file) writes no cache of it
    summaries, notices = store.list_saved(folder)
    assert summaries == [] and "aaaaaa" in notices[0].path.name
    assert not (folder / store.INDEX_NAME).exists()
    b = store.save_result(make_record(), "# b", folder=folder)
    store.list_saved(folder)
    assert (folder / store.INDEX_NAME).exists()
    store.delete_saved(b.id, folder)  # the last readable one: the index goes with it
    assert not (folder / store.INDEX_NAME).exists()


def test_the_index_holds_only_what_the_records_hold(folder: Path) -> None:
    """Private like the records, and nothing in it that the folder does not already hold."""
    old_umask = os.umask(0)
    try:
        saved = [
            store.save_result(make_record(title="First"), "# a", folder=folder),
            store.save_result(
                make_record("boundary-needs", "2026-12-01T00:00:00+00:00", title="Second"),
                "# b",
                folder=folder,
            ),
        ]
        (folder / "20260101T000000Z-therapy-readiness-aaaaaa.json").write_text("{")
        (folder / "holiday.jpg").write_bytes(b"\xff\xd8")
        store.list_saved(folder)
    finally:
        os.umask(old_umask)
    index = folder / store.INDEX_NAME
    assert mode(index) == 0o600
    text = index.read_text(encoding="utf-8")
    entries = index_json(folder)["entries"]
    held = " ".join(p.record.read_text() for p in saved)
    assert sorted(entries) == sorted(p.record.name for p in saved)  # not the damaged one
    for _stat, (taken_at, quiz_id, title, _version, bands, ids, ways) in entries.values():
        for string in (
            taken_at,
            quiz_id,
            title,
            *(s for b in bands for s in b if isinstance(s, str)),
            *ids,
            *(way for way in ways if way is not None),
        ):
            assert string in held, string
    assert "answers" not in text and "open_to_talk" not in text and "Suggest one" not in text


# --------------------------------------------------------------------------- exporting


def test_export_in_each_format(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = store.save_result(make_record(), "# As shown\n", folder=folder)
    out = tmp_path / "out"
    out.mkdir()
    as_json = exporting.export_saved(paths.id, out / "r.json", folder=folder)
    assert json.loads(as_json.read_text()) == json.loads(paths.record.read_text())
    assert mode(as_json) == 0o600
    as_md = exporting.export_saved(paths.id, out / "r.md", folder=folder)
    assert as_md.read_text() == "# As shown\n"
    into_folder = exporting.export_saved(paths.id, out, "markdown", folder=folder)
    assert into_folder == out / f"{paths.id}.md"
    with pytest.raises(StoreError, match="already exists"):
        exporting.export_saved(paths.id, out / "r.json", folder=folder)
    with pytest.raises(StoreError, match="does not exist"):
        exporting.export_saved(paths.id, tmp_path / "nope" / "r.json", folder=folder)
    with pytest.raises(exporting.ExportFormatError, match="cannot write the format 'pdf'"):
        exporting.export_saved(paths.id, out / "r.pdf", "pdf", folder=folder)

    class FakeReport:
        @staticmethod
        def to_text(record: dict[str, Any]) -> str:
            return f"TEXT {record['quiz']['title']}"

        @staticmethod
        def to_markdown(record: dict[str, Any]) -> str:
            return f"MD {record['quiz']['title']}"

    import readiness.core as core_pkg

    monkeypatch.setattr(core_pkg, "report", FakeReport, raising=False)
    monkeypatch.setitem(__import__("sys").modules, "readiness.core.report", FakeReport)
    as_txt = exporting.export_saved(paths.id, out / "r.txt", folder=folder)
    assert as_txt.read_text() == "TEXT Therapy readiness\n"
    paths.summary.unlink()  # no saved summary: rendered from the record
    assert (
        exporting.export_saved(paths.id, out / "r2.md", folder=folder).read_text()
        == "MD Therapy readiness\n"
    )


def test_store_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys, readiness.core.store, readiness.core.history; print('textual' in sys.modules)"
    )
    src = str(Path(store.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- the index


def test_the_index_is_never_believed_over_the_files(folder: Path) -> None:
    """An index entry is used only when the record file is still the one it was taken from,
    and the index only while it matches its digest."""
    a = store.save_result(make_record(title="First"), "# a", folder=folder)
    b = store.save_result(make_record(taken_at="2026-12-01T00:00:00+00:00"), "# b", folder=folder)
    store.list_saved(folder)
    index = folder / store.INDEX_NAME

    # the index edited by hand, the records left alone (their stat unchanged):
    # the record's own band is shown, and the index is mended
    data = index.read_text(encoding="utf-8")
    assert data.count("Getting there") == 4  # two dimensions in each of two records
    index.write_text(data.replace("Getting there", "Ready: go ahead and leave"), encoding="utf-8")
    summaries, notices = store.list_saved(folder)
    assert notices == [] and {s.bands[0][1] for s in summaries} == {"Getting there"}
    assert "go ahead" not in index.read_text(encoding="utf-8")

    # a record edited in place, same size, its modification time put back by hand
    record = json.loads(a.record.read_text())
    record["quiz"]["title"] = "Fifth"
    st = os.stat(a.record)
    a.record.write_text(json.dumps(record, indent=2) + "\n")
    os.utime(a.record, ns=(st.st_atime_ns, st.st_mtime_ns))
    titles = {s.id: s.quiz_title for s in store.list_saved(folder)[0]}
    assert titles[a.id] == "Fifth"

    # a record added by hand, one removed by hand, a foreign file dropped in
    extra = folder / "20250101T000000Z-therapy-readiness-abcdef.json"
    extra.write_text(json.dumps({**make_record(title="Copied in"), "record_version": 1}))
    b.record.unlink()
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8")
    summaries, notices = store.list_saved(folder)
    assert sorted(s.quiz_title for s in summaries) == ["Copied in", "Fifth"]
    assert [n.path.name for n in notices] == ["holiday.jpg"]
    assert sorted(index_json(folder)["entries"]) == sorted([a.record.name, extra.name])


def test_a_damaged_or_foreign_index_is_never_believed(folder: Path) -> None:
    store.save_result(make_record(title="Kept"), "# a", folder=folder)
    store.list_saved(folder)
    index = folder / store.INDEX_NAME
    for junk in (
        b"",
        b"{}",
        b'{"index_version": 2}',
        b"\x00" * 64,
        b'[{"entries": 1}]',
        index.read_bytes().replace(b'"Kept"', b"7"),  # a title of the wrong type
        index.read_bytes().replace(b'"Kept"', b'"Lost"'),  # the digest no longer matches
    ):
        index.write_bytes(junk)
        assert store.list_saved(folder)[0][0].quiz_title == "Kept"
        assert index_json(folder)["entries"]  # rebuilt


def test_an_index_whose_headline_parts_disagree_is_never_believed(folder: Path) -> None:
    """Signed again, so only the headline's own shape can tell: bands, ids and
    directions lined up one to one, or the whole index is read as empty."""
    paths = store.save_result(make_record(title="Kept"), "# a", folder=folder)
    store.list_saved(folder)
    index = folder / store.INDEX_NAME
    entries = index_json(folder)["entries"]
    key, head = entries[paths.record.name]
    st = os.stat(paths.record)
    assert key == [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]  # the file as stat saw it
    write_signed_index(index, entries)
    assert resultindex.load(folder)  # signed as the store signs it: believed
    head[5] = head[5][:1]  # one dimension id for two bands
    write_signed_index(index, entries)
    assert resultindex.load(folder) == {}
    [summary] = store.list_saved(folder)[0]
    assert len(summary.dimension_ids) == len(summary.bands) == 2
    assert len(index_json(folder)["entries"][paths.record.name][1][5]) == 2  # mended


def test_the_index_never_outlives_its_records(folder: Path) -> None:
    """It holds headlines: forgetting a result removes it there too."""
    a = store.save_result(make_record(title="Private one"), "# a", folder=folder)
    b = store.save_result(make_record(title="Other"), "# b", folder=folder)
    store.list_saved(folder)
    assert "Private one" in indexed_text(folder)
    store.delete_saved(a.id, folder)
    assert "Private one" not in indexed_text(folder) and a.id not in indexed_text(folder)
    assert [s.id for s in store.list_saved(folder)[0]] == [b.id]
    # removed by hand: the next listing drops the index rather than keep its headline
    b.record.unlink()
    assert store.list_saved(folder) == ([], [])
    assert not (folder / store.INDEX_NAME).exists()


def test_an_old_index_is_replaced(folder: Path) -> None:
    paths = store.save_result(make_record(title="Now"), "# a", folder=folder)
    old = {"index_version": 1, "entries": {paths.record.name: {"key": [1, 2], "head": {}}}}
    (folder / store.INDEX_NAME).write_text(json.dumps(old))
    assert store.list_saved(folder)[0][0].quiz_title == "Now"
    assert index_json(folder)["index_version"] == resultindex.INDEX_VERSION


def test_nothing_is_written_where_nothing_is_saved(folder: Path) -> None:
    assert store.list_saved(folder) == ([], [])
    assert not folder.exists()
    locations.ensure_private_dir(folder)
    (folder / "notes.txt").write_text("mine")
    assert len(store.list_saved(folder)[1]) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_a_huge_file_is_skipped_and_a_record_is_read_whole(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = store.save_result(make_record(title="Whole " + "x" * 3000), "# a", folder=folder)
    size = good.record.stat().st_size
    monkeypatch.setattr(records, "MAX_RECORD_BYTES", size + 10)
    (folder / "20260101T000000Z-therapy-readiness-aaaaaa.json").write_bytes(b"x" * (size + 11))
    summaries, notices = store.list_saved(folder)
    assert [s.quiz_title for s in summaries] == ["Whole " + "x" * 3000]
    assert [n.message for n in notices] == ["too large to be a saved result"]
    assert records.read_bytes(good.record) == good.record.read_bytes()


def test_a_special_file_named_like_a_record_is_one_notice_and_survey_agrees(folder: Path) -> None:
    """A FIFO named `X.json` is skipped once, with what it is; `survey` (one scan) says
    what `list_saved`, `list_leftovers` and `privacy_notes` say one by one."""
    store.save_result(make_record(), "# a", folder=folder)
    os.mkfifo(folder / "20260101T000000Z-therapy-readiness-abcdef.json")
    (folder / ".x.json.0123abcd.tmp").write_text("{}")
    os.utime(folder / ".x.json.0123abcd.tmp", (0, 0))
    os.chmod(folder, 0o755)
    summaries, notices = store.list_saved(folder)
    assert [n.message for n in notices] == ["not a saved result (a named pipe)"]
    found = store.survey(folder)
    assert (found.summaries, found.notices) == (summaries, notices)
    assert found.leftovers == store.list_leftovers(folder) and len(found.leftovers) == 1
    assert found.notes == store.privacy_notes(folder) and found.notes
