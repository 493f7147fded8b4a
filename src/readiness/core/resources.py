"""The support lines, emergency numbers and cards of `data/resources.yaml`, for the safety check.

They live in a data file, not in code, so phone numbers and card wording can
be reviewed and re-checked without touching Python. The file is validated on
load: a wrong shipped file must fail loudly in tests, never show a half-empty
card to someone who needs it. The lines shown are chosen by the person's
locale, and `card_plan` says which card each goes under for a safety state.
Pure: no Textual, no writes.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from readiness.core.safefile import read_text
from readiness.core.scored import SafetyState
from readiness.locations import data_file

RESOURCES_FILE = "resources.yaml"

REGIONS = ("US", "UK", "INTL")
KINDS = ("crisis", "abuse", "directory")
# Locale variables in the order POSIX gives them precedence for messages.
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")
# Territory part of a locale name -> region of the shipped lines.
TERRITORY_REGIONS = {"US": "US", "GB": "UK", "UK": "UK"}

_LINE_KEYS = ("name", "contact", "region", "url", "last_checked", "kind")
_EMERGENCY_KEYS = ("region", "number", "say", "last_checked")
_CARD_KEYS = ("title", "lead", "body")
CARD_NAMES = ("safety_card", "crisis_card", "unsure_card", "tech_safety")
_TOP_KEYS = ("lines", "emergency", *CARD_NAMES)


class ResourcesFileError(ValueError):
    """The resources file is malformed. Raised with every problem found, one per line."""


@dataclass(frozen=True)
class Resource:
    """One support line: what it is, how to reach it, and when its details were checked."""

    name: str
    contact: str
    region: str
    url: str
    last_checked: date
    kind: str


@dataclass(frozen=True)
class Card:
    """A titled message shown above results: a one-line lead (before the lines) and a
    Markdown body (after them), so the lines are on the first screen at 80x24."""

    title: str
    body: str
    lead: str = ""


@dataclass(frozen=True)
class Emergency:
    """The emergency number for one region, as a sentence, and when it was checked."""

    region: str
    number: str
    say: str
    last_checked: date


@dataclass(frozen=True)
class ResourceFile:
    """Everything in the resources file, checked."""

    lines: list[Resource]
    cards: dict[str, Card]
    emergency: dict[str, Emergency]


@dataclass(frozen=True)
class Resources:
    """The lines for one region (plus the international fallback), its emergency number and the cards."""

    lines: list[Resource]
    safety_card: Card
    crisis_card: Card
    unsure_card: Card = field(default_factory=lambda: Card("", ""))
    tech_safety: Card = field(default_factory=lambda: Card("", ""))
    emergency: Emergency | None = None


def region_for_locale(environ: Mapping[str, str] | None = None) -> str:
    """Return "US", "UK" or "INTL" from the first non-empty of LC_ALL, LC_MESSAGES, LANG.

    Only the territory matters (`en_US.UTF-8` and `es_US` are both US; `en_GB`
    and `cy_GB` are UK). "C", "POSIX", an unset locale or any other territory
    gives "INTL", which means the international directory alone: showing a
    country's numbers to someone elsewhere would be worse than showing none.
    """
    env = os.environ if environ is None else environ
    value = ""
    for var in LOCALE_VARS:
        value = (env.get(var) or "").strip()
        if value:
            break
    # language[_territory][.codeset][@modifier]
    base = value.split("@", 1)[0].split(".", 1)[0]
    if "_" not in base:
        return "INTL"
    territory = base.split("_", 1)[1].upper()
    return TERRITORY_REGIONS.get(territory, "INTL")


def parse_resources(data: Any, source: str = RESOURCES_FILE) -> ResourceFile:
    """Check the parsed YAML and build every line, every emergency number and every card.

    Every problem is collected and reported together, so one run of the tests
    shows everything that needs fixing in the file.
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ResourcesFileError(
            f"{source}: the top level must be a mapping with {', '.join(_TOP_KEYS)}"
        )
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(f"{source}: unknown key {key!r}; allowed: {', '.join(_TOP_KEYS)}")

    lines: list[Resource] = []
    raw_lines = data.get("lines")
    if not isinstance(raw_lines, list) or not raw_lines:
        problems.append(f"{source}: 'lines' must be a non-empty list")
        raw_lines = []
    for index, raw in enumerate(raw_lines):
        where = f"{source}: lines[{index}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        line_problems = _line_problems(raw, where)
        problems.extend(line_problems)
        if not line_problems:
            lines.append(
                Resource(
                    name=raw["name"].strip(),
                    contact=raw["contact"].strip(),
                    region=raw["region"],
                    url=raw["url"].strip(),
                    last_checked=_date(raw["last_checked"]),
                    kind=raw["kind"],
                )
            )
    if raw_lines and not any(
        line.get("region") == "INTL" for line in raw_lines if isinstance(line, dict)
    ):
        problems.append(
            f"{source}: 'lines' needs at least one INTL line, the fallback for every locale"
        )

    emergency = _emergency(data.get("emergency"), source, problems)

    cards: dict[str, Card] = {}
    for key in CARD_NAMES:
        raw = data.get(key)
        if not isinstance(raw, dict):
            problems.append(f"{source}: '{key}' must be a mapping with title and body")
            continue
        where = f"{source}: {key}"
        found = _unknown(raw, _CARD_KEYS, where) + _texts(raw, ("title", "body"), where)
        if "lead" in raw and not isinstance(raw["lead"], str):
            found.append(f"{where}: 'lead' must be text")
        problems.extend(found)
        if not found:
            lead = " ".join(str(raw.get("lead", "")).split())
            cards[key] = Card(
                title=raw["title"].strip(), body=raw["body"].strip() + "\n", lead=lead
            )

    if problems:
        raise ResourcesFileError("\n".join(problems))
    return ResourceFile(lines, cards, emergency)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _emergency(raw: Any, source: str, problems: list[str]) -> dict[str, Emergency]:
    """The emergency number of every region: each region once, and INTL always."""
    out: dict[str, Emergency] = {}
    if not isinstance(raw, list) or not raw:
        problems.append(f"{source}: 'emergency' must be a non-empty list, one entry per region")
        return out
    for index, item in enumerate(raw):
        where = f"{source}: emergency[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        found = _unknown(item, _EMERGENCY_KEYS, where) + _texts(item, ("number", "say"), where)
        if item.get("region") not in REGIONS:
            found += _one_of(item, "region", REGIONS, where)
        elif item["region"] in out:
            found.append(f"{where}: region {item['region']} is listed twice")
        found += _checked_problems(item.get("last_checked"), where)
        problems.extend(found)
        if not found:
            out[item["region"]] = Emergency(
                item["region"],
                item["number"].strip(),
                " ".join(item["say"].split()),
                _date(item["last_checked"]),
            )
    if "INTL" not in {item.get("region") for item in raw if isinstance(item, dict)}:
        problems.append(f"{source}: 'emergency' needs an INTL entry, the fallback for every locale")
    return out


