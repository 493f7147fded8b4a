"""One headless app run in a fresh interpreter; prints one JSON object on stdout.

Run by `run.py`, once per sample, so every figure pays the imports a person
pays. Times are `time.monotonic()` (system-wide on Linux), so the parent can
subtract the moment it started this process.

    python benchmarks/apprun.py MODE [--quiz-dir DIR] [--quiz ID] [--expect N]

MODE:
  bare        the bare Textual app (benchmarks/bareapp.py): first frame of its home
  bare-walk   the bare app through a question screen and a results-like screen (memory)
  home        readiness: first frame of home, and the first frame with the full list
  history     readiness started straight on the saved-results screen: its first frame,
              and the frame where the list is shown
  quiz        readiness through one whole quiz with digit keys: per-key latency, memory

A "frame" is a compositor refresh of the screen on top (Textual renders it in
headless mode too; only the write to the terminal is skipped), caught by
wrapping `Screen._compositor_refresh`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import sys
import time
import weakref
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZE = (80, 24)
TIMEOUT = 30.0

# Weak references: holding the screens themselves would keep every screen ever
# shown (and its widget tree) alive, which inflates peak memory for the app and
# the bare baseline alike, in proportion to how many screens each walk shows.
FRAMES: list[tuple[float, weakref.ref[Any], dict[str, bool]]] = []
# What a frame showed, judged as it is drawn: a state judged later (when the
# waiting code gets round to looking) would credit an early frame with a list
# that only arrived after it.
PROBES: dict[str, Any] = {}
_frame_event: asyncio.Event | None = None


def _install_frame_hook() -> None:
    from textual.screen import Screen

    original = Screen._compositor_refresh

    def _compositor_refresh(self: Any) -> None:
        original(self)
        try:
            on_top = self is self.app.screen
        except Exception:
            on_top = False
        if on_top:
            when = time.monotonic()
            states = {}
            for name, probe in PROBES.items():
                try:
                    states[name] = bool(probe(self))
                except Exception:
                    states[name] = False
            FRAMES.append((when, weakref.ref(self), states))
            if _frame_event is not None:
                _frame_event.set()

    Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]


async def wait_frame(
    predicate: Any, after: float, timeout: float = TIMEOUT, *, probe: str | None = None
) -> float:
    """The time of the first frame after `after` whose screen satisfies `predicate`
    (a test of what cannot change, such as the screen's class), or, with `probe`,
    whose state that probe judged true as the frame was drawn."""
    global _frame_event
    deadline = time.monotonic() + timeout
    seen = 0
    while True:
        for when, ref, states in FRAMES[seen:]:
            if when < after:
                continue
            if probe is not None:
                if states.get(probe):
                    return when
                continue
            screen = ref()
            if screen is not None and predicate(screen):
                return when
        seen = len(FRAMES)
        if time.monotonic() > deadline:
            raise TimeoutError("no such frame")
        _frame_event = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_frame_event.wait(), timeout=0.05)


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# ----------------------------------------------------------------- modes


async def run_bare(walk: bool) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from bareapp import BareApp, BareHome, BareQuestion, BareResults

    app = BareApp()
    out: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        out["first_frame"] = await wait_frame(lambda s: isinstance(s, BareHome), 0)
        if walk:
            for n in range(21):
                before = time.monotonic()
                app.push_screen(BareQuestion(n))
                await wait_frame(lambda s: isinstance(s, BareQuestion), before)
                await pilot.press("1")
                app.pop_screen()
            before = time.monotonic()
            app.push_screen(BareResults())
            await wait_frame(lambda s: isinstance(s, BareResults), before)
            await pilot.pause()
    out["maxrss_mib"] = maxrss_mib()
    return out


def _list_full(screen: Any, expect: int) -> bool:
    if type(screen).__name__ != "HomeScreen" or screen.app.catalog is None:
        return False
    try:
        quizzes = screen.query_one("#quizzes")
    except Exception:
        return False
    entries = len(screen.app.catalog.entries)
    return entries >= expect and quizzes.display and quizzes.option_count >= entries


async def run_home(args: argparse.Namespace) -> dict[str, Any]:
    from readiness.app import build_app

    extra = tuple(Path(p) for p in args.quiz_dir)
    app = build_app(extra_quiz_dirs=extra)
    out: dict[str, Any] = {}
    PROBES["list"] = lambda s: _list_full(s, args.expect)
    async with app.run_test(size=SIZE):
        out["first_frame"] = await wait_frame(lambda s: type(s).__name__ == "HomeScreen", 0)
        out["list_ready"] = await wait_frame(None, 0, probe="list")
        out["entries"] = len(app.catalog.entries)
    out["maxrss_mib"] = maxrss_mib()
    return out


async def run_history(args: argparse.Namespace) -> dict[str, Any]:
    from readiness.app import main as app_main

    class HistoryFirst(app_main.ReadinessApp):
        """The app as it is, except that it opens on the saved-results screen."""

        CSS_PATH = str(Path(app_main.__file__).parent / "readiness.tcss")

        def on_mount(self, event: Any) -> None:
            from readiness.app.history_screen import HistoryScreen  # as home's h opens it

            event.prevent_default()  # ReadinessApp.on_mount would push home on top

            self.push_screen(HistoryScreen())

    app = HistoryFirst()
    out: dict[str, Any] = {}
    PROBES["loaded"] = lambda s: type(s).__name__ == "HistoryScreen" and getattr(s, "loaded", False)
    async with app.run_test(size=SIZE):
        out["first_frame"] = await wait_frame(lambda s: type(s).__name__ == "HistoryScreen", 0)
        out["list_ready"] = await wait_frame(None, 0, probe="loaded")
        out["rows"] = len(getattr(app.screen, "summaries", []))
    out["maxrss_mib"] = maxrss_mib()
    return out


async def run_quiz(args: argparse.Namespace) -> dict[str, Any]:
    """Home -> the quiz -> every question with a digit and Enter -> review -> safety -> results."""
    from readiness.app import build_app

    app = build_app()
    out: dict[str, Any] = {"digit_ms": [], "enter_ms": []}

    def on(name: str) -> Any:
        return lambda s: type(s).__name__ == name

    async with app.run_test(size=SIZE) as pilot:
        await wait_frame(lambda s: _list_full(s, 1), 0)
        entries = [e.id for e in app.catalog.entries]
        number = entries.index(args.quiz) + 1 if args.quiz in entries else 1
        before = time.monotonic()
        await pilot.press(str(number))
        await wait_frame(on("IntroScreen"), before)
        before = time.monotonic()
        await pilot.press("enter")
        await wait_frame(on("QuestionScreen"), before)
        for _ in range(200):
            screen = app.screen
            name = type(screen).__name__
            if name == "QuestionScreen":
                widget = screen.query_one("#answer")
                kind = type(widget).__name__
                if kind == "AnswerRadioSet":
                    before = time.monotonic()
                    await pilot.press("1")
                    when = await wait_frame(lambda s, scr=screen: s is scr, before)
                    out["digit_ms"].append((when - before) * 1000)
                elif kind == "AnswerSelectionList":
                    await pilot.press("1")
                before = time.monotonic()
                await pilot.press("enter")
                when = await wait_frame(lambda s, scr=screen: s is not scr, before)
                if type(app.screen).__name__ == "QuestionScreen" and kind == "AnswerRadioSet":
                    out["enter_ms"].append((when - before) * 1000)
            elif name == "ReviewScreen":
                before = time.monotonic()
                await pilot.press("right")
                await wait_frame(lambda s, scr=screen: s is not scr, before)
            elif name == "SafetyIntroScreen":
                before = time.monotonic()
                await pilot.press("enter")
                await wait_frame(lambda s, scr=screen: s is not scr, before)
            elif name == "ResultsScreen":
                await pilot.pause()
                break
            else:
                await pilot.pause(0.05)
        out["final_screen"] = type(app.screen).__name__
    out["maxrss_mib"] = maxrss_mib()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("bare", "bare-walk", "home", "history", "quiz"))
    parser.add_argument("--quiz-dir", action="append", default=[])
    parser.add_argument("--expect", type=int, default=1)
    parser.add_argument("--quiz", default="therapy-readiness")
    args = parser.parse_args()
    _install_frame_hook()
    if args.mode in ("bare", "bare-walk"):
        result = asyncio.run(run_bare(args.mode == "bare-walk"))
    elif args.mode == "home":
        result = asyncio.run(run_home(args))
    elif args.mode == "history":
        result = asyncio.run(run_history(args))
    else:
        result = asyncio.run(run_quiz(args))
    result["textual_loaded"] = "textual" in sys.modules
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
