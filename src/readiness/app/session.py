"""One person taking one quiz: answers in memory and where they are.

All the rules (which questions are visible, which answers survive a change)
come from the core; this only keeps the place. No Textual import here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readiness.app import services

if TYPE_CHECKING:
    from readiness.core.model import Question, Quiz


@dataclass
class QuizRun:
    quiz: Quiz
    answers: dict[str, Any] = field(default_factory=dict)
    parent: QuizRun | None = None
    """Set on the safety check's run: the quiz whose results it comes before."""
    again_from: str | None = None
    """Set on a safety check asked again: "results" or "review", where Back returns to."""
    checked_here: bool = False
    """The safety check was answered for this quiz (not reused from an earlier quiz of the sitting)."""
    seen: set[str] = field(default_factory=set)
    """Questions shown to the person in this sitting: walking on from a question opened from
    the review stops at every one not seen yet, optional or not."""

    @property
    def is_safety(self) -> bool:
        return self.parent is not None

    # ------------------------------------------------------------ questions
    def visible(self) -> list[Question]:
        return list(services.visible_questions(self.quiz, self.answers))

    def first(self) -> Question | None:
        return next(iter(self.visible()), None)

    def position(self, qid: str) -> tuple[int, int]:
        """(1-based place, how many are visible now); place 0 when hidden."""
        ids = [q.id for q in self.visible()]
        return (ids.index(qid) + 1 if qid in ids else 0, len(ids))

    def _visible_after(self, qid: str | None) -> list[Question]:
        """The visible questions after `qid` in file order (every one when `qid` is None)."""
        order = [q.id for q in self.quiz.questions]
        start = order.index(qid) if qid else -1
        return [q for q in self.visible() if order.index(q.id) > start]

    def after(self, qid: str) -> Question | None:
        """The next visible question in file order, or None at the end."""
        return next(iter(self._visible_after(qid)), None)

    def before(self, qid: str) -> Question | None:
        order = [q.id for q in self.quiz.questions]
        here = order.index(qid)
        earlier = [q for q in self.visible() if order.index(q.id) < here]
        return earlier[-1] if earlier else None

    def is_visible(self, qid: str) -> bool:
        return any(q.id == qid for q in self.visible())

    def next_unanswered(self, after_qid: str | None = None) -> Question | None:
        """The first visible required question still without an answer."""
        for question in self._visible_after(after_qid):
            if question.is_required and question.id not in self.answers:
                return question
        return None

    def next_pending(self, after_qid: str | None = None) -> Question | None:
        """The first visible question after `after_qid` (from the start if None) still to
        meet: required and unanswered, or unanswered and never shown. Walking on from a
        question reopened from the review stops at each, so an optional question the person
        has not seen yet is not passed over for "no answer (optional)"."""
        for question in self._visible_after(after_qid):
            if question.id not in self.answers and (
                question.is_required or question.id not in self.seen
            ):
                return question
        return None

    def missing(self) -> list[Question]:
        return [q for q in self.visible() if q.is_required and q.id not in self.answers]

    # -------------------------------------------------------------- answers
    def set_answer(self, qid: str, value: Any) -> list[str]:
        """Record an answer; returns ids of answers dropped because their question hid."""
        answers = dict(self.answers)
        if value is None or (isinstance(value, str) and not value.strip()):
            answers.pop(qid, None)
        else:
            answers[qid] = value
        kept = dict(services.prune_answers(self.quiz, answers))
        dropped = [k for k in answers if k not in kept]
        self.answers = kept
        return dropped

    def answer_text(self, question: Question) -> str:
        """The answer as the person would say it, for review and notes."""
        if question.id not in self.answers:
            return ""
        value = self.answers[question.id]
        if question.type == "text":
            return str(value)
        labels = dict(self.quiz.choices(question))
        if question.type == "multi":
            if not value:
                # With an option of its own that goes alone ("Nobody right now"), "None of
                # these" would read as that option: say plainly that nothing was ticked.
                return "Nothing ticked" if question.exclusive_ids else "None of these"
            return "; ".join(labels.get(v, str(v)) for v in value)
        return labels.get(value, str(value))

    def notes(self) -> list[tuple[Question, str]]:
        """The person's own words: answered text questions, in order."""
        return [
            (q, str(self.answers[q.id]))
            for q in self.visible()
            if q.type == "text" and str(self.answers.get(q.id, "")).strip()
        ]