def _checked_problems(checked: Any, where: str) -> list[str]:
    if isinstance(checked, str):
        try:
            date.fromisoformat(checked)
        except ValueError:
            return [f"{where}: 'last_checked' must be an ISO date like 2026-11-22, not {checked!r}"]
        return []
    if not isinstance(checked, date):
        return [f"{where}: 'last_checked' must be an ISO date like 2026-11-22"]
    return []


def _line_problems(raw: dict[str, Any], where: str) -> list[str]:
    """Problems with one support line (an empty list when it is fine)."""
    problems = _unknown(raw, _LINE_KEYS, where) + _texts(raw, ("name", "contact", "url"), where)
    url = raw.get("url")
    if isinstance(url, str) and url.strip() and not url.strip().startswith("https://"):
        problems.append(f"{where}: 'url' must start with https://")
    problems += _one_of(raw, "region", REGIONS, where) + _one_of(raw, "kind", KINDS, where)
    return problems + _checked_problems(raw.get("last_checked"), where)


def _unknown(raw: dict[str, Any], allowed: tuple[str, ...], where: str) -> list[str]:
    return [
        f"{where}: unknown key {k!r}; allowed: {', '.join(allowed)}"
        for k in raw
        if k not in allowed
    ]


def _texts(raw: dict[str, Any], keys: tuple[str, ...], where: str) -> list[str]:
    """A problem for each of `keys` that is not non-empty text."""
    return [
        f"{where}: '{key}' must be non-empty text"
        for key in keys
        if not isinstance(raw.get(key), str) or not raw[key].strip()
    ]


