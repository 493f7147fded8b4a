"""The built-in quizzes: they load, follow the content rules, and every step is reachable.

For every next step with a `when`, one answer set shows it and one does not,
so there are no dead steps and no step that shows by accident. The answer
sets are data: a calm baseline per quiz, plus the few answers that change.
A property test then checks, over random answer sets, that a safety concern
never lets a step done together with the partner through.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.core.loader import load_quiz
from readiness.core.model import Quiz
from readiness.core.safety import safety_quiz_path
from readiness.core.scoring import SafetyState, evaluate
from support.paths import REPO

QUIZ_DIR = REPO / "quizzes"
QUIZ_IDS = ("therapy-readiness", "boundary-needs", "deal-breakers")
HEADER = "# yaml-language-server: $schema=quiz.schema.json"

NO_SAFETY = SafetyState()
CONCERN = SafetyState(concern=True)


def quiz_path(quiz_id: str) -> Path:
    return safety_quiz_path() if quiz_id == "safety-check" else QUIZ_DIR / f"{quiz_id}.yaml"


_QUIZZES: dict[str, Quiz] = {}


def quiz(quiz_id: str) -> Quiz:
    if quiz_id not in _QUIZZES:
        _QUIZZES[quiz_id] = load_quiz(quiz_path(quiz_id))
    return _QUIZZES[quiz_id]


# --- Answer sets -------------------------------------------------------------
# A calm baseline per quiz: few steps fire, so each case below changes only
# what its step needs. Comments give the resulting bands.

BASE: dict[str, dict[str, Any]] = {
    "therapy-readiness": {
        # own readiness 59 considering; partner 50 hesitant; barriers 17 low; approach 71 mid
        "own_stage": "planning",
        "own_willing": 4,
        "own_clear": 3,
        "own_alone": 3,
        "own_worry": 3,
        "partner_stance": "unsure",
        "partner_curious": "not_sure",
        "partner_heard": [],
        "barrier_stigma": 2,
        "barrier_blame": 2,
        "barrier_vulnerability": 2,
        "barrier_change": 2,
        "barrier_self_reliance": 2,
        "barrier_unfamiliar": 2,
        "barrier_practical": 2,
        "approach_timing": 2,
        "approach_feelings": 3,
        "approach_listen": 3,
        "approach_repeat": 2,
        "approach_ultimatum": "never",
        "coping": [],
    },
    "boundary-needs": {
        # every area 25 "mostly fine"; holding 75; pushback 0 (so strengths-here shows)
        "circ_same": 2,
        "circ_further": 2,
        "carry_turns": 2,
        "carry_drained": 2,
        "carry_moods": 2,
        "endless_long": 2,
        "endless_stay": 2,
        "pattern_again": 2,
        "pattern_nothing": 2,
        "space_given_up": 2,
        "space_time": 4,
        "respect_brushed": 2,
        "respect_stopped": 2,
        "hold_no": 4,
        "hold_calm": 4,
        "limit_response": "respected",
        "pushed_until": 1,
    },
    "deal-breakers": {
        # strain 25 light everywhere; effort 50 some; future 17 fairly hopeful
        "rec_again": 2,
        "rec_avoid": 2,
        "cost_quiet": 2,
        "cost_health": 2,
        "dist_side": 2,
        "dist_reach": 2,
        "effort_other": 3,
        "effort_small": 3,
        "repair_talk": 4,
        "repair_refuse": 2,
        "dismiss_needs": 2,
        "dismiss_over": 2,
        "acc_sorry": 4,
        "acc_turn": 2,
        "future_five": 4,
        "future_feel": "hopeful",
        "my_leaning": "in",
        "partner_leaning": "in",
        "recent": "no",
    },
    "safety-check": {
        "afraid": "no",
        "hurt": "no",
        "control": "no",
        "watched": "no",
        "self_harm": "no",
    },
}

READY_AND_OPEN = {
    "own_stage": "acting",
    "own_willing": 5,
    "own_clear": 5,
    "own_alone": 5,
    "own_worry": 1,
    "partner_stance": "open",
    "partner_curious": "strongly_agree",
}
NOT_YET = {
    "own_stage": "wondering",
    "own_willing": 2,
    "own_clear": 2,
    "own_alone": 2,
    "own_worry": 4,
}
REFUSED = {"partner_stance": "refused"}


def strong(scale_item: str, *heard: str) -> dict[str, Any]:
    """One barrier at 100, the others left low by the baseline."""
    return {scale_item: 5, "partner_heard": list(heard)}


# (show, hide): the changes from BASE under which the step is shown / not shown.
# A "safety" key sets the SafetyState for that answer set.
CASES: dict[str, dict[str, tuple[dict[str, Any], dict[str, Any]]]] = {
    "therapy-readiness": {
        "start-couples-therapy": (READY_AND_OPEN, {}),
        "reflect-and-read": (NOT_YET, {}),
        "reset-approach": ({"approach_ultimatum": "more"}, {}),
        "blame-neutral-therapist": (strong("barrier_blame", "bad_guy", "sides"), {}),
        "stigma-normalise": (strong("barrier_stigma", "broken", "others_think"), {}),
        "vulnerability-gentle": (strong("barrier_vulnerability", "feelings", "stranger"), {}),
        "change-small-trial": (strong("barrier_change", "stir_up", "where_lead"), {}),
        "self-reliance-tool": (strong("barrier_self_reliance", "fine", "ourselves"), {}),
        "unfamiliar-show-what-happens": (
            strong("barrier_unfamiliar", "no_idea", "never_works"),
            {},
        ),
        "practical-limited-online": (strong("barrier_practical", "cost", "no_time", "privacy"), {}),
        "past-therapy": ({"partner_heard": ["bad_before"]}, {}),
        "family-beliefs": ({"partner_heard": ["family"]}, {}),
        "own-your-part": ({"barrier_blame": 5, "partner_heard": ["bad_guy"]}, {}),
        "partner-alone-first": (
            strong("barrier_vulnerability", "feelings"),
            {**strong("barrier_vulnerability", "feelings"), "partner_stance": "refused"},
        ),
        "ordinary-check-up": (
            {"barrier_practical": 5, "barrier_unfamiliar": 3, "partner_heard": ["cost", "no_idea"]},
            {"barrier_unfamiliar": 5, "partner_heard": ["no_idea"]},  # the mystery step covers it
        ),
        "coping-with-no": ({"coping": ["lonely"]}, {"coping": ["okay"]}),
        "take-back-ultimatum": ({"approach_ultimatum": "once"}, {}),
        "individual-therapy": ({"own_alone": 5}, {}),
        "trial-session": (
            {},
            {"partner_stance": "refused", "partner_curious": "strongly_disagree"},
        ),
        "programme-or-workshop": ({"own_alone": 5}, {}),
        "calm-conversation": ({}, {"partner_stance": "open"}),
        "revisit-later": (REFUSED, {}),
        "read-for-yourself": (REFUSED, {}),
        "your-own-growth": (REFUSED, {}),
    },
    "boundary-needs": {
        "watch-one-area": ({"carry_turns": 3, "carry_drained": 3, "carry_moods": 3}, {}),
        "control-not-care": ({"limit_response": "punished"}, {}),
        "patterns-script": ({"pattern_again": 5, "pattern_nothing": 5}, {}),
        "respect-script": ({"respect_brushed": 5, "respect_stopped": 5}, {}),
        "circular-script": (
            {"circ_same": 5, "circ_further": 5},
            {"circ_same": 5, "circ_further": 5, "endless_long": 5, "endless_stay": 5},
        ),
        "loop-and-time-limit": (
            {"circ_same": 5, "circ_further": 5, "endless_long": 5, "endless_stay": 5},
            {},
        ),
        "strengths-here": ({}, {"respect_brushed": 4, "respect_stopped": 4}),
        "endless-script": ({"endless_long": 5, "endless_stay": 5}, {}),
        "carrying-script": ({"carry_turns": 5, "carry_drained": 5, "carry_moods": 5}, {}),
        "space-for-you": ({"space_given_up": 5, "space_time": 1}, {}),
        "individual-support": ({"hold_no": 1, "hold_calm": 1}, {}),
    },
    "deal-breakers": {
        "not-in-anger": ({"recent": "yes"}, {}),
        "discernment": (
            {"my_leaning": "out", "partner_leaning": "dont_know"},
            {"my_leaning": "out", "partner_leaning": "out"},
        ),
        "your-wellbeing": ({"cost_quiet": 5, "cost_health": 5}, {}),
        "individual-clarity": ({"my_leaning": "unsure"}, {}),
        "name-your-needs": ({"dismiss_needs": 5, "dismiss_over": 5}, {}),
        "invest-in-effort": ({}, {"effort_other": 1, "effort_small": 1}),
        "repair-experiment": (
            {"rec_again": 5, "rec_avoid": 5},
            {"rec_again": 5, "rec_avoid": 5, "my_leaning": "out"},
        ),
        "lean-on-people": ({"dist_side": 5, "dist_reach": 5}, {}),
        "small-moments": (
            {"dist_side": 5, "dist_reach": 5},
            {"dist_side": 5, "dist_reach": 5, "my_leaning": "out"},
        ),
        "five-year-reflection": ({"future_five": 3, "future_feel": "mixed"}, {}),
        "keep-what-works": (
            {
                "effort_other": 5,
                "effort_small": 5,
                "rec_again": 1,
                "rec_avoid": 1,
                "dist_side": 1,
                "dist_reach": 1,
            },
            {},
        ),
    },
    "safety-check": {
        "reach-out-now": ({"self_harm": "sometimes"}, {}),
        "talk-in-confidence": ({"afraid": "sometimes"}, {}),
        "talk-when-ready": ({"control": "prefer_not"}, {}),
        "support-available": ({}, {"afraid": "sometimes"}),
    },
}


def shown(quiz_id: str, changes: dict[str, Any]) -> list[str]:
    """Ids of the steps shown for BASE with `changes` applied."""
    changes = dict(changes)
    safety = changes.pop("safety", NO_SAFETY)
    answers = {**BASE[quiz_id], **changes}
    return [s.id for s in evaluate(quiz(quiz_id), answers, safety).next_steps]


ALL_IDS = (*QUIZ_IDS, "safety-check")
STEP_CASES = [
    pytest.param(qid, step, show, hide, id=f"{qid}:{step}")
    for qid, steps in CASES.items()
    for step, (show, hide) in steps.items()
]


# --- Files load and follow the content rules -----------------------------------


@pytest.mark.parametrize("quiz_id", ALL_IDS)
def test_file_validates(quiz_id: str) -> None:
    loaded = quiz(quiz_id)
    assert loaded.id == quiz_id
    assert quiz_path(quiz_id).read_text(encoding="utf-8").splitlines()[0] == HEADER


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_quiz_shape_follows_the_content_rules(quiz_id: str) -> None:
    q = quiz(quiz_id)
    assert 12 <= len(q.questions) <= 24
    assert q.minutes is not None and 5 <= q.minutes <= 8
    assert q.safety_check is True
    assert q.max_next_steps is not None and 4 <= q.max_next_steps <= 6
    intro = (q.intro or "").lower()
    for phrase in ("snapshot", "not a verdict", "nothing is saved unless you choose to save"):
        assert phrase in " ".join(intro.split()), phrase


# Dimensions that measure the partner's side, which the person can only see from outside.
PARTNER_DIMENSIONS = {
    "therapy-readiness": {
        "partner_openness",
        "stigma",
        "fear_of_blame",
        "vulnerability",
        "change_anxiety",
        "self_reliance",
        "unfamiliarity",
        "practical",
    },
    "boundary-needs": {"pushback"},
    "deal-breakers": {"effort", "repair_gap", "dismissal", "accountability"},
}


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_partner_dimensions_say_as_you_see_it(quiz_id: str) -> None:
    dims = {d.id: d for d in quiz(quiz_id).dimensions}
    assert PARTNER_DIMENSIONS[quiz_id] <= set(dims)
    for dim_id in PARTNER_DIMENSIONS[quiz_id]:
        assert dims[dim_id].label.endswith("(as you see it)"), dim_id


@pytest.mark.parametrize("quiz_id", ALL_IDS)
def test_long_choice_questions_have_a_short(quiz_id: str) -> None:
    for question in quiz(quiz_id).questions:
        if question.type in {"choice", "multi"} and len(question.text) > 40:
            assert question.short, question.id


@pytest.mark.parametrize("quiz_id", ALL_IDS)
def test_steps_are_concrete_and_never_a_verdict(quiz_id: str) -> None:
    for step in quiz(quiz_id).next_steps:
        words = " ".join(step.body.split()).lower()
        assert "this week" in words or "right now" in words or step.when is None, step.id
        for verdict in ("you should leave", "you should stay", "end the relationship", "break up"):
            assert verdict not in words, (step.id, verdict)


def test_every_step_with_a_when_has_a_case() -> None:
    for quiz_id in ALL_IDS:
        with_when = {s.id for s in quiz(quiz_id).next_steps if s.when}
        assert with_when == set(CASES[quiz_id]), quiz_id


@pytest.mark.parametrize("quiz_id", ALL_IDS)
def test_baseline_needs_no_missing_answers(quiz_id: str) -> None:
    """The baseline answers every required question, so the cases test what they say."""
    q = quiz(quiz_id)
    required = {x.id for x in q.questions if x.is_required}
    assert required <= set(BASE[quiz_id]) | {x.id for x in q.questions if x.show_if}


# --- Every step can show, and can stay hidden ---------------------------------------


@pytest.mark.parametrize(("quiz_id", "step", "show", "hide"), STEP_CASES)
def test_step_shows_and_hides(
    quiz_id: str, step: str, show: dict[str, Any], hide: dict[str, Any]
) -> None:
    assert step in shown(quiz_id, show)
    assert step not in shown(quiz_id, hide)


def test_only_one_barrier_conversation_leads() -> None:
    both = {"barrier_blame": 5, "barrier_practical": 5, "partner_heard": ["bad_guy", "cost"]}
    steps = shown("therapy-readiness", both)
    barrier_steps = [
        s for s in steps if "barrier-talk" in quiz("therapy-readiness").next_steps[_index(s)].tags
    ]
    assert len(barrier_steps) == 1


def test_highest_barrier_decides_the_conversation_step() -> None:
    mixed = {"barrier_blame": 4, "barrier_practical": 5, "partner_heard": ["cost", "no_time"]}
    steps = shown("therapy-readiness", mixed)
    assert "practical-limited-online" in steps
    assert "blame-neutral-therapist" not in steps


def test_circular_arguments_and_endless_talks_together_get_one_step_for_both() -> None:
    both = {"circ_same": 5, "circ_further": 5, "endless_long": 5, "endless_stay": 5}
    steps = shown("boundary-needs", both)
    assert "loop-and-time-limit" in steps
    assert "circular-script" not in steps and "endless-script" not in steps
    assert "endless-script" in shown("boundary-needs", {"endless_long": 5, "endless_stay": 5})


def test_limits_met_with_pressure_leave_out_scripts_for_the_partner() -> None:
    pushed = {"limit_response": "punished", "pattern_again": 5, "pattern_nothing": 5}
    steps = shown("boundary-needs", pushed)
    assert steps[0] == "control-not-care"
    assert "patterns-script" not in steps
    assert "hold-without-guilt" not in steps  # no "follow through" after "scripts are left out"
    middling = shown(
        "boundary-needs", {**pushed, "carry_turns": 3, "carry_drained": 3, "carry_moods": 3}
    )
    assert "watch-one-area" not in middling  # "worth watching" would play down being pushed past


def test_the_wondering_stage_is_not_pushed_to_raise_therapy() -> None:
    wondering = {
        "own_stage": "wondering",
        "own_willing": 2,
        "own_clear": 1,
        "own_alone": 2,
        "partner_stance": "not_yet",
        "barrier_self_reliance": 5,
        "partner_heard": ["fine"],
    }
    steps = shown("therapy-readiness", wondering)
    assert steps[0] == "reflect-and-read"
    tagged = {s.id for s in quiz("therapy-readiness").next_steps if "barrier-talk" in s.tags}
    assert not tagged.intersection(steps)
    assert "calm-conversation" not in steps


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_no_step_depends_on_the_private_check(quiz_id: str) -> None:
    """Steps are saved with a result; the safety check must leave no trace in them.

    The app's safety card (not a next step) carries the safety message, so a
    saved result never reveals what the private check found.
    """
    for step in quiz(quiz_id).next_steps:
        assert "safety." not in (step.when or ""), step.id
    for expr in quiz(quiz_id).flags.values():
        assert "safety." not in expr


def _index(step_id: str) -> int:
    return [s.id for s in quiz("therapy-readiness").next_steps].index(step_id)


# --- Property: a safety concern hides every joint step -----------------------------


def answers_for(q: Quiz) -> st.SearchStrategy[dict[str, Any]]:
    """Random valid answers for every question (sometimes left out), respecting types."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for question in q.questions:
        if question.type == "scale":
            values = [p.value for p in q.scales[question.scale]]
            choice: st.SearchStrategy[Any] = st.sampled_from(values)
        elif question.type == "choice":
            choice = st.sampled_from([o.id for o in question.options])
        elif question.type == "multi":
            choice = st.lists(st.sampled_from([o.id for o in question.options]), unique=True)
        else:
            choice = st.text(max_size=40)
        fields[question.id] = st.one_of(st.none(), choice) if not question.is_required else choice
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
@pytest.mark.parametrize("crisis", [False, True])
def test_no_joint_step_under_a_safety_concern(quiz_id: str, crisis: bool) -> None:
    q = quiz(quiz_id)
    joint = {s.id for s in q.next_steps if "joint" in s.tags}
    assert joint, "each quiz has steps done together"

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_for(q))
    def check(answers: dict[str, Any]) -> None:
        result = evaluate(q, answers, SafetyState(concern=True, crisis=crisis))
        ids = [s.id for s in result.next_steps]
        assert not joint.intersection(ids)
        assert ids, "something to do is always left"

    check()


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_random_answers_always_give_some_steps(quiz_id: str) -> None:
    q = quiz(quiz_id)

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_for(q))
    def check(answers: dict[str, Any]) -> None:
        steps = evaluate(q, answers, NO_SAFETY).next_steps
        assert 1 <= len(steps) <= (q.max_next_steps or len(q.next_steps))

    check()


