"""The app as the snapshot and contrast tests see it: the fixture quiz, a stopped clock,
and the test's own safety card and lines, so a change in the built-in content never shows."""

from __future__ import annotations

from datetime import date

from readiness.app import build_app
from readiness.app.services import SafetyInfo
from readiness.core.safety import Card, Resource
from support.pilot import FIXED, FIXTURE

SAFETY = SafetyInfo(
    quiz=None,
    safety_card=Card(
        "Your safety comes first",
        "Some of what you shared suggests that home may not always feel safe. "
        "That is not your fault.",
    ),
    crisis_card=Card(
        "You deserve support right now", "Please reach out to one of the lines below."
    ),
    lines=[
        Resource(
            "National Domestic Violence Hotline",
            "Call 1-800-799-7233, or text START to 88788",
            "US",
            "https://www.thehotline.org",
            date(2026, 11, 22),
            "abuse",
        ),
        Resource(
            "Find A Helpline",
            "Free, confidential helplines by country",
            "INTL",
            "https://findahelpline.com",
            date(2026, 11, 22),
            "directory",
        ),
    ],
)


def make_app(**kwargs):
    app = build_app(quiz_path=FIXTURE, **kwargs)
    app.clock = lambda: FIXED
    app._safety_info = SAFETY  # no safety questions unless a test asks; fixed cards and lines
    return app
