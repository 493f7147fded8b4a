"""The quiz file format, version 1, as msgspec Structs: the one representation of a quiz.

These Structs are the one place that knows the shape of a quiz: the loader
converts a file's data into them (`msgspec.convert`, strict), `readiness schema`
prints their JSON Schema, and the rest of the program takes them as they are,
behaviour included (a question's label, a quiz's lookups). Rules that span
several fields (ids that must exist, expressions, bands that must rise) are
checked by the loader, which has the line numbers.

Every field has a description: it is what an author sees when hovering a key in
an editor that reads the schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from msgspec import Meta, Struct, field

if TYPE_CHECKING:
    from collections.abc import Iterable

    from readiness.core.expressions import Expression
    from readiness.core.problems import Problem

QUIZ_ID = r"^[a-z0-9][a-z0-9-]*$"
NAME = r"^[a-z][a-z0-9_]*$"
STEP_ID = r"^[a-z0-9][a-z0-9-]*$"
SCHEMA_TITLE = "readiness quiz, format 1"

Number = int | float
Name = Annotated[str, Meta(pattern=NAME)]
Weights = dict[Name, Number]
QuestionType = Literal["scale", "choice", "multi", "text"]
HigherIs = Literal["better", "worse", "neutral"]
ScaleLabels = Literal["all", "ends"]


def _about(text: str, **limits: Any) -> Meta:
    return Meta(description=text, **limits)


def _nonempty(text: str) -> Meta:
    return Meta(min_length=1, description=text)


class _Strict(Struct, forbid_unknown_fields=True, dict=True):
    """Unknown keys are errors: a misspelling must never pass silently. Fields are
    keyword-only, so they keep the order of a quiz file (and of its messages);
    `dict=True` lets the loader note where a quiz came from beside its fields."""


class ScalePoint(_Strict, kw_only=True):
    """One answer on a scale: what the person sees and the number it scores as."""

    value: Annotated[Number, _about("The number this answer scores as.")]
    label: Annotated[str, _nonempty("What the person sees.")]


class Band(_Strict, kw_only=True):
    """A range of a dimension's score (0-100) with its own name."""

    id: Annotated[str, _nonempty("Unique within its dimension; usable in band.D == '...'.")]
    max: Annotated[
        int, _about("Highest score in this band; bands rise and the last is 100.", ge=0, le=100)
    ]
    label: Annotated[str, _nonempty("What the person sees for a score in this band.")]


class Dimension(_Strict, kw_only=True):
    """Something the quiz measures, scored 0-100 and named by its band."""

    id: Annotated[str, _about("Usable in expressions as score.ID and band.ID.", pattern=NAME)]
    label: Annotated[str, _nonempty("The dimension's name, as the person sees it.")]
    about: Annotated[
        str | None, _about("A sentence on what this dimension means, shown with the result.")
    ] = None
    bands: Annotated[list[Band], _nonempty("Score ranges from low to high; the last has max: 100.")]
    higher_is: Annotated[
        HigherIs | None,
        _about(
            "Which way is good: 'better' (a strength), 'worse' (strain) or 'neutral'; used to word changes."
        ),
    ] = None
    tags: Annotated[
        list[str],
        _about(
            "`joint` marks a dimension about what happens with the partner: not shown under a safety concern, crisis or unsure."
        ),
    ] = field(default_factory=list)


class Option(_Strict, kw_only=True):
    """One answer of a choice or multi question."""

    id: Annotated[str, _nonempty("Unique within the question; what answer files use.")]
    label: Annotated[str, _nonempty("What the person sees.")]
    scores: Annotated[Weights, _about("Points per dimension; none means 'counts for nothing'.")] = (
        field(default_factory=dict)
    )
    exclusive: Annotated[
        bool,
        _about(
            "multi questions: an answer that goes alone, such as 'None of these'; choosing it "
            "clears the other options, and choosing another clears it."
        ),
    ] = False


