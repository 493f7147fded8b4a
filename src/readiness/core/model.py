"""The quiz file format, version 1, as pydantic models.

These models are the one place that knows the shape of a quiz: the loader
validates against them and `readiness schema` prints their JSON Schema. Rules
that span several fields (ids that must exist, expressions, bands that must
rise) are checked by the loader, which has the line numbers.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from readiness.core.quizapi import QuestionAPI, QuizAPI

QUIZ_ID = r"^[a-z0-9][a-z0-9-]*$"
NAME = r"^[a-z][a-z0-9_]*$"
STEP_ID = r"^[a-z0-9][a-z0-9-]*$"

Number = int | float
Weights = dict[Annotated[str, Field(pattern=NAME)], Number]
QuestionType = Literal["scale", "choice", "multi", "text"]


class _Strict(BaseModel):
    """Unknown keys and loose types are errors: a misspelling must never pass silently."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ScalePoint(_Strict):
    value: Number = Field(description="The number this answer scores as.")
    label: str = Field(min_length=1, description="What the person sees.")


class Band(_Strict):
    id: str = Field(min_length=1, description="Unique within its dimension; usable in band.D == '...'.")
    max: int = Field(ge=0, le=100, description="Highest score in this band; bands rise and the last is 100.")
    label: str = Field(min_length=1)


class Dimension(_Strict):
    id: str = Field(pattern=NAME, description="Usable in expressions as score.ID and band.ID.")
    label: str = Field(min_length=1)
    about: str | None = None
    bands: list[Band] = Field(min_length=1)
    higher_is: Literal["better", "worse", "neutral"] | None = Field(
        default=None,
        description="Which way is good: 'better' (a strength), 'worse' (strain) or 'neutral'; used to word changes.",
    )
    tags: list[str] = Field(
        default_factory=list,
        description="`joint` marks a dimension about what happens with the partner: not shown under a safety concern, crisis or unsure.",
    )


class Option(_Strict):
    id: str = Field(min_length=1, description="Unique within the question; what answer files use.")
    label: str = Field(min_length=1)
    scores: Weights = Field(default_factory=dict, description="Points per dimension; none means 'counts for nothing'.")


class Question(_Strict, QuestionAPI):
    id: str = Field(pattern=NAME)
    type: QuestionType
    text: str = Field(min_length=1)
    short: str | None = Field(default=None, description="Used in review, reasons and summaries instead of the text.")
    section: str | None = None
    help: str | None = None
    scale: str | None = Field(default=None, description="scale questions: the name of a scale under `scales`.")
    scores: Weights | None = Field(default=None, description="scale questions: a weight per dimension.")
    reverse: bool = Field(default=False, description="scale questions: reverse-keyed item.")
    required: bool | None = Field(default=None, description="Default true, except for text questions.")
    options: list[Option] | None = Field(default=None, description="choice and multi questions.")
    show_if: str | None = Field(default=None, description="Expression over answers to earlier questions.")


class NextStep(_Strict):
    id: str = Field(pattern=STEP_ID)
    title: str = Field(min_length=1)
    body: str = Field(description="Markdown.")
    when: str | None = Field(default=None, description="Expression; omitted means always.")
    priority: int = 0
    tags: list[str] = Field(default_factory=list, description="`joint` marks steps done with the partner.")
    suppress: list[str] = Field(default_factory=list, description="Ids or tags of later steps this one hides.")


class Quiz(_Strict, QuizAPI):
    """A readiness quiz file, format 1: see docs/authoring.md."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        json_schema_extra={"title": "readiness quiz, format 1"},
    )

    format: Literal[1] = Field(description="The format version; 1 is the only one so far.")
    id: str = Field(pattern=QUIZ_ID)
    version: int = Field(default=1, ge=1)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    minutes: int | None = Field(default=None, ge=1)
    intro: str | None = None
    safety_check: bool = True
    max_next_steps: int | None = Field(default=None, ge=1)
    scales: dict[Annotated[str, Field(pattern=NAME)], list[ScalePoint]] = Field(default_factory=dict)
    dimensions: list[Dimension] = Field(min_length=1)
    flags: dict[Annotated[str, Field(pattern=NAME)], str] = Field(default_factory=dict)
    questions: list[Question] = Field(min_length=1)
    next_steps: list[NextStep] = Field(min_length=1)

    _source: str = PrivateAttr(default="<string>")
    _sha256: str = PrivateAttr(default="")
    _compiled: dict[str, Any] = PrivateAttr(default_factory=dict)


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use for completion (`readiness schema`).

    Draft-07 with `definitions`, because that is what yaml-language-server (the
    engine behind most editors' YAML completion) understands.
    """
    schema = Quiz.model_json_schema(mode="validation", ref_template="#/definitions/{model}")
    if "$defs" in schema:
        schema["definitions"] = schema.pop("$defs")
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
