"""The safety check and the support lines: flags fire when they should, never on
"prefer not to say" alone, and the right lines are chosen for the locale."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.core.safety import (
    SAFETY_QUIZ_ID,
    Card,
    Resource,
    Resources,
    ResourcesFileError,
    load_resources,
    load_safety_quiz,
    parse_resources,
    region_for_locale,
    safety_from_result,
    safety_quiz_path,
)
from readiness.core.scoring import SafetyState, evaluate
from readiness.locations import data_file

PREFER_NOT = "prefer_not"
ALL_NO = {"afraid": "no", "hurt": "no", "control": "no", "watched": "no", "self_harm": "no"}
ALL_PREFER_NOT = dict.fromkeys(ALL_NO, PREFER_NOT)


def state(**answers: Any) -> SafetyState:
    """The SafetyState for the baseline 'no' answers with `answers` changed."""
    return safety_from_result(evaluate(load_safety_quiz(), {**ALL_NO, **answers}))


# --- The check itself -------------------------------------------------------------


def test_safety_quiz_loads_and_is_not_checked_itself() -> None:
    quiz = load_safety_quiz()
    assert quiz.id == SAFETY_QUIZ_ID
    assert quiz.safety_check is False
    assert set(quiz.flags) == {"concern", "crisis", "unsure"}
    assert 4 <= len(quiz.questions) <= 6
    assert quiz.next_steps
    assert safety_quiz_path() == data_file("safety-check.yaml")
    assert load_safety_quiz() is quiz  # cached


def test_every_question_offers_prefer_not_to_say_with_no_scores() -> None:
    for question in load_safety_quiz().questions:
        assert question.type == "choice", question.id
        options = {o.id: o for o in question.options}
        assert PREFER_NOT in options, question.id
        assert not options[PREFER_NOT].scores, question.id
        assert "prefer not to say" in options[PREFER_NOT].label.lower()


def test_plain_no_raises_nothing() -> None:
    assert state() == SafetyState(concern=False, crisis=False)


def test_prefer_not_to_say_everywhere_is_unsure_not_all_clear() -> None:
    result = evaluate(load_safety_quiz(), ALL_PREFER_NOT)
    assert safety_from_result(result) == SafetyState(unsure=True)


@pytest.mark.parametrize("question", ["afraid", "hurt", "control", "watched", "self_harm"])
def test_declining_any_safety_question_is_unsure(question: str) -> None:
    """The brief: declined answers hide every joint step, whichever question was declined."""
    assert state(**{question: PREFER_NOT}) == SafetyState(unsure=True)


def test_a_concern_is_never_also_unsure() -> None:
    assert state(afraid=PREFER_NOT, hurt="recent") == SafetyState(concern=True)


def test_crisis_and_declines_are_both_kept() -> None:
    assert state(afraid=PREFER_NOT, self_harm="now") == SafetyState(crisis=True, unsure=True)


@pytest.mark.parametrize(
    "answers",
    [
        {"afraid": "sometimes"},
        {"afraid": "often"},
        {"hurt": "past"},
        {"hurt": "recent"},
        {"control": "sometimes"},
        {"control": "often"},
        {"watched": "yes"},
        # Declining the other questions must not hide a concern that was shared.
        {**ALL_PREFER_NOT, "control": "often"},
    ],
)
def test_concern_fires(answers: dict[str, str]) -> None:
    assert state(**answers) == SafetyState(concern=True, crisis=False)


@pytest.mark.parametrize("answer", ["sometimes", "now"])
def test_crisis_fires_on_thoughts_of_self_harm(answer: str) -> None:
    assert state(self_harm=answer).crisis is True
    assert state(**{**ALL_PREFER_NOT, "self_harm": answer}).crisis is True


def test_unsure_about_being_watched_is_not_a_concern_on_its_own() -> None:
    assert state(watched="unsure") == SafetyState(concern=False, crisis=False)


def test_safety_from_result_reads_the_flags() -> None:
    result = evaluate(load_safety_quiz(), {**ALL_NO, "hurt": "recent", "self_harm": "now"})
    assert safety_from_result(result) == SafetyState(concern=True, crisis=True)


def test_safety_module_never_imports_textual() -> None:
    import subprocess

    code = "import readiness.core.safety, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- Locale -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "region"),
    [
        ({"LANG": "en_US.UTF-8"}, "US"),
        ({"LANG": "es_US"}, "US"),
        ({"LANG": "en_GB.UTF-8"}, "UK"),
        ({"LANG": "en_GB"}, "UK"),
        ({"LANG": "cy_GB.UTF-8@euro"}, "UK"),
        ({"LANG": "de_DE.UTF-8"}, "INTL"),
        ({"LANG": "C"}, "INTL"),
        ({"LANG": "C.UTF-8"}, "INTL"),
        ({"LANG": "POSIX"}, "INTL"),
        ({}, "INTL"),
        ({"LANG": ""}, "INTL"),
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, "UK"),
        ({"LC_ALL": "", "LC_MESSAGES": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "UK"),
        ({"LC_MESSAGES": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "INTL"),
    ],
)
def test_region_for_locale(environ: dict[str, str], region: str) -> None:
    assert region_for_locale(environ) == region


def test_region_defaults_to_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert region_for_locale() == "UK"
    assert any(line.region == "UK" for line in load_resources().lines)


# --- Resources ------------------------------------------------------------------------


def test_us_lines_lead_with_crisis_and_keep_the_international_fallback() -> None:
    res = load_resources({"LANG": "en_US.UTF-8"})
    assert isinstance(res, Resources)
    names = [line.name for line in res.lines]
    assert names[0].startswith("988")
    assert any("Domestic Violence Hotline" in n for n in names)
    assert res.lines[-1].region == "INTL"
    assert {line.region for line in res.lines} == {"US", "INTL"}
    contacts = " ".join(line.contact for line in res.lines)
    assert "988" in contacts and "1-800-799-7233" in contacts and "START to 88788" in contacts


def test_uk_lines() -> None:
    res = load_resources({"LANG": "en_GB.UTF-8"})
    assert {line.region for line in res.lines} == {"UK", "INTL"}
    assert res.lines[0].kind == "crisis"
    assert any("0808 2000 247" in line.contact for line in res.lines)


def test_elsewhere_gets_the_international_directory() -> None:
    res = load_resources({"LANG": "de_DE.UTF-8"})
    assert [line.region for line in res.lines] == ["INTL"]
    assert "findahelpline.com" in res.lines[0].url


def test_lines_are_ordered_crisis_first() -> None:
    order = {"crisis": 0, "abuse": 1, "directory": 2}
    for lang in ("en_US.UTF-8", "en_GB.UTF-8", "C"):
        kinds = [order[line.kind] for line in load_resources({"LANG": lang}).lines]
        assert kinds == sorted(kinds), lang


def test_every_resource_has_a_last_checked_date_and_an_https_url() -> None:
    raw = yaml.safe_load(data_file("resources.yaml").read_text(encoding="utf-8"))
    lines = parse_resources(raw).lines
    assert len(lines) == len(raw["lines"])
    for line in lines:
        assert isinstance(line, Resource)
        assert isinstance(line.last_checked, date)
        assert line.url.startswith("https://")
        assert line.name and line.contact


def test_cards_have_wording() -> None:
    res = load_resources({"LANG": "en_US.UTF-8"})
    for card in (res.safety_card, res.crisis_card, res.unsure_card):
        assert isinstance(card, Card)
        assert card.title.strip() and card.lead and len((card.lead + card.body).split()) > 20
    assert res.emergency is not None and "911" in res.emergency.say
    assert "history" in res.tech_safety.body


def _shipped() -> dict[str, Any]:
    return yaml.safe_load(data_file("resources.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["lines"][0].pop("last_checked"), "last_checked"),
        (lambda d: d["lines"][0].update(last_checked="22/11/2026"), "ISO date"),
        (lambda d: d["lines"][0].update(region="FR"), "'region' must be one of"),
        (lambda d: d["lines"][0].update(kind="chat"), "'kind' must be one of"),
        (lambda d: d["lines"][0].update(url="http://example.org"), "https://"),
        (lambda d: d["lines"][0].update(phone="123"), "unknown key 'phone'"),
        (lambda d: d["lines"][0].update(name=""), "'name' must be non-empty"),
        (lambda d: d.pop("crisis_card"), "crisis_card"),
        (lambda d: d["safety_card"].update(body="  "), "safety_card: 'body'"),
        (lambda d: d.update(lines=[x for x in d["lines"] if x["region"] != "INTL"]), "INTL"),
        (lambda d: d.update(lines=[]), "non-empty list"),
        (lambda d: d.pop("unsure_card"), "unsure_card"),
        (lambda d: d.pop("tech_safety"), "tech_safety"),
        (lambda d: d["safety_card"].update(lead=3), "'lead' must be text"),
        (
            lambda d: d.update(emergency=[x for x in d["emergency"] if x["region"] != "INTL"]),
            "INTL entry",
        ),
        (lambda d: d["emergency"][0].pop("last_checked"), r"emergency\[0\]: 'last_checked'"),
        (lambda d: d["emergency"].append(dict(d["emergency"][0])), "listed twice"),
        (lambda d: d.pop("emergency"), "'emergency' must be"),
    ],
)
def test_a_wrong_resources_file_is_a_clear_error(change: Any, message: str) -> None:
    data = _shipped()
    change(data)
    with pytest.raises(ResourcesFileError, match=message):
        parse_resources(data, "resources.yaml")


def test_every_problem_is_reported_at_once() -> None:
    data = _shipped()
    data["lines"][0]["region"] = "XX"
    data["lines"][1]["kind"] = "chat"
    with pytest.raises(ResourcesFileError) as info:
        parse_resources(data, "resources.yaml")
    assert len(str(info.value).splitlines()) == 2


def test_not_a_mapping_is_a_clear_error() -> None:
    with pytest.raises(ResourcesFileError, match="top level"):
        parse_resources(["nope"], "resources.yaml")


def test_iso_string_dates_are_accepted() -> None:
    data = _shipped()
    data["lines"][0]["last_checked"] = "2026-11-22"
    lines = parse_resources(data).lines
    assert lines[0].last_checked == date(2026, 11, 22)


def test_shipped_files_sit_in_the_package() -> None:
    for name in ("safety-check.yaml", "resources.yaml"):
        assert Path(data_file(name)).is_file()