class Question(_Strict, kw_only=True):
    """One question; its type says how it is answered and scored."""

    id: Annotated[str, _about("Unique; usable in expressions as answer.ID.", pattern=NAME)]
    type: Annotated[
        QuestionType,
        _about(
            "scale (a point on a named scale), choice (one option), multi (any options) or text."
        ),
    ]
    text: Annotated[str, _nonempty("The question as the person reads it.")]
    short: Annotated[
        str | None, _about("Used in review, reasons and summaries instead of the text.")
    ] = None
    section: Annotated[
        str | None, _about("A heading shown above this question and the ones after it.")
    ] = None
    help: Annotated[str | None, _about("A hint shown under the question.")] = None
    scale: Annotated[str | None, _about("scale questions: the name of a scale under `scales`.")] = (
        None
    )
    scores: Annotated[Weights | None, _about("scale questions: a weight per dimension.")] = None
    reverse: Annotated[bool, _about("scale questions: reverse-keyed item.")] = False
    labels: Annotated[
        ScaleLabels,
        _about(
            "scale questions: 'ends' shows the labels of the first and last points only, and "
            "the points between by their number (for long scales); default 'all'."
        ),
    ] = "all"
    required: Annotated[bool | None, _about("Default true, except for text questions.")] = None
    options: Annotated[list[Option] | None, _about("choice and multi questions.")] = None
    show_if: Annotated[str | None, _about("Expression over answers to earlier questions.")] = None

    @property
    def label(self) -> str:
        """How the question is named in review, reasons and summaries."""
        return self.short or self.text

    @property
    def is_required(self) -> bool:
        return self.required if self.required is not None else self.type != "text"

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options or () if o.id == option_id), None)

    @property
    def exclusive_ids(self) -> tuple[str, ...]:
        """The options of a multi question that go alone ('None of these'), in file order."""
        if self.type != "multi":
            return ()
        return tuple(o.id for o in self.options or () if o.exclusive)

    def exclusive_clash(self, chosen: list[Any]) -> str | None:
        """The exclusive option chosen together with others, if any: such an answer is
        never given in the app, so an answers file may not give it either."""
        alone = self.exclusive_ids
        if len(chosen) < 2 or not alone:
            return None
        return next((c for c in chosen if c in alone), None)


class NextStep(_Strict, kw_only=True):
    """A suggestion shown with the result when its condition holds."""

    id: Annotated[str, _about("Unique; what `suppress` and reasons refer to.", pattern=STEP_ID)]
    title: Annotated[str, _nonempty("The step in a few words.")]
    body: Annotated[str, _about("Markdown.")]
    when: Annotated[str | None, _about("Expression; omitted means always.")] = None
    priority: Annotated[int, _about("Higher comes first among the steps shown.")] = 0
    tags: Annotated[list[str], _about("`joint` marks steps done with the partner.")] = field(
        default_factory=list
    )
    suppress: Annotated[list[str], _about("Ids or tags of later steps this one hides.")] = field(
        default_factory=list
    )


class Compiled(Struct, frozen=True, kw_only=True):
    """A quiz's expressions as the cross-field rules left them, and what checking them found.

    Set once by `rules.Checker` on every quiz that loads; a quiz made any other way has
    the empty one, so readers never need to ask whether it is there.
    """

    flags: dict[str, Expression] = {}  # flag name -> its expression
    flag_order: tuple[str, ...] = ()  # flags with the ones they use first (no recursion)
    show_if: dict[str, Expression] = {}  # question id -> its show_if
    when: dict[str, Expression] = {}  # next-step id -> its when
    warnings: tuple[Problem, ...] = ()  # valid, but worth telling the author (validate prints them)


NOTHING_COMPILED = Compiled()