def test_concern_leaves_a_ready_couple_with_individual_steps_only() -> None:
    steps = shown("therapy-readiness", {**READY_AND_OPEN, "safety": CONCERN})
    assert "start-couples-therapy" not in steps
    assert steps == ["talk-it-over"] or "individual-therapy" in steps


# --- Coherent plans (issue 14): the people the issue describes ------------------------


def test_versions_were_bumped_for_the_new_content() -> None:
    assert [quiz(q).version for q in QUIZ_IDS] == [3, 2, 2]


def _tagged(quiz_id: str, tag: str) -> set[str]:
    return {s.id for s in quiz(quiz_id).next_steps if tag in s.tags}


def test_after_a_no_your_own_help_leads_and_nothing_is_pitched() -> None:
    refused = {
        **REFUSED,
        "partner_curious": "strongly_disagree",
        "own_alone": 4,
        "coping": ["lonely"],
    }
    steps = shown("therapy-readiness", refused)
    assert steps[:2] == ["individual-therapy", "coping-with-no"]
    assert "revisit-later" in steps
    assert not _tagged("therapy-readiness", "pitch").intersection(steps)


def test_someone_who_pushed_hard_is_not_handed_new_pitches() -> None:
    pushed = {
        "approach_timing": 4,
        "approach_feelings": 1,
        "approach_listen": 1,
        "approach_repeat": 4,
        "approach_ultimatum": "more",
        **strong("barrier_practical", "cost", "no_time"),
    }
    steps = shown("therapy-readiness", pushed)
    assert "reset-approach" in steps and "take-back-ultimatum" in steps
    assert not _tagged("therapy-readiness", "pitch").intersection(steps)


