"""Property tests of the engine against the contract.

Random quizzes (dicts -> yaml.safe_dump -> load_quiz_text) and random answers are scored by
the engine and by an independent, deliberately plain reading of the contract (the oracle
below): visibility, raw/min/max, exact half-up scores, bands, flags and the next-step walk
must agree. Also: scores are 0..100 or none, the same input gives the same output, a score is
monotonic in a positive-weight scale answer, and mutated files only ever raise QuizFileError.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.core.loader import load_quiz_text
from readiness.core.problems import QuizFileError
from readiness.core.scoring import SafetyState, evaluate
from support.paths import FIXTURES

CONTRACT = (FIXTURES / "contract.yaml").read_text(encoding="utf-8")
PROPS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NUMBERS = st.one_of(st.integers(-4, 6), st.sampled_from([0.1, 0.25, 0.5, 1.5, -0.3, 2.2]))


def exact(value: Any) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


# --- random quizzes, with a Python mirror of every expression they use ------------------------------


@dataclass
class Spec:
    """A random quiz as a dict, plus plain-Python versions of its expressions for the oracle."""

    data: dict[str, Any]
    show_if: dict[str, Any] = field(default_factory=dict)  # qid -> fn(answers) -> bool
    when: dict[str, Any] = field(default_factory=dict)  # step id -> fn(env) -> bool
    flags: dict[str, Any] = field(default_factory=dict)  # name -> fn(env) -> bool


@st.composite
def quizzes(draw: st.DrawFn, *, with_show_if: bool = True) -> Spec:
    dims = [f"d{i}" for i in range(draw(st.integers(1, 3)))]
    dimensions = []
    for d in dims:
        cuts = sorted(draw(st.sets(st.integers(0, 99), max_size=3)))
        bands = [{"id": f"b{k}", "max": m, "label": f"Band {k}"} for k, m in enumerate(cuts)]
        bands.append({"id": f"b{len(cuts)}", "max": 100, "label": f"Band {len(cuts)}"})
        dimensions.append({"id": d, "label": f"Dim {d}", "bands": bands})
    scales = {}
    for s in range(draw(st.integers(1, 2))):
        values = draw(
            st.lists(
                st.one_of(st.integers(-3, 9), st.sampled_from([0.5, 1.5, 2.25])),
                min_size=1,
                max_size=6,
                unique_by=exact,
            )
        )
        scales[f"s{s}"] = [{"value": v, "label": f"point {v}"} for v in values]

    def weights() -> dict[str, Any]:
        chosen = draw(st.lists(st.sampled_from(dims), unique=True, max_size=len(dims)))
        return {d: draw(NUMBERS) for d in chosen}

    spec = Spec(data={})
    questions: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 6))):
        qid = f"q{i}"
        kind = draw(st.sampled_from(["scale", "scale", "choice", "multi", "text"]))
        q: dict[str, Any] = {"id": qid, "type": kind, "text": f"Question {i}", "required": False}
        if kind == "scale":
            q["scale"] = draw(st.sampled_from(sorted(scales)))
            q["scores"] = weights()
            if draw(st.booleans()):
                q["reverse"] = True
        elif kind in ("choice", "multi"):
            q["options"] = []
            for k in range(draw(st.integers(1, 4))):
                option: dict[str, Any] = {"id": f"o{k}", "label": f"Option {k}"}
                w = weights()
                if w:
                    option["scores"] = w
                q["options"].append(option)
        if with_show_if and questions and draw(st.integers(0, 2)) == 0:
            target = draw(st.sampled_from(questions))
            tid = target["id"]
            if target["type"] == "choice":
                oid = draw(st.sampled_from([o["id"] for o in target["options"]]))
                q["show_if"] = f"answer.{tid} == '{oid}'"
                spec.show_if[qid] = lambda a, tid=tid, oid=oid: a.get(tid) == oid
            elif target["type"] == "multi":
                oid = draw(st.sampled_from([o["id"] for o in target["options"]]))
                q["show_if"] = f"'{oid}' in answer.{tid}"
                spec.show_if[qid] = lambda a, tid=tid, oid=oid: oid in (a.get(tid) or [])
            elif target["type"] == "scale":
                v = draw(st.integers(-3, 9))
                q["show_if"] = f"answer.{tid} >= {v}"
                spec.show_if[qid] = lambda a, tid=tid, v=v: (
                    a.get(tid) is not None and exact(a[tid]) >= v
                )
            else:
                q["show_if"] = f"answer.{tid} != none"
                spec.show_if[qid] = lambda a, tid=tid: a.get(tid) is not None
        questions.append(q)

    flags: dict[str, str] = {}
    if draw(st.booleans()):
        n = draw(st.integers(0, 100))
        flags["low"] = f"score.d0 < {n}"
        spec.flags["low"] = lambda env, n=n: env.score("d0") is not None and env.score("d0") < n
        flags["not_low"] = "not flag.low"
        spec.flags["not_low"] = lambda env: not env.flag("low")

    steps: list[dict[str, Any]] = []
    tags_pool = ["joint", "t1", "t2"]
    for k in range(draw(st.integers(1, 6))):
        s: dict[str, Any] = {"id": f"step-{k}", "title": f"Step {k}", "body": "B"}
        if draw(st.booleans()):
            s["priority"] = draw(st.integers(-2, 3))
        tags = draw(st.lists(st.sampled_from(tags_pool), unique=True, max_size=2))
        if tags:
            s["tags"] = tags
        kind = draw(st.sampled_from(["always", "score", "band", "flag", "concern"]))
        d = draw(st.sampled_from(dims))
        if kind == "score":
            n = draw(st.integers(0, 100))
            s["when"] = f"score.{d} >= {n}"
            spec.when[s["id"]] = lambda env, d=d, n=n: (
                env.score(d) is not None and env.score(d) >= n
            )
        elif kind == "band":
            bid = draw(st.sampled_from([b["id"] for b in dimensions[dims.index(d)]["bands"]]))
            s["when"] = f"band.{d} == '{bid}'"
            spec.when[s["id"]] = lambda env, d=d, bid=bid: env.band(d) == bid
        elif kind == "flag" and flags:
            name = draw(st.sampled_from(sorted(flags)))
            s["when"] = f"flag.{name}"
            spec.when[s["id"]] = lambda env, name=name: env.flag(name)
        elif kind == "concern":
            s["when"] = "not safety.concern"
            spec.when[s["id"]] = lambda env: not env.concern
        steps.append(s)
    pool = [s["id"] for s in steps] + sorted({t for s in steps for t in s.get("tags", [])})
    for s in steps:
        suppress = draw(st.lists(st.sampled_from(pool), unique=True, max_size=2))
        if suppress:
            s["suppress"] = suppress

    data: dict[str, Any] = {
        "format": 1,
        "id": "random-quiz",
        "title": "Random",
        "summary": "A random quiz.",
        "scales": scales,
        "dimensions": dimensions,
        "questions": questions,
        "next_steps": steps,
    }
    if flags:
        data["flags"] = flags
    if draw(st.booleans()):
        data["max_next_steps"] = draw(st.integers(1, 4))
    spec.data = data
    return spec


@st.composite
def answers_for(draw: st.DrawFn, spec: Spec) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in spec.data["questions"]:
        if draw(st.integers(0, 4)) == 0:
            continue
        if q["type"] == "scale":
            answers[q["id"]] = draw(
                st.sampled_from([p["value"] for p in spec.data["scales"][q["scale"]]])
            )
        elif q["type"] == "choice":
            answers[q["id"]] = draw(st.sampled_from([o["id"] for o in q["options"]]))
        elif q["type"] == "multi":
            answers[q["id"]] = draw(
                st.lists(st.sampled_from([o["id"] for o in q["options"]]), unique=True)
            )
        else:
            answers[q["id"]] = draw(st.text(alphabet="abc xyz", max_size=8))
    return answers


# --- the oracle: the contract, read plainly ---------------------------------------------------------


class OracleEnv:
    def __init__(
        self, spec: Spec, scores: dict[str, int | None], bands: dict[str, str | None], concern: bool
    ):
        self.spec, self.scores, self.bands, self.concern = spec, scores, bands, concern

    def score(self, d: str) -> int | None:
        return self.scores[d]

    def band(self, d: str) -> str | None:
        return self.bands[d]

    def flag(self, name: str) -> bool:
        return bool(self.spec.flags[name](self))


def oracle(spec: Spec, answers: dict[str, Any], concern: bool) -> dict[str, Any]:
    data = spec.data
    kept: dict[str, Any] = {}
    for q in data["questions"]:
        rule = spec.show_if.get(q["id"])
        if rule is not None and not rule(kept):
            continue
        if q["id"] in answers:
            kept[q["id"]] = answers[q["id"]]
    out: dict[str, Any] = {"answers": kept, "dims": {}}
    scores: dict[str, int | None] = {}
    bands: dict[str, str | None] = {}
    for dimension in data["dimensions"]:
        d = dimension["id"]
        raw = lo = hi = Fraction(0)
        for q in data["questions"]:
            if q["id"] not in kept:
                continue
            value = kept[q["id"]]
            if q["type"] == "scale" and d in q["scores"]:
                points = [exact(p["value"]) for p in data["scales"][q["scale"]]]
                w, v = exact(q["scores"][d]), exact(value)
                if q.get("reverse"):
                    v = min(points) + max(points) - v
                raw += w * v
                lo += min(w * min(points), w * max(points))
                hi += max(w * min(points), w * max(points))
            elif q["type"] == "choice":
                chosen = next(o for o in q["options"] if o["id"] == value)
                scored = [exact(o["scores"][d]) for o in q["options"] if d in o.get("scores", {})]
                if d in chosen.get("scores", {}):
                    raw += exact(chosen["scores"][d])
                    lo += min(scored)
                    hi += max(scored)
            elif q["type"] == "multi":
                scored = [exact(o["scores"][d]) for o in q["options"] if d in o.get("scores", {})]
                if scored:
                    raw += sum(
                        (
                            exact(o["scores"][d])
                            for o in q["options"]
                            if o["id"] in value and d in o.get("scores", {})
                        ),
                        Fraction(0),
                    )
                    lo += sum((w for w in scored if w < 0), Fraction(0))
                    hi += sum((w for w in scored if w > 0), Fraction(0))
        if hi == lo:
            score = band = None
        else:
            score = math.floor(Fraction(100) * (raw - lo) / (hi - lo) + Fraction(1, 2))
            band = next(b["id"] for b in dimension["bands"] if b["max"] >= score)
        scores[d], bands[d] = score, band
        out["dims"][d] = (raw, lo, hi, score, band)
    env = OracleEnv(spec, scores, bands, concern)
    out["flags"] = {name: env.flag(name) for name in data.get("flags", {})}
    selected = []
    for index, s in enumerate(data["next_steps"]):
        rule = spec.when.get(s["id"])
        if rule is not None and not rule(env):
            continue
        if concern and "joint" in s.get("tags", []):
            continue
        selected.append((index, s))
    selected.sort(key=lambda pair: (-pair[1].get("priority", 0), pair[0]))
    hidden: set[str] = set()
    shown: list[str] = []
    for position, (_, s) in enumerate(selected):
        if s["id"] in hidden:
            continue
        shown.append(s["id"])
        targets = set(s.get("suppress", []))
        for _, later in selected[position + 1 :]:
            if later["id"] in targets or targets & set(later.get("tags", [])):
                hidden.add(later["id"])
    if data.get("max_next_steps"):
        shown = shown[: data["max_next_steps"]]
    out["steps"] = shown
    return out


def load(spec: Spec):
    return load_quiz_text(yaml.safe_dump(spec.data, sort_keys=False), "random.yaml")


def record_without_time(result) -> dict[str, Any]:
    record = result.to_record()
    record.pop("taken_at")
    return record


# --- properties ------------------------------------------------------------------------------------


@PROPS
@given(st.data(), st.booleans())
def test_engine_agrees_with_the_contract_oracle(data, concern):
    spec = data.draw(quizzes())
    answers = data.draw(answers_for(spec))
    quiz = load(spec)
    result = evaluate(quiz, answers, SafetyState(concern=concern))
    expected = oracle(spec, answers, concern)

    assert set(result.answers) == set(expected["answers"])
    for dim_result in result.dimensions:
        raw, lo, hi, score, band = expected["dims"][dim_result.id]
        assert (dim_result.raw, dim_result.min, dim_result.max) == (raw, lo, hi), dim_result.id
        assert dim_result.score == score, dim_result.id
        assert dim_result.band_id == band, dim_result.id
    assert result.flags == expected["flags"]
    assert [s.id for s in result.next_steps] == expected["steps"]


@PROPS
@given(st.data())
def test_scores_are_0_to_100_or_none_and_bands_match(data):
    spec = data.draw(quizzes())
    answers = data.draw(answers_for(spec))
    record = evaluate(load(spec), answers).to_record()
    for dim_record, declared in zip(record["dimensions"], spec.data["dimensions"], strict=True):
        score = dim_record["score"]
        assert score is None or (isinstance(score, int) and 0 <= score <= 100)
        assert (score is None) == (dim_record["band"] is None)
        if score is not None:
            first = next(b for b in declared["bands"] if b["max"] >= score)
            assert dim_record["band"] == {"id": first["id"], "label": first["label"]}
        assert dim_record["min"] <= dim_record["raw"] <= dim_record["max"]


@settings(PROPS, max_examples=60)
@given(st.data(), st.booleans())
def test_same_input_same_output(data, concern):
    spec = data.draw(quizzes())
    answers = data.draw(answers_for(spec))
    safety = SafetyState(concern=concern)
    first = record_without_time(evaluate(load(spec), answers, safety))
    again = record_without_time(evaluate(load(spec), dict(answers), safety))
    assert first == again
    shuffled = dict(sorted(answers.items(), reverse=True))
    assert record_without_time(evaluate(load(spec), shuffled, safety)) == first


@PROPS
@given(st.data())
def test_score_is_monotonic_in_a_positive_weight_scale_answer(data):
    spec = data.draw(quizzes(with_show_if=False))
    scale_name = sorted(spec.data["scales"])[0]
    weight = data.draw(st.sampled_from([1, 2, 0.5, 3]))
    probe = {
        "id": "probe",
        "type": "scale",
        "text": "Probe",
        "required": False,
        "scale": scale_name,
        "scores": {"d0": weight},
    }
    spec.data["questions"].append(probe)
    answers = data.draw(answers_for(spec))
    quiz = load(spec)
    values = sorted((p["value"] for p in spec.data["scales"][scale_name]), key=exact)
    scores = []
    for value in values:
        result = evaluate(quiz, {**answers, "probe": value})
        scores.append(result.dimensions[0].score)
    known = [s for s in scores if s is not None]
    assert known == sorted(known), (values, scores)


def mutate(text: str, rnd: random.Random) -> str | bytes:
    pieces = [
        "",
        ":",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!str ",
        "!!python/object:os.system ",
        "'",
        '"',
        "\t",
        "\n",
        "  ",
        "#",
        "---\n",
        "null",
        "true",
        "yes",
        "-1",
        "1e9",
        "9" * 30,
        ".nan",
        "score.",
        "flag.",
        "answer.",
        "__import__",
        "(",
        ")",
        " and ",
        " or ",
        "\x1b",
        "\x00",
        "\u202e",
        "é",
        "\ufeff",
        "<<: ",
        "? ",
    ]
    data = text
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randrange(len(data) + 1)
        action = rnd.random()
        if action < 0.4:
            data = data[:at] + rnd.choice(pieces) + data[at:]
        elif action < 0.7:
            data = data[:at] + data[at + rnd.randint(1, 40) :]
        elif action < 0.85:
            lines = data.split("\n")
            i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = "\n".join(lines)
        else:
            lines = data.split("\n")
            i = rnd.randrange(len(lines))
            lines.insert(i, lines[rnd.randrange(len(lines))])
            data = "\n".join(lines)
    if rnd.random() < 0.2:
        raw = bytearray(data.encode("utf-8", "surrogatepass"))
        for _ in range(rnd.randint(1, 3)):
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
        return bytes(raw)
    return data


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_mutated_quiz_files_only_raise_quiz_file_error(seed):
    mutated = mutate(CONTRACT, random.Random(seed))
    try:
        quiz = load_quiz_text(mutated, "mutated.yaml")
    except QuizFileError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line >= 1 and problem.col >= 1
            assert str(problem).startswith("mutated.yaml:")
            assert "could not read this quiz" not in problem.message, problem
    else:
        evaluate(quiz, {})  # a file that loads must also score


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_arbitrary_input_only_raises_quiz_file_error(blob):
    try:
        load_quiz_text(blob, "blob.yaml")
    except QuizFileError as exc:
        assert all("could not read this quiz" not in p.message for p in exc.problems), exc