def _one_of(raw: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> list[str]:
    if raw.get(key) in allowed:
        return []
    return [f"{where}: '{key}' must be one of {', '.join(allowed)}, not {raw.get(key)!r}"]


@functools.cache
def _shipped_resources() -> ResourceFile:
    """The shipped file, parsed and checked once per process."""
    path = data_file(RESOURCES_FILE)
    try:
        data = yaml.safe_load(read_text(path, 1 << 20))  # never a FIFO (core/safefile.py)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ResourcesFileError(f"{path}: cannot be read: {exc}") from exc
    return parse_resources(data, str(path))


def select_lines(lines: list[Resource], region: str) -> list[Resource]:
    """Lines for `region` plus every INTL line, crisis lines first, then abuse, then directories.

    Within a kind the person's own region comes before the international
    fallback, and file order is kept otherwise.
    """
    chosen = [line for line in lines if line.region in (region, "INTL")]
    return sorted(chosen, key=lambda line: (KINDS.index(line.kind), line.region == "INTL"))


def load_resources(environ: Mapping[str, str] | None = None) -> Resources:
    """The support lines and emergency number for the person's locale (with the
    international fallback), and every card."""
    shipped = _shipped_resources()
    region = region_for_locale(environ)
    cards = shipped.cards
    return Resources(
        select_lines(shipped.lines, region),
        cards["safety_card"],
        cards["crisis_card"],
        cards["unsure_card"],
        cards["tech_safety"],
        shipped.emergency.get(region) or shipped.emergency.get("INTL"),
    )


@dataclass(frozen=True)
class CardPlan:
    """One card as the results show it: which card, and the lines listed under it."""

    kind: str  # "crisis", "safety" or "unsure"
    card: Card
    lines: list[Resource]


def card_plan(state: SafetyState, resources: Resources) -> list[CardPlan]:
    """The cards for this state, crisis first, each support line listed once.

    Crisis lines go under the crisis card; abuse lines and directories under
    the safety (or unsure) card; a card left with no line of its own when
    both show points up to the first one (the screen says so). A crisis alone
    takes every line that is not an abuse line.
    """
    crisis_own = [ln for ln in resources.lines if ln.kind == "crisis"]
    abuse_own = [ln for ln in resources.lines if ln.kind == "abuse"]
    rest = [ln for ln in resources.lines if ln.kind not in ("crisis", "abuse")]
    if state.concern:
        kind, card = "safety", resources.safety_card
    elif state.unsure:
        kind, card = "unsure", resources.unsure_card
    else:
        crisis_only = [CardPlan("crisis", resources.crisis_card, crisis_own + rest)]
        return crisis_only if state.crisis else []
    if not state.crisis:
        return [CardPlan(kind, card, (crisis_own if state.unsure else []) + abuse_own + rest)]
    first, second = (crisis_own, abuse_own + rest) if crisis_own else (rest, abuse_own)
    return [CardPlan("crisis", resources.crisis_card, first), CardPlan(kind, card, second)]