def test_a_middling_approach_of_exactly_fifty_still_takes_the_pressure_off() -> None:
    fifty = {
        "approach_timing": 2,
        "approach_feelings": 2,
        "approach_listen": 2,
        "approach_repeat": 2,
        "approach_ultimatum": "once",
    }
    result = evaluate(quiz("therapy-readiness"), {**BASE["therapy-readiness"], **fifty})
    assert result.dimension("approach").score == 50
    assert "reset-approach" in [s.id for s in result.next_steps]


def test_ready_with_a_hesitant_partner_keeps_the_short_call() -> None:
    ready_hesitant = {**READY_AND_OPEN, "partner_stance": "unsure", "partner_curious": "not_sure"}
    steps = shown("therapy-readiness", ready_hesitant)
    assert "trial-session" in steps
    assert steps.index("trial-session") < steps.index("programme-or-workshop")


def test_a_follow_up_whose_premise_was_denied_is_not_asked() -> None:
    from readiness.core.scoring import visible_questions

    q = quiz("boundary-needs")
    never = {**BASE["boundary-needs"], "pattern_again": 1, "circ_same": 1}
    asked = {x.id for x in visible_questions(q, never)}
    assert "pattern_nothing" not in asked and "circ_further" not in asked
    assert {"pattern_nothing", "circ_further"} <= {
        x.id for x in visible_questions(q, BASE["boundary-needs"])
    }


