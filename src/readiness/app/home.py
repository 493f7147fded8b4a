"""Home: the list of quizzes. The first screen a person sees, so it imports little.

Its first frame shows the page with "Looking for quizzes…"; the catalog is
read in a thread after that frame, and the core (and the quiz flow's screens)
are imported there or when a quiz is opened, never before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from readiness.app.bars import Footer
from readiness.app.base import (
    DIGIT_BINDINGS,
    FlowScreen,
    nothing_saved,
    plain,
    scroll_page_to_highlight,
)


def _short_date(when: Any) -> str:
    """'3 March' ('3 March 2025' in another year): the core's words, imported when needed."""
    from datetime import datetime

    from readiness.core.history import short_date

    return short_date(when, reference=datetime.now().astimezone())


class QuizList(OptionList):
    """The catalog, grown to its full height: the page scrolls with the highlight.

    So every line of the page can be reached from the keyboard: the highlighted
    quiz is kept in view, and on the last quiz the page shows what comes after it.
    """

    def scroll_to_highlight(self, top: bool = False) -> None:
        super().scroll_to_highlight(top)
        highlighted = self.highlighted
        page = self.parent
        if highlighted is None or not self.is_mounted or not isinstance(page, Widget):
            return
        if highlighted >= self.option_count - 1:
            self.call_after_refresh(page.scroll_end, animate=False, immediate=True)
            return
        if highlighted == 0:
            self.call_after_refresh(page.scroll_home, animate=False, immediate=True)
            return
        scroll_page_to_highlight(self)


