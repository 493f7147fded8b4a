"""A valid quiz's notes come back from the quiz cache as notes (a note is neither an error
nor a warning, and the cache once refused it, so such a quiz was checked again each time)."""

from __future__ import annotations

from pathlib import Path

from readiness.core.problems import Problem
from readiness.core.quizcache import CachedOutcome, QuizCache, QuizInfo, file_key


def test_a_note_is_served_from_the_cache(tmp_path: Path) -> None:
    quiz = tmp_path / "q.yaml"
    quiz.write_text("format: 1\n", encoding="utf-8")
    location = tmp_path / "cache" / "quizzes.json"
    info = QuizInfo("q", "Q", "S", None, 1)
    note = Problem(str(quiz), 3, 5, "next step 's' is never saved", "note")
    cache = QuizCache(write=True, location=location)
    cache.put(quiz, file_key(quiz), CachedOutcome(info, [note]))
    cache.save()

    again = QuizCache(location=location).get(quiz, file_key(quiz))
    assert again == CachedOutcome(info, [note])
