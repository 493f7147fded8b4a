"""The preview's watch keeps every warning and note for its panel, and counts only warnings."""

from __future__ import annotations

from pathlib import Path

from readiness.app.preview import Watch
from support.paths import FIXTURES


def test_a_note_is_listed_for_the_panel_but_not_counted(tmp_path: Path) -> None:
    text = (FIXTURES / "safety_joint.yaml").read_text(encoding="utf-8")
    quiz = tmp_path / "q.yaml"
    quiz.write_text(text, encoding="utf-8")
    watch = Watch(quiz)
    assert watch.poll() == "reloaded"
    assert watch.warning_count == 1 and len(watch.warnings) == 1  # the crisis hint: a warning
    quiz.write_text(
        text.replace('when: "safety.concern"\n', 'when: "safety.concern and not safety.crisis"\n'),
        encoding="utf-8",
    )
    assert watch.poll(force=True) == "reloaded"
    assert watch.warning_count == 0
    (note,) = watch.warnings
    assert ": note: next step 'author-concern'" in note