class HomeScreen(FlowScreen):
    """The quizzes there are, each opened by its number; saved results and problems a key away."""

    last_taken: dict[str, Any] = {}
    """Quiz id -> when it was last taken, read after the first frame (empty until then)."""

    BINDINGS = [
        *DIGIT_BINDINGS,
        Binding("enter", "open", "Open", show=False),
        Binding("h", "history", "Saved results"),
        Binding("b", "broken", "Problems"),
        Binding("f1", "app.help", "Help"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            yield Static(
                "Choose a quiz to begin. Take your time: you can go back and change any answer.",
                classes="lead",
            )
            yield Static("Looking for quizzes…", id="loading", classes="muted")
            yield QuizList(id="quizzes")
            yield Static("", id="broken", classes="broken")
            yield Static("", id="quiz-path", classes="broken")
        # Always in view, whatever the size of the terminal and the catalog.
        yield Static(nothing_saved(self.rapp.private), id="nothing-saved", classes="privacy")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#quizzes").display = False
        self.query_one("#broken").display = False
        self.query_one("#quiz-path").display = False
        if self.rapp.catalog is None:
            # After the first frame: reading quiz files must never delay it.
            self.call_after_refresh(self.load_catalog)
        else:
            self.show_catalog()

    @work(thread=True, exclusive=True, group="catalog")
    def load_catalog(self) -> None:
        # The catalog begun by `build_app` (its helper process already at work when
        # there are many files); the rest of the core is imported when a quiz opens.
        plan, self.rapp.catalog_plan = self.rapp.catalog_plan, None
        if plan is None:  # an app built without `build_app`
            from readiness.app import services

            catalog = services.load_catalog(self.rapp.extra_quiz_dirs)
        else:
            catalog = plan.finish()
        start_quiz, start_problem = self._start_quiz(catalog)
        from readiness import locations

        self.rapp.quiz_path_notes = [
            locations.quiz_path_notice(place, why) for place, why in locations.unusable_quiz_paths()
        ]
        self.app.call_from_thread(self._loaded, catalog, start_quiz, start_problem)
        # Then, with the list already on screen, when each quiz was last taken.
        last = self._read_last_taken()
        self.app.call_from_thread(self._show_last_taken, last)

    def _read_last_taken(self) -> dict[str, Any]:
        """Quiz id -> when its newest saved result was taken, from the saved results' index
        (in a thread, never before the first frame). Nothing when private, in preview, or
        when the results are protected and locked: home never asks for the passphrase."""
        if self.rapp.private or self.rapp.preview_path is not None:
            return {}
        from readiness.core import protect, store

        try:
            if protect.needs_unlock(None):
                return {}
            summaries, _notices = store.list_saved(write_index=False)  # opening home writes nothing
        except (store.StoreError, OSError, ValueError):  # LockedError is a StoreError
            return {}
        last: dict[str, Any] = {}
        for summary in summaries:  # newest first
            last.setdefault(summary.quiz_id, summary.taken_at)
        return last

    @work(thread=True, exclusive=True, group="last-taken")
    def refresh_last_taken(self) -> None:
        last = self._read_last_taken()
        self.app.call_from_thread(self._show_last_taken, last)

    def _show_last_taken(self, last: dict[str, Any]) -> None:
        """Each quiz's line says when it was last taken; the highlighted line stays as it is."""
        if last == self.last_taken or self.rapp.catalog is None or not self.is_attached:
            return
        self.last_taken = last
        quizzes = self.query_one("#quizzes", OptionList)
        for number, entry in enumerate(self._entries()):
            try:
                index = quizzes.get_option_index(f"quiz-{number}")
            except Exception:  # the list was filled again meanwhile
                return
            quizzes.replace_option_prompt_at_index(index, self._prompt(number, entry))

    def on_screen_resume(self, event: Any) -> None:
        super().on_screen_resume(event)
        if self.rapp.catalog is not None:  # a result may have been saved or deleted meanwhile
            self.refresh_last_taken()

    def _start_quiz(self, catalog: Any) -> tuple[Any, Any]:
        """The quiz asked for on the command line, or why it cannot open (else two Nones)."""
        if self.rapp.start_quiz_path is None and self.rapp.start_quiz_id is None:
            return None, None
        from readiness.app import services

        try:
            if self.rapp.start_quiz_path is not None:
                return services.load_quiz(self.rapp.start_quiz_path), None
            entry = catalog.find(self.rapp.start_quiz_id)
            if entry is None:
                return (
                    None,
                    f"There is no quiz called “{self.rapp.start_quiz_id}”. Here are the ones there are.",
                )
            return entry.quiz, None
        except services.QuizFileError as exc:
            return None, exc.problems

    def _loaded(self, catalog: Any, start_quiz: Any, start_problem: Any) -> None:
        self.rapp.catalog = catalog
        self.rapp.start_quiz_id = self.rapp.start_quiz_path = None
        self.show_catalog()
        if start_quiz is not None:
            self.rapp.open_quiz(start_quiz)
        elif isinstance(start_problem, str):
            self.notify(start_problem, title="Quiz not found", severity="warning", timeout=8)
        elif start_problem:
            from readiness.app.modals import ProblemsScreen

            self.app.push_screen(
                ProblemsScreen("That quiz file could not be read", [str(p) for p in start_problem])
            )

    def show_catalog(self) -> None:
        catalog = self.rapp.catalog
        self.query_one("#loading").display = False
        quizzes = self.query_one("#quizzes", OptionList)
        quizzes.clear_options()
        entries = list(catalog.entries)
        options: list[Option | None] = []  # None: the line between two quizzes
        for number, entry in enumerate(entries):
            if number:
                options.append(None)
            options.append(Option(self._prompt(number, entry), id=f"quiz-{number}"))
        quizzes.add_options(options)  # at once: the list measures itself once, not per quiz
        quizzes.display = bool(entries)
        if not entries:
            self.query_one("#loading", Static).update(
                "No quizzes were found. Quizzes are YAML files; add a folder with `readiness --quiz-dir DIR`."
            )
            self.query_one("#loading").display = True
        else:
            quizzes.highlighted = 0
            quizzes.focus()
        broken = list(catalog.broken)
        box = self.query_one("#broken", Static)
        if broken:
            first = broken[0]
            name = Path(str(first.path)).name
            if first.problems:
                problem = first.problems[0]
                first_problem = f"{name}, line {problem.line}: {problem.message}"
            else:
                first_problem = f"{name} could not be read"
            many = len(broken) != 1
            box.update(
                f"{len(broken)} quiz file{'s' if many else ''} could not be read, so "
                f"{'they are' if many else 'it is'} not listed. The first problem:\n"
                f"{plain(first_problem)}\nPress b to see every problem."
            )
            box.display = True
        notes = self.rapp.quiz_path_notes
        if notes:  # a folder named in READINESS_QUIZ_PATH that gives nothing: one line each
            self.query_one("#quiz-path", Static).update("\n".join(plain(note) for note in notes))
            self.query_one("#quiz-path").display = True
        self.refresh_bindings()

    def _prompt(self, number: int, entry: Any) -> Any:
        """One quiz's line (`number` from 0): its key, title, summary and facts, and when
        it was last taken if home has read that (after the first frame)."""
        minutes = getattr(entry, "minutes", None)
        count = getattr(entry, "question_count", 0)
        when = self.last_taken.get(getattr(entry, "id", None) or "")
        facts = " · ".join(
            x
            for x in (
                f"about {minutes} minute{'s' if minutes != 1 else ''}" if minutes else "",
                f"{count} question{'s' if count != 1 else ''}" if count else "",
                f"last taken {_short_date(when)}" if when is not None else "",
            )
            if x
        )
        key = f"{number + 1}" if number < 9 else " "
        # A Textual Visual (not a Rich table): the list measures every option's height
        # when it is filled, and a few hundred tables took a noticeable part of a second.
        from readiness.app.entry_prompt import EntryPrompt

        return EntryPrompt(key, entry.title, entry.summary, facts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "broken":
            catalog = self.rapp.catalog
            return bool(catalog is not None and catalog.broken)
        return True

    def _entries(self) -> list[Any]:
        return list(self.rapp.catalog.entries) if self.rapp.catalog is not None else []

    def action_digit(self, number: int) -> None:
        entries = self._entries()
        if 1 <= number <= len(entries):
            self._open_entry(entries[number - 1])

    def action_open(self) -> None:
        quizzes = self.query_one("#quizzes", OptionList)
        if quizzes.highlighted is not None:
            self._open_index(quizzes.highlighted)

    @on(OptionList.OptionSelected, "#quizzes")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open_index(event.option_index)

    def _open_index(self, index: int) -> None:
        option = self.query_one("#quizzes", OptionList).get_option_at_index(index)
        entries = self._entries()
        number = int((option.id or "quiz--1").split("-")[-1])
        if 0 <= number < len(entries):
            self._open_entry(entries[number])

    def _open_entry(self, entry: Any) -> None:
        from readiness.app import services

        try:
            quiz = entry.quiz
        except services.QuizFileError as exc:
            from readiness.app.modals import ProblemsScreen

            self.app.push_screen(
                ProblemsScreen("That quiz file could not be read", [str(p) for p in exc.problems])
            )
            return
        self.rapp.open_quiz(quiz)

    def action_history(self) -> None:
        from readiness.app.history_screen import HistoryScreen  # not before it is first opened

        self.app.push_screen(HistoryScreen())

    def action_broken(self) -> None:
        catalog = self.rapp.catalog
        if catalog is None or not catalog.broken:
            return
        from readiness.app.modals import ProblemsScreen

        lines = [str(p) for broken in catalog.broken for p in broken.problems]
        self.app.push_screen(ProblemsScreen("Quiz files that could not be read", lines))