def test_the_limit_question_is_about_your_own_limits_not_requests() -> None:
    limit = quiz("boundary-needs").question("limit_response")
    assert "yourself" in limit.text and "not about requests" in (limit.help or "")


def test_how_often_questions_read_as_how_often_questions() -> None:
    q = quiz("therapy-readiness")
    for question in q.questions:
        if question.scale == "often4":
            assert "how often" in question.text.lower(), question.id


FREQUENCY_WORDS = re.compile(
    r"several times|again and again|\balways\b|every time|\boften\b|\busually\b|(i|we)('ve| have) stopped"
)


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_a_statement_on_a_how_often_scale_carries_no_frequency_of_its_own(quiz_id: str) -> None:
    """ "I have made the same case several times" answered "Never" reads as nonsense."""
    q = quiz(quiz_id)
    for question in q.questions:
        if question.type != "scale" or "Never" not in [p.label for p in q.scales[question.scale]]:
            continue
        text = question.text.lower()
        assert (
            text.startswith("how often") or "how often" in text or not FREQUENCY_WORDS.search(text)
        ), question.id


def test_a_hard_week_holds_back_every_request_of_the_partner() -> None:
    steps = shown(
        "deal-breakers",
        {"recent": "yes", "rec_again": 5, "rec_avoid": 5, "dist_side": 5, "dist_reach": 5},
    )
    assert steps[0] == "not-in-anger"
    assert not _tagged("deal-breakers", "pitch").intersection(steps)


