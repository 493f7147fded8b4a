"""Contract, "Bands": the first band whose max is >= the score; none when the score is none."""

from __future__ import annotations

import pytest
from contractlib import dim, dimension, quiz_dict, run, scale, scale_q, step

THREE = [
    {"id": "low", "max": 39, "label": "Not yet"},
    {"id": "mid", "max": 69, "label": "Getting there"},
    {"id": "high", "max": 100, "label": "Ready"},
]
PERCENT = {"s": scale(values=list(range(101)))}  # answer v scores exactly v


def band_for(score: int, bands=THREE) -> dict | None:
    d = quiz_dict([scale_q("q", {"d": 1})], dimensions=[dim("d", bands=bands)], scales=PERCENT)
    result = dimension(run(d, {"q": score}))
    assert result["score"] == score
    return result["band"]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "low"),
        (1, "low"),
        (39, "low"),
        (40, "mid"),
        (68, "mid"),
        (69, "mid"),
        (70, "high"),
        (100, "high"),
    ],
)
def test_score_belongs_to_the_first_band_whose_max_is_at_least_the_score(score, band):
    assert band_for(score)["id"] == band


def test_band_carries_its_label():
    assert band_for(82) == {"id": "high", "label": "Ready"}


def test_a_band_with_max_zero_holds_only_zero():
    bands = [{"id": "none", "max": 0, "label": "None"}, {"id": "some", "max": 100, "label": "Some"}]
    assert band_for(0, bands)["id"] == "none"
    assert band_for(1, bands)["id"] == "some"


def test_a_single_band_covers_everything():
    bands = [{"id": "all", "max": 100, "label": "All"}]
    assert band_for(0, bands)["id"] == "all"
    assert band_for(100, bands)["id"] == "all"


def test_band_is_null_when_the_score_is_null():
    d = quiz_dict(
        [scale_q("q", {"d": 1})], dimensions=[dim("d", bands=THREE), dim("e", bands=THREE)]
    )
    assert dimension(run(d, {"q": 2}), "e")["band"] is None


@pytest.mark.parametrize(("score", "shown"), [(39, False), (40, True), (69, True), (70, False)])
def test_band_id_is_usable_in_when(score, shown):
    d = quiz_dict(
        [scale_q("q", {"d": 1})],
        dimensions=[dim("d", bands=THREE)],
        scales=PERCENT,
        next_steps=[step("mid-step", when="band.d == 'mid'")],
    )
    assert bool(run(d, {"q": score}).next_steps) is shown


def test_band_of_an_unscored_dimension_is_none_in_when():
    d = quiz_dict(
        [scale_q("q", {"d": 1})],
        dimensions=[dim("d", bands=THREE), dim("e", bands=THREE)],
        next_steps=[step("no-band", when="band.e == none and band.d != none")],
    )
    assert [s.id for s in run(d, {"q": 3}).next_steps] == ["no-band"]
