"""The Textual app. Importing this package imports nothing heavy: `build_app` loads Textual."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readiness.app.main import ReadinessApp


def build_app(
    *,
    quiz_id: str | None = None,
    quiz_path: Path | None = None,
    private: bool = False,
    extra_quiz_dirs: Sequence[Path] = (),
    preview_path: Path | None = None,
) -> ReadinessApp:
    """The app, ready to `.run()`: the catalog, or straight into one quiz.

    `quiz_id` opens a catalog quiz by id; `quiz_path` opens a quiz file;
    `private` turns saving off for the run; `extra_quiz_dirs` add folders to the
    catalog (`--quiz-dir`); `preview_path` opens that one file and reloads it
    whenever it is saved (`readiness preview`; never saves).
    """
    extra = tuple(Path(p) for p in extra_quiz_dirs)
    plan = None
    if preview_path is None:
        # Before Textual loads: with a few hundred quiz files, a helper process
        # starts checking them now, on a second CPU, while the first frame is drawn.
        from readiness.core.catalog import plan_catalog

        plan = plan_catalog(extra)
    from readiness.app.main import ReadinessApp

    return ReadinessApp(
        quiz_id=quiz_id,
        quiz_path=Path(quiz_path) if quiz_path is not None else None,
        private=private,
        extra_quiz_dirs=extra,
        preview_path=Path(preview_path) if preview_path is not None else None,
        catalog_plan=plan,
    )
