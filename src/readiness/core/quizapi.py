"""What a quiz and a question can do, beside the fields they hold.

Shared by the pydantic models (`model.py`, the one statement of the format)
and by the light objects the loader builds without pydantic when the models'
JSON Schema vouches for a file: the app can then take a quiz without importing
pydantic (about 100 ms and 11 MiB), and both kinds behave the same. Nothing
here names a field that the models do not declare, and nothing here is
annotated at class level: pydantic would take an annotation for a field.
"""

from __future__ import annotations

from readiness.core.problems import TYPE_CHECKING

if TYPE_CHECKING:  # `typing` is not imported at run time (validate stays quick)
    from typing import Any


class QuestionAPI:
    """Behaviour of a question: its name in reviews and reasons, whether it must be answered."""

    @property
    def label(self) -> str:
        """How the question is named in review, reasons and summaries."""
        return self.short or self.text

    @property
    def is_required(self) -> bool:
        return self.required if self.required is not None else self.type != "text"

    def option(self, option_id: str) -> Any:
        return next((o for o in self.options or () if o.id == option_id), None)


class QuizAPI:
    """Behaviour of a quiz: where it came from, lookups, and the choices of a question.

    `_source`, `_sha256` and `_compiled` are set by the loader (private attributes
    on the models; plain attributes on the light objects).
    """

    @property
    def source(self) -> str:
        return self._source

    @property
    def sha256(self) -> str:
        return self._sha256

    def question(self, question_id: str) -> Any:
        return next((q for q in self.questions if q.id == question_id), None)

    def dimension(self, dimension_id: str) -> Any:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def choices(self, question: Any) -> list[tuple[Any, str]]:
        """(answer value, label) pairs in display order: scale points or options."""
        if question.type == "scale":
            return [(p.value, p.label) for p in self.scales.get(question.scale or "", [])]
        return [(o.id, o.label) for o in question.options or ()]
