"""The safety cards and support lines on the results page.

Shown first when the safety check raised anything (the cards, the lines, the
person's own support steps), or closing the page quietly when nothing was
raised, so any step can point to "the lines below". Never saved.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from readiness.app import services
from readiness.app.base import markdown, plain
from readiness.app.result_view import step_block


def resources_of(info: services.SafetyInfo) -> Any:
    """The resources for the cards, built from what the app loaded (tests may give only lines)."""
    from readiness.core.resources import Card, Resources

    loaded = getattr(info, "resources", None)
    return Resources(
        lines=list(info.lines),
        safety_card=info.safety_card,
        crisis_card=info.crisis_card,
        unsure_card=loaded.unsure_card if loaded is not None else info.safety_card,
        tech_safety=loaded.tech_safety if loaded is not None else Card("", ""),
        emergency=loaded.emergency if loaded is not None else None,
    )


def cards(info: services.SafetyInfo, safety: Any) -> ComposeResult:
    """The cards for what the check raised, each with its lines (listed once), then the person's own steps."""
    from readiness.core.resources import card_plan
    from readiness.core.safety import support_steps

    resources = resources_of(info)
    plans = card_plan(safety, resources)
    for number, plan in enumerate(plans):
        with Vertical(classes=f"card {plan.kind}"):
            yield Static(plain(plan.card.title), classes="card-title")
            if plan.card.lead:
                yield Static(plain(plan.card.lead), classes="card-lead")
            if not plan.lines and number:
                # each line is listed once: the ones under the first card serve this one too
                many = len(plans[0].lines) != 1
                yield Static(
                    f"The {'lines' if many else 'line'} in the box above can help with this too.",
                    classes="lines-above",
                )
            for line in plan.lines:
                yield from _line(line)
            if number == 0 and resources.emergency is not None:
                yield Static(f"[b]{plain(resources.emergency.say)}[/b]", classes="emergency")
            yield markdown(plan.card.body, classes="card-body")
    if resources.tech_safety.title:
        with Vertical(classes="card tech"):
            yield Static(plain(resources.tech_safety.title), classes="card-title")
            yield markdown(resources.tech_safety.body, classes="card-body")
    try:
        own = support_steps(safety)
    except Exception:  # the shipped check could not be read: the cards above still stand
        own = []
    if own:
        yield Static("For you, from the safety check", classes="heading")
        for step in own:
            yield from step_block(None, step)


def quiet_support(info: services.SafetyInfo) -> ComposeResult:
    """Nothing raised: the support lines still close the page, so any step can point to them."""
    from readiness.core.safety import support_steps

    resources = resources_of(info)
    try:
        own = support_steps(services.SafetyState())
    except Exception:
        own = []
    with Vertical(id="support", classes="card quiet"):
        for step in own:
            yield Static(plain(step.title), classes="card-title")
            yield markdown(step.body, classes="card-body")
        for line in resources.lines:
            yield from _line(line)
        if resources.emergency is not None:
            yield Static(plain(resources.emergency.say), classes="emergency")


def _line(line: Any) -> ComposeResult:
    """One support line: its name and region, how to reach it, and when its details were checked."""
    name = plain(str(getattr(line, "name", "")))
    region = str(getattr(line, "region", "") or "")
    region = "anywhere" if region.upper() == "INTL" else region
    contact = plain(str(getattr(line, "contact", "")))
    url = str(getattr(line, "url", "") or "")
    checked = getattr(line, "last_checked", "")
    where = f" [dim]({plain(region)})[/dim]" if region else ""
    with Vertical(classes="resource"):
        yield Static(f"• [b]{name}[/b]{where}", classes="resource-name")
        yield Static(contact, classes="resource-detail")
        extra = [plain(url)] if url else []
        if checked:
            extra.append(f"details checked {plain(str(checked))}")
        if extra:
            yield Static(" · ".join(extra), classes="resource-detail muted")
