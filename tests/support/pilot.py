"""Driving the app with Textual's Pilot: the fixture quiz, a fixed clock, and the usual waits."""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readiness.app import build_app
from support.paths import FIXTURES

FIXTURE = FIXTURES / "app_branching.yaml"
FIXED = datetime(2026, 11, 22, 10, 4, 5, tzinfo=UTC)

# Safety check answers by digit: 1 is "No" on every question.
NO_CONCERN = "1"
CONCERN = (
    "2"  # "Sometimes" afraid: a concern, not a crisis (self-harm "Yes, sometimes" is a crisis too)
)


def screen_name(app) -> str:
    return type(app.screen).__name__


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def key_for(app, action: str) -> str:
    """The key the current screen binds to `action`, so a test survives a change of key."""
    for key, active in app.active_bindings.items():
        if active.binding.action == action:
            return key
    raise AssertionError(f"no key for {action!r} on {screen_name(app)}")


async def press_action(pilot, action: str) -> None:
    await pilot.press(key_for(pilot.app, action))
    await pilot.pause()


async def answer_all(
    pilot, digit: str = "1", safety_digit: str = NO_CONCERN, limit: int = 200
) -> None:
    """From wherever the flow is, answer with `digit` and Enter until the results show."""
    app = pilot.app
    for _ in range(limit):
        name = screen_name(app)
        if name == "ResultsScreen":
            return
        screen = app.screen
        if name == "QuestionScreen":
            if screen.question.type != "text":
                await pilot.press(safety_digit if screen.run.is_safety else digit)
            await pilot.press("enter")
        else:
            await pilot.press("enter")
        await pilot.pause()
    raise AssertionError(f"never reached the results; stuck on {screen_name(app)}")


def fixture_app(**kwargs):
    app = build_app(quiz_path=FIXTURE, **kwargs)
    app.clock = lambda: FIXED
    return app


def time_limit(
    seconds: float,
) -> Callable[[Callable[..., Awaitable[Any]]], Callable[..., Awaitable[Any]]]:
    """Fail an async test that runs longer than `seconds`: hostile input must never hang the app."""

    def decorate(test: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(test)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            return await asyncio.wait_for(test(*args, **kwargs), seconds)

        return wrapper

    return decorate


def all_statics(app) -> str:
    """The words of every Static on the screen, shown or hidden."""
    return " ".join(str(w.render()) for w in app.screen.query("Static"))


def shown_statics(app) -> str:
    """The words of the Statics on show."""
    return " ".join(str(w.render()) for w in app.screen.query("Static") if w.display)