class Quiz(_Strict, kw_only=True):
    """A readiness quiz file, format 1: run `readiness guide` for the authors' guide."""

    # The loader notes `_source`, `_sha256` and `_compiled_` (a `Compiled`) beside the
    # fields, in the instance's __dict__ (see the properties below).

    format: Annotated[Literal[1], _about("The format version; 1 is the only one so far.")]
    id: Annotated[
        str, _about("Unique among quizzes; lowercase letters, digits and '-'.", pattern=QUIZ_ID)
    ]
    version: Annotated[
        int, _about("Raise it when the questions change, so old results are told apart.", ge=1)
    ] = 1
    title: Annotated[str, _nonempty("The quiz's name in lists and results.")]
    summary: Annotated[str, _nonempty("One line on what the quiz is for, shown in lists.")]
    minutes: Annotated[
        Annotated[int, Meta(ge=1)] | None, _about("About how long the quiz takes, shown in lists.")
    ] = None
    intro: Annotated[str | None, _about("Shown before the first question.")] = None
    safety_check: Annotated[
        bool, _about("Ask the short safety check before results (default true).")
    ] = True
    max_next_steps: Annotated[
        Annotated[int, Meta(ge=1)] | None, _about("At most this many next steps are shown.")
    ] = None
    scales: Annotated[
        dict[Name, list[ScalePoint]], _about("Named answer scales for scale questions.")
    ] = field(default_factory=dict)
    dimensions: Annotated[list[Dimension], _nonempty("What the quiz measures.")]
    flags: Annotated[
        dict[Name, str], _about("Named expressions, usable as flag.NAME in conditions.")
    ] = field(default_factory=dict)
    questions: Annotated[list[Question], _nonempty("The questions, in the order they are asked.")]
    next_steps: Annotated[list[NextStep], _nonempty("Suggestions shown with the result.")]

    @property
    def source(self) -> str:
        return str(self.__dict__.get("_source", "<string>"))

    @property
    def sha256(self) -> str:
        return str(self.__dict__.get("_sha256", ""))

    @property
    def compiled(self) -> Compiled:
        """The expressions ready to evaluate (set by the loader); read by scoring and nextsteps."""
        compiled: Compiled = self.__dict__.get("_compiled_", NOTHING_COMPILED)
        return compiled

    @compiled.setter
    def compiled(self, value: Compiled) -> None:
        self.__dict__["_compiled_"] = value

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def choices(self, question: Question) -> list[tuple[Any, str]]:
        """(answer value, label) pairs in display order: scale points or options."""
        if question.type == "scale":
            return [(p.value, p.label) for p in self.scales.get(question.scale or "", [])]
        return [(o.id, o.label) for o in question.options or ()]

    def screen_labels(self, question: Question) -> list[str | None]:
        """The labels the question screen shows, in display order: with `labels: ends`, the
        points between the first and the last have none (the screen shows their number);
        review, summaries and records always use every label."""
        labels: list[str | None] = [label for _, label in self.choices(question)]
        if question.type == "scale" and question.labels == "ends":
            labels[1:-1] = [None] * len(labels[1:-1])
        return labels


def shows_values(values: Iterable[object]) -> bool:
    """With `labels: ends`, does the question screen show each point by its value? Yes when
    every value is a whole number from 0 to 99 (a 0-10 rating reads 0...10, and a digit picks
    the point of that value); otherwise each point is shown by its place (1, 2, 3...)."""
    values = list(values)
    return bool(values) and all(type(v) is int and 0 <= v <= 99 for v in values)


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use for completion (`readiness schema`).

    Draft-07 with `definitions`, because that is what yaml-language-server (the
    engine behind most editors' YAML completion) understands.
    """
    import msgspec.json

    (_,), defs = msgspec.json.schema_components([Quiz], ref_template="#/definitions/{name}")
    top = defs.pop("Quiz")
    top["title"] = SCHEMA_TITLE
    return {"$schema": "http://json-schema.org/draft-07/schema#", **top, "definitions": defs}