def test_dont_know_where_the_partner_is_still_offers_discernment_when_you_lean_out() -> None:
    steps = shown("deal-breakers", {"my_leaning": "out", "partner_leaning": "dont_know"})
    assert "discernment" in steps


def test_an_old_record_opens_with_the_words_it_was_saved_with() -> None:
    """A saved result carries its own texts: a step renamed since (read-together) reads as it did."""
    from readiness.core.report import to_markdown, to_text

    old = {
        "quiz": {"id": "therapy-readiness", "version": 2, "title": "Therapy readiness"},
        "taken_at": "2026-11-22T10:04:05+00:00",
        "dimensions": [
            {
                "id": "approach",
                "label": "How you have been raising it",
                "raw": 10,
                "min": 4,
                "max": 18,
                "score": 43,
                "band": {"id": "low", "label": "Room to adjust"},
            },
        ],
        "flags": {},
        "next_steps": [
            {
                "id": "read-together",
                "title": "Use a book or course together instead",
                "body": "Suggest one book.",
                "priority": 50,
                "tags": ["joint"],
                "why": ["Partner's response: They said no"],
            },
        ],
        "answers": {"partner_stance": "refused"},
    }
    text = to_text(old)
    assert "Use a book or course together instead" in text
    assert "Read or learn on your own for now" not in text
    assert "Suggest one book." in to_markdown(old)
