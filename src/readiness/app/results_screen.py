"""The live results: the profile, the next steps, the safety cards, and saving or exporting.

The page itself is built from `result_view.py`, the pieces a saved result is
shown with too; this screen adds what only a live result has: what the safety
check raised, the arithmetic behind each score (d), the held-back suggestions
(j), and the keys that keep the result (s, e).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from readiness.app import services
from readiness.app.bars import Footer
from readiness.app.base import NOTHING_SAVED, FlowScreen, plain
from readiness.app.intro_screens import start_safety_again
from readiness.app.result_view import (
    details_hint,
    dimension_row,
    how_line,
    snapshot_intro,
    step_block,
    steps_section,
    summary_block,
    toggle_details,
)
from readiness.app.safety_cards import cards, quiet_support
from readiness.app.session import QuizRun
from readiness.core.report import score_meaning, unasked_of


def wrap_path(path: str, width: int) -> str:
    """A path broken onto lines of at most `width` cells after its separators, never inside a name
    (a name longer than a line is the only thing folded)."""
    import os
    import re

    seps = re.escape("/" + os.sep)
    lines: list[str] = []
    line = ""
    for part in re.findall(f"[^{seps}]*[{seps}]|[^{seps}]+", path):
        while len(part) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(part[:width])
            part = part[width:]
        if len(line) + len(part) > width:
            lines.append(line)
            line = part
        else:
            line += part
    if line:
        lines.append(line)
    return "\n".join(lines)


def _shown_view(result: Any) -> Any:
    """The core's shown view of a Result (anything else, such as a test's stand-in, as it is)."""
    from readiness.core.safety import shown_view

    try:
        return shown_view(result)
    except (AttributeError, TypeError):
        return result


PROFILE_WAITS = (
    "Your profile and everything else can wait; they stay here while the app is open. "
    "Press v to see your profile."
)


def _held_back_hint(count: int) -> str:
    """Under unsure: how many steps involve the partner, and the key that shows them."""
    noun = "suggestion involves" if count == 1 else "suggestions involve"
    return (
        f"{count} more {noun} your partner. Press j to see "
        f"{'it' if count == 1 else 'them'} if you feel safe at home."
    )


class ResultsScreen(FlowScreen):
    """The result of this sitting, kept in memory until the person saves or exports it."""

    BINDINGS = [
        Binding("s", "save", "Save"),
        Binding("s", "saving_off", "Save", show=False),  # private mode: says so, writes nothing
        Binding("d", "details", "Score details", show=False),  # said on the page, under the bars
        Binding("e", "export", "Export elsewhere"),
        Binding("r", "review", "Review"),
        Binding("n", "home", "Other quizzes"),
        Binding("c", "safety_again", "Safety check again", show=False),  # said on the page
        # under unsure only, said on the page
        Binding("j", "joint", "Partner suggestions", show=False),
        Binding("v", "profile", "Profile", show=False),  # under a crisis, said on the page
        Binding("escape,backspace,left", "review", "Back", key_display="esc", show=False),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, run: QuizRun, result: Any) -> None:
        super().__init__()
        self.run = run
        self.result = result
        self.shown = _shown_view(result)
        """What the page shows: joint dimensions (and reasons citing them) held back when anything was raised."""
        self.saved: services.Saved | None = None
        self.save_problem: str | None = None
        """Why the last save failed; the results stay and `e` offers another place."""
        self.exported: services.Exported | None = None
        self._notices: list[tuple[str, str]] = []
        self.safety = getattr(result, "safety", None) or services.SafetyState()
        self.joint_shown = False
        """Under unsure: the person pressed j and sees the suggestions that involve their partner."""

    @property
    def offers_joint(self) -> bool:
        """j shows the held-back steps only under unsure: a concern or a crisis never offers them."""
        s = self.safety
        return (
            s.unsure and not (s.concern or s.crisis) and bool(getattr(self.result, "held_back", ()))
        )

    @property
    def offers_check_again(self) -> bool:
        return bool(self.run.quiz.safety_check) and self.rapp.safety_info.quiz is not None

    def compose(self) -> ComposeResult:
        result = self.shown
        safety = self.safety
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            if safety.holds_back_joint:
                yield from cards(self.rapp.safety_info, safety)
            taken = getattr(self.result, "taken_at", None)
            when = f" ({taken.day} {taken:%B %Y})" if taken is not None else ""
            yield from snapshot_intro(
                self.run.quiz.title, f"shows how things look to you today{when}"
            )
            if not safety.crisis:  # under a crisis the card and at most two steps come next anyway
                yield from summary_block(
                    result.dimensions, result.next_steps, holding_back=safety.holds_back_joint
                )
            if safety.crisis:
                # Pared down: the card, the person's own support and at most two steps.
                yield from self._steps(result)
                yield Static(PROFILE_WAITS, id="profile-hint", classes="muted")
            with Vertical(id="profile"):
                yield Static("How things look", classes="heading")
                unasked = unasked_of(result)
                answers = dict(getattr(self.result, "answers", None) or {})
                for dim in result.dimensions:
                    record = dim.to_record()
                    meaning = score_meaning(self.run.quiz, answers, dim.id)
                    yield from dimension_row(record, unasked, how_line(record, meaning))
                yield details_hint()
                if not safety.crisis:
                    yield from self._steps(result)
                notes = self.run.notes()
                if notes:
                    yield Static("Your own words", classes="heading")
                    for question, text in notes:
                        yield Static(plain(question.label), classes="note-question")
                        yield Static(plain(text), classes="note-text")
            if self.offers_joint:
                yield from self._held_back(result)
            if self.offers_check_again:
                yield Static(self._check_again_line(), id="check-again", classes="muted")
            yield Static(self._closing_line(safety), id="closing", classes="muted")
            if not safety.holds_back_joint and self.run.quiz.safety_check:
                yield from quiet_support(self.rapp.safety_info)
            yield Static(self._save_hint(), id="save-hint", classes="privacy")
        yield Footer(compact=True)

    @staticmethod
    def _steps(result: Any) -> ComposeResult:
        yield from steps_section(
            result.next_steps, none_text="No particular steps stand out from these answers."
        )

    def _held_back(self, result: Any) -> ComposeResult:
        """Under unsure: the joint steps, behind one key, never shown by default."""
        with Vertical(id="held-back", classes="held-back"):
            yield Static(
                _held_back_hint(len(result.held_back)), id="held-back-hint", classes="muted"
            )
            with Vertical(id="joint-steps"):
                for step in result.held_back:
                    yield from step_block(None, step)

    def _check_again_line(self) -> str:
        if self.run.checked_here:
            return (
                "If someone was watching when you answered the safety check, or you'd answer "
                "differently now, press c to answer it again."
            )
        return (
            "These results use the safety check you answered earlier in this sitting. "
            "Press c to answer it again."
        )

    @staticmethod
    def _closing_line(safety: Any) -> str:
        if safety.holds_back_joint:
            # Never a suggestion to do this together: that is not safe advice here.
            return (
                "Talking these results over on your own with a counsellor, or with one of the "
                "support lines above, can help you decide what feels right and safe for you."
            )
        return (
            "Talking these results over with a counsellor or therapist, on your own or "
            "together, can help you decide what to do next."
        )

    def _save_hint(self) -> str:
        if self.rapp.private:
            return "Private mode: saving is off, so nothing from this sitting will be written."
        if self.saved is not None:
            where = self.saved.folder
            return (
                f"Saved, for you only, in this folder:\n{plain(str(where))}" if where else "Saved."
            )
        if self.exported is not None:
            return (
                f"Exported, for you only, to {plain(str(self.exported.markdown))} "
                f"and {plain(str(self.exported.record))}."
            )
        if self.save_problem is not None:
            return (
                f"Not saved: {plain(self.save_problem)} Your results are still here. "
                "Press e to export them to another place, or s to try saving again."
            )
        if self.safety.holds_back_joint:
            return (
                f"{NOTHING_SAVED} Press s only if you want these results kept on this device; "
                "ctrl+q leaves at once and writes nothing."
            )
        return f"{NOTHING_SAVED} Press s to save these results on this device."

    def on_mount(self) -> None:
        self.title = self.run.quiz.title
        if self.safety.crisis:
            self.query_one("#profile").display = False
        if self.offers_joint:
            self.query_one("#joint-steps").display = False
        self.query_one("#page").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":  # offered once saving has failed
            return self.save_problem is not None and self.saved is None and not self.rapp.private
        if action == "saving_off":
            return self.rapp.private
        if action == "safety_again":
            return self.offers_check_again
        if action == "joint":
            return self.offers_joint
        if action == "profile":
            return self.safety.crisis
        return not (action == "save" and self.rapp.private)

    def action_safety_again(self) -> None:
        """Answer the safety check again in this sitting (someone may have been watching)."""
        start_safety_again(self.rapp, self.run, back_to="results")

    def action_joint(self) -> None:
        """Under unsure: show (or hide again) the suggestions that involve the partner."""
        if not self.offers_joint:
            return
        self.joint_shown = not self.joint_shown
        self.query_one("#joint-steps").display = self.joint_shown
        hint = self.query_one("#held-back-hint", Static)
        if self.joint_shown:
            hint.update(
                "Suggestions that involve your partner, shown because you pressed j. "
                "Press j again to hide them."
            )
            self.call_after_refresh(hint.scroll_visible, animate=False, top=True)
        else:
            hint.update(_held_back_hint(len(self.result.held_back)))

    def action_profile(self) -> None:
        """Under a crisis: show (or hide again) the profile that the pared-down page leaves out."""
        profile = self.query_one("#profile")
        profile.display = not profile.display
        self.query_one("#profile-hint", Static).update(
            "Press v to hide your profile again." if profile.display else PROFILE_WAITS
        )
        if profile.display:
            self.call_after_refresh(profile.scroll_visible, animate=False, top=True)

    @property
    def footer_room_for_theme(self) -> bool:
        """With "Export elsewhere" shown too, F2 would not fit in 80 columns (F1's help lists it)."""
        return not (self.save_problem is not None and self.saved is None and not self.rapp.private)

    def action_saving_off(self) -> None:
        self.notify(
            "Saving is off for this run (private mode), so nothing was written.", title="Not saved"
        )

    def action_details(self) -> None:
        toggle_details(self)

    def action_review(self) -> None:
        self.rapp.review(self.run)

    def action_home(self) -> None:
        """To the list of quizzes; an unsaved result is left only once the person says so
        (in preview the run stays, so the result can be had again: nothing to ask)."""
        if self.saved is not None or self.exported is not None or self.rapp.preview is not None:
            self.rapp.go_home()
            return
        from readiness.app.modals import LeaveResultsScreen

        self.app.push_screen(LeaveResultsScreen(self.rapp.private), self._after_leave)

    def _after_leave(self, leave: bool | None) -> None:
        if leave:
            self.rapp.go_home()

    def action_save(self) -> None:
        if self.rapp.private:
            self.notify("Private mode is on, so saving is off for this sitting.", title="Not saved")
            return
        if self.saved is not None:
            self.notify("These results are already saved.", title="Saved")
            return
        if self.safety.holds_back_joint:
            # After a concern, a crisis or a decline, saving is a deliberate choice, every time.
            from readiness.app.modals import SaferSaveScreen

            self.app.push_screen(SaferSaveScreen(), self._after_note)
            return
        if not self.rapp.share_note_seen:
            from readiness.app.modals import ShareNoteScreen

            self.app.push_screen(ShareNoteScreen(), self._after_note)
            return
        self._save()

    def _after_note(self, go_ahead: bool | None) -> None:
        if go_ahead:
            self.rapp.share_note_seen = True
            self._save()
        else:
            self.notify("Nothing was saved.", title="Not saved")

    @property
    def to_keep(self) -> Any:
        """What a save or an export writes: nothing in it reveals what the safety check found."""
        from readiness.core.safety import saved_view

        return saved_view(self.result)

    def _save(self) -> None:
        if services.protect_required():
            # Settings ask for protected saves only: set protection up now, never offer
            # a plain copy instead.
            from readiness.app.protect_dialogs import ProtectScreen

            self.app.push_screen(ProtectScreen(), self._after_protect)
            return
        try:
            saved = services.save_result(self.to_keep)
        except services.SaveError as exc:
            self._save_failed(str(exc) or "The result could not be saved.")
            return
        self.saved = saved
        self.save_problem = None
        self.refresh_bindings()
        self.rapp.saved.append(saved)
        self.query_one("#save-hint", Static).update(self._save_hint())
        message = "Only your account can open these files."
        if saved.folder:
            message += "\nIn the folder:\n" + plain(
                wrap_path(str(saved.folder), self._toast_width())
            )
        self._notify_here(message, title="Saved")

    def _after_protect(self, done: object) -> None:
        if done and not services.protect_required():
            self._save()
        else:
            self.notify(
                "Nothing was saved: your settings keep results only once they are protected.",
                title="Not saved",
            )

    # ------------------------------------------------ when saving fails
    def _save_failed(self, problem: str) -> None:
        """Say why on the screen, keep the results, and offer another place."""
        self.save_problem = problem
        hint = self.query_one("#save-hint", Static)
        hint.update(self._save_hint())
        hint.add_class("save-problem")
        self.refresh_bindings()
        self.action_export()

    def action_export(self) -> None:
        if self.rapp.private or self.save_problem is None:
            return
        from readiness.app.modals import ExportScreen

        suggestion = services.default_export_path(getattr(self.result, "taken_at", None))
        to_keep = self.to_keep
        export = ExportScreen(
            suggestion, lambda to: services.export_result(to_keep, to), self.save_problem
        )
        self.app.push_screen(export, self._after_export)

    def _after_export(self, exported: services.Exported | None) -> None:
        if exported is None:
            self.query_one("#save-hint").scroll_visible(animate=False)
            self.notify(
                "Nothing was written. Your results are still here; e offers the export again.",
                title="Not exported",
            )
            return
        self.exported = exported
        hint = self.query_one("#save-hint", Static)
        hint.update(self._save_hint())
        hint.remove_class("save-problem")
        width = self._toast_width()
        self._notify_here(
            "Only your account can open them. Written to:\n"
            + plain(wrap_path(str(exported.markdown), width))
            + "\nand\n"
            + plain(wrap_path(str(exported.record), width)),
            title="Exported",
        )

    # ------------------------------------------------ notices of this screen
    def _toast_width(self) -> int:
        """Room for text in a notice: Textual's toasts are 60 wide, at most half the screen, padded."""
        return max(16, min(60, self.app.size.width // 2) - 2)

    def _notify_here(self, message: str, *, title: str) -> None:
        """A notice that goes away when the person leaves the results."""
        self._notices.append((title, message))
        self.notify(message, title=title)

    def _dismiss_notices(self) -> None:
        mine, self._notices = self._notices, []
        if not mine:
            return
        notifications = self.app._notifications
        for notification in list(notifications):
            if (notification.title, notification.message) in mine:
                self.app._unnotify(notification, refresh=False)
        self.app._refresh_notifications()

    def on_screen_suspend(self) -> None:
        from textual.screen import ModalScreen

        if not isinstance(self.app.screen, ModalScreen):
            self._dismiss_notices()

    def on_unmount(self) -> None:
        self._dismiss_notices()
