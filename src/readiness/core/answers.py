"""Answer files for `readiness take QUIZ --answers FILE`.

An answer file is YAML: `question_id: answer`. Mistakes are located problems,
like quiz mistakes; answers to questions that turn out hidden are dropped with
a warning, because an author trying branches should see that, not fail on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.core.problems import Problem, QuizFileError, did_you_mean
from readiness.core.safefile import read_regular
from readiness.core.scoring import Answers, normalize_answer, visible_questions
from readiness.core.yamlsafe import MAX_BYTES, read_yaml

if TYPE_CHECKING:
    from readiness.core.model import Question, Quiz
    from readiness.core.yamlsafe import Path_


def read_answers(path: str | Path, quiz: Quiz) -> tuple[Answers, list[Problem]]:
    """Answers fit for `evaluate`, and warnings. Raises QuizFileError on any error."""
    shown = str(path)
    try:  # never waits on a FIFO or a device (see `safefile`)
        raw = read_regular(path, MAX_BYTES)
    except IsADirectoryError:
        raise QuizFileError.one(shown, "cannot read the answers file: it is a folder") from None
    except OSError as exc:
        why = exc.strerror or exc
        raise QuizFileError.one(shown, f"cannot read the answers file: {why}") from None
    return parse_answers(raw, shown, quiz)


def parse_answers(raw: bytes | str, path: str, quiz: Quiz) -> tuple[Answers, list[Problem]]:
    doc = read_yaml(raw, path)
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        raise QuizFileError(
            [doc.problem((), "an answers file is a mapping of question_id: answer")]
        )
    problems: list[Problem] = []
    answers: Answers = {}
    ids = [q.id for q in quiz.questions]
    for qid, value in data.items():
        question = quiz.question(qid)
        if question is None:
            problems.append(
                doc.problem(
                    (qid,), f"unknown question '{qid}'{did_you_mean(qid, ids)}", at_key=True
                )
            )
            continue
        if value is None:
            continue
        normal = normalize_answer(quiz, question, value)
        if normal is None:
            problems.append(doc.problem((qid,), _bad_answer(quiz, question, value)))
            continue
        clash = question.exclusive_clash(normal) if isinstance(normal, list) else None
        if clash is not None:
            problems.append(
                doc.problem(_item_of(quiz, question, value, clash), _alone(question, clash))
            )
            continue
        answers[qid] = normal
    if problems:
        raise QuizFileError(problems)
    visible = visible_questions(quiz, answers)
    shown_ids = {q.id for q in visible}
    dropped = "is dropped: that question is hidden by its show_if"
    warnings = [
        doc.problem((qid,), f"the answer to '{qid}' {dropped}", at_key=True)._replace(
            severity="warning"
        )
        for qid in answers
        if qid not in shown_ids
    ]
    missing = [q for q in visible if q.is_required and q.id not in answers]
    if missing:
        raise QuizFileError(
            [
                doc.problem((), f"the required question '{q.id}' is not answered ({q.label})")
                for q in missing
            ]
        )
    return {k: v for k, v in answers.items() if k in shown_ids}, warnings


def _item_of(quiz: Quiz, question: Question, value: list[Any], option_id: str) -> Path_:
    """Where in the answers file `option_id` is given: the first list item that names it."""
    for index, item in enumerate(value):
        if normalize_answer(quiz, question, [item]) == [option_id]:
            return (question.id, index)
    return (question.id,)


def _alone(question: Question, option_id: str) -> str:
    """An exclusive option given with others: the app never lets a person answer so."""
    option = question.option(option_id)
    label = f" ({option.label})" if option is not None else ""
    return (
        f"'{option_id}'{label} is exclusive in '{question.id}': it goes alone, never with "
        f"other options; give [{option_id}] on its own, or the others without it"
    )


def _bad_answer(quiz: Quiz, question: Any, value: Any) -> str:
    qid = question.id
    if question.type in {"choice", "multi"}:
        ids = [o.id for o in question.options or ()]
        listed = ", ".join(ids)
        if question.type == "multi" and not isinstance(value, list):
            return f"'{qid}' is a multi question: give a list of option ids, like [{ids[0] if ids else 'id'}] (options: {listed})"
        items = value if isinstance(value, list) else [value]
        wrong = next((str(v) for v in items if str(v) not in ids), str(value))
        if question.type == "choice" and isinstance(value, (list, dict)):
            return f"'{qid}' is a choice question: give one option id (options: {listed})"
        return (
            f"'{wrong}' is not an option of '{qid}'{did_you_mean(wrong, ids)} (options: {listed})"
        )
    if question.type == "scale":
        values = ", ".join(str(v) for v, _ in quiz.choices(question))
        return f"{value!r} is not a value of the scale of '{qid}' (values: {values})"
    return f"'{qid}' is a text question: give text"
