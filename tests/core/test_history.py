"""Change over time: deltas "since the time before" and sparklines."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.core import history, store
from support.paths import REPO
from support.records import make_record


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates are shown in local time; pin it so the words are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_sparkline_is_on_a_fixed_scale_with_gaps() -> None:
    assert history.sparkline([0, 50, 100]) == "▁▅█"
    assert history.sparkline([None, 100, -5, 250]) == "·█▁█"
    assert history.sparkline([]) == ""


def test_change_text() -> None:
    march = datetime(2026, 3, 3, 12, tzinfo=UTC)
    may = datetime(2026, 5, 1, 12, tzinfo=UTC)
    # Words, no sign: on some dimensions higher is harder, and "-50" would read as a loss.
    assert history.change_text(12, march, latest=may) == "12 higher than on 3 March"
    assert history.change_text(-50, march, latest=may) == "50 lower than on 3 March"
    assert history.change_text(0, march, latest=may) == "the same as on 3 March"
    assert history.change_text(None, march, latest=may) == "not comparable with 3 March"
    assert (
        history.change_text(3, march, latest=datetime(2027, 1, 1, tzinfo=UTC))
        == "3 higher than on 3 March 2026"
    )
    assert history.change_text(3, march, latest=march) == "3 higher than earlier that day"
    assert history.change_text(0, march, latest=march) == "the same as earlier that day"
    assert history.change_text(3, None) == ""
    for delta in (-100, -1, 1, 100):
        text = history.change_text(delta, march, latest=may)
        assert "+" not in text and "-" not in text
    assert [history.change_words(d) for d in (7, -7, 0, None)] == [
        "7 higher",
        "7 lower",
        "no change",
        "",
    ]


def test_short_label_drops_a_trailing_aside_only() -> None:
    assert history.short_label("Fear of being blamed (as you see it)") == "Fear of being blamed"
    assert history.short_label('"We can handle it" (as you see it)') == '"We can handle it"'
    assert history.short_label("Your readiness") == "Your readiness"
    assert history.short_label("(as you see it)") == "(as you see it)"


def test_changes_since_previous_from_saved_summaries(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    store.save_result(
        make_record(taken_at="2026-01-10T12:00:00+00:00", scores={"a": 40, "b": 50}),
        "#",
        folder=folder,
    )
    store.save_result(
        make_record(taken_at="2026-03-03T12:00:00+00:00", scores={"a": 48, "b": None}),
        "#",
        folder=folder,
    )
    newest = store.save_result(
        make_record(
            taken_at="2026-05-01T12:00:00+00:00",
            scores={"a": 60, "b": 70},
            labels={"a": "A, renamed"},
        ),
        "#",
        folder=folder,
    )
    store.save_result(make_record("other", "2026-06-01T12:00:00+00:00"), "#", folder=folder)
    summaries, _ = store.list_saved(folder)

    trend = history.changes_since_previous(summaries, "therapy-readiness")
    assert trend is not None
    assert trend.count == 3 and trend.latest_id == newest.id
    a, b = trend.dimensions
    assert (a.id, a.label) == ("a", "A, renamed")  # the newest result's label
    assert a.scores == [40, 48, 60] and a.delta == 12
    assert a.change_text == "12 higher than on 3 March"
    assert a.sparkline() == history.sparkline([40, 48, 60])
    assert b.scores == [50, None, 70] and b.delta is None
    assert b.change_text == "not comparable with 3 March"

    as_of_march = history.changes_since_previous(
        summaries, "therapy-readiness", upto=trend.previous_id
    )
    assert as_of_march is not None and as_of_march.count == 2
    assert as_of_march.dimensions[0].change_text == "8 higher than on 10 January"

    assert history.changes_since_previous(summaries, "nothing-like-it") is None


def test_changes_from_record_dicts_and_dimensions_added_later() -> None:
    old = {
        **make_record(taken_at="2026-01-10T12:00:00+00:00", scores={"a": 40}, version=1),
        "record_version": 1,
    }
    new = {
        **make_record(taken_at="2026-02-10T12:00:00+00:00", scores={"a": 30, "c": 90}),
        "record_version": 1,
    }
    trend = history.changes_since_previous([new, old], "therapy-readiness")
    assert trend is not None
    assert [d.id for d in trend.dimensions] == ["a", "c"]
    assert trend.dimensions[0].change_text == "10 lower than on 10 January"
    assert trend.dimensions[1].scores == [None, 90]
    only = history.changes_since_previous([old], "therapy-readiness")
    assert only is not None and only.count == 1 and only.dimensions[0].change_text == ""


def test_the_listing_and_the_panel_agree_on_change_since_last_time() -> None:
    """One rule of "change since last time": the command line's deltas for every result
    are what `changes_since_previous` gives for that result."""
    records = [
        make_record(
            taken_at="2026-01-01T10:00:00+00:00",
            scores={"own_readiness": 20, "partner_openness": 40},
        ),
        make_record(
            taken_at="2026-02-01T10:00:00+00:00",
            scores={"own_readiness": 50, "partner_openness": None},
        ),
        make_record(
            taken_at="2026-03-01T10:00:00+00:00",
            scores={"own_readiness": 45, "partner_openness": 70},
        ),
        make_record("other", taken_at="2026-03-02T10:00:00+00:00", scores={"own_readiness": 10}),
    ]
    summaries = [
        store.summary_from_record({**r, "record_version": 1}, record_id=f"r{n}")
        for n, r in enumerate(records)
    ][::-1]  # newest first, as listed
    deltas = history.deltas_by_record(summaries)
    assert deltas["r1"] == {"own_readiness": 30} and deltas["r2"] == {"own_readiness": -5}
    assert "r0" not in deltas and "r3" not in deltas
    for summary in summaries:
        trend = history.changes_since_previous(summaries, summary.quiz_id, upto=summary.id)
        assert trend is not None
        panel = {d.id: d.delta for d in trend.dimensions if d.delta is not None}
        assert panel == deltas.get(summary.id, {})


def test_changes_say_which_way_is_better_where_the_quiz_says(tmp_path: Path) -> None:
    """A saved result keeps each dimension's `higher_is`, so "17 higher" becomes
    "17 points harder" on a strain dimension and "17 points better" on readiness."""
    from readiness.core.loader import load_quiz
    from readiness.core.scoring import evaluate

    quiz = load_quiz(REPO / "quizzes" / "boundary-needs.yaml")
    assert {d.higher_is for d in quiz.dimensions} >= {"worse"}
    folder = tmp_path / "results"
    low = {
        q.id: min(p.value for p in quiz.scales[q.scale])
        for q in quiz.questions
        if q.type == "scale"
    }
    high = {
        q.id: max(p.value for p in quiz.scales[q.scale])
        for q in quiz.questions
        if q.type == "scale"
    }
    for answers, when in ((low, "2026-03-03T10:00:00+00:00"), (high, "2026-04-03T10:00:00+00:00")):
        result = evaluate(quiz, answers)
        record = result.to_record()
        record["taken_at"] = when
        store.save_result(
            type("R", (), {"quiz": quiz, "to_record": lambda self, r=record: r})(),
            "# x",
            folder=folder,
        )
    summaries, _ = store.list_saved(folder)
    assert all(s.directions for s in summaries)
    trend = history.changes_since_previous(summaries, quiz.id)
    assert trend is not None
    ways = {d.higher_is for d in trend.dimensions}
    assert "worse" in ways
    for dim in trend.dimensions:
        if dim.delta and dim.higher_is == "worse":
            assert ("points harder" if dim.delta > 0 else "points easier") in dim.change_text, dim
        if dim.delta and dim.higher_is == "better":
            assert ("points better" if dim.delta > 0 else "points harder") in dim.change_text, dim
    assert history.change_words(17, "worse") == "17 points harder"
    assert history.change_words(-5, "better") == "5 points harder"
    assert history.change_words(5, "better") == "5 points better"
    assert history.change_words(-3, "worse") == "3 points easier"
    assert history.change_words(12, "neutral") == "12 higher" == history.change_words(12)


_dimension = st.sampled_from(["a", "b", "c", "d"])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["q1", "q2"]),
            st.lists(
                st.tuples(_dimension, st.none() | st.integers(0, 100)),
                max_size=4,
                unique_by=lambda pair: pair[0],
            ),
        ),
        max_size=8,
    )
)
def test_change_since_last_time_matches_dimensions_by_id(
    results: list[tuple[str, list[tuple[str, int | None]]]],
) -> None:
    """Whatever the dimensions' order, or which of them each result has, each change is
    the score minus the same dimension's score in the same quiz's result before."""
    summaries = [
        store.SavedSummary(
            f"r{n}",
            Path("."),
            f"r{n}.json",
            quiz_id,
            quiz_id,
            datetime(2026, 1, 1 + n, tzinfo=UTC),
            [(did, None if score is None else "band", score) for did, score in dims],
            dimension_ids=tuple(did for did, _ in dims),
        )
        for n, (quiz_id, dims) in enumerate(results)
    ][::-1]  # newest first, as listed
    expected: dict[str, dict[str, int]] = {}
    for n, (quiz_id, dims) in enumerate(results):
        earlier = [d for q, d in results[:n] if q == quiz_id]
        if earlier:
            before = dict(earlier[-1])
            expected[f"r{n}"] = {
                did: score - before[did]
                for did, score in dims
                if score is not None and before.get(did) is not None
            }
    assert history.deltas_by_record(summaries) == expected
