"""The shipped safety check and the support lines chosen for the person's locale.

Safety comes first (content brief, section 8): before results, the app asks a
short private check whose flags `concern` and `crisis` decide whether results
lead with a safety card, leave out every step done together with the partner,
or put crisis lines first. This module is pure (no Textual, no writes) so the
app, the command line and the tests all see exactly the same data.

The resources live in `data/resources.yaml`, not in code, so that phone
numbers and card wording can be reviewed and re-checked without touching
Python. The file is validated on load: a wrong shipped file must fail loudly
in tests, never show a half-empty card to someone who needs it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from readiness.core.scoring import SafetyState
from readiness.locations import data_file

if TYPE_CHECKING:  # the loader pulls in pydantic: only when the check is asked
    from readiness.core.model import Quiz
    from readiness.core.scoring import Result

SAFETY_QUIZ_ID = "safety-check"
RESOURCES_FILE = "resources.yaml"

REGIONS = ("US", "UK", "INTL")
KINDS = ("crisis", "abuse", "directory")
# Locale variables in the order POSIX gives them precedence for messages.
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")
# Territory part of a locale name -> region of the shipped lines.
TERRITORY_REGIONS = {"US": "US", "GB": "UK", "UK": "UK"}

_LINE_KEYS = ("name", "contact", "region", "url", "last_checked", "kind")
_CARD_KEYS = ("title", "body")
_TOP_KEYS = ("lines", "safety_card", "crisis_card")


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
    """A titled Markdown message shown above results (safety card or crisis card)."""

    title: str
    body: str


@dataclass(frozen=True)
class Resources:
    """The lines for one region (plus the international fallback) and both cards."""

    lines: list[Resource]
    safety_card: Card
    crisis_card: Card


def safety_quiz_path() -> Path:
    """Where the shipped safety check lives (inside the package, never in the catalog)."""
    return data_file("safety-check.yaml")


@functools.cache
def load_safety_quiz() -> Quiz:
    """The safety check as a Quiz. Cached: it is shipped data and never changes at run time."""
    from readiness.core.loader import load_quiz

    return load_quiz(safety_quiz_path())


def safety_from_result(result: Result) -> SafetyState:
    """Turn a scored safety check into the SafetyState every other quiz sees.

    A flag that is missing counts as false, so a malformed check can never
    raise here; the tests make sure the shipped check defines both flags.
    """
    flags = result.flags
    return SafetyState(
        concern=bool(flags.get("concern", False)), crisis=bool(flags.get("crisis", False))
    )


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


def parse_resources(data: Any, source: str = RESOURCES_FILE) -> tuple[list[Resource], Card, Card]:
    """Check the parsed YAML and build every line and both cards.

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
            checked = raw["last_checked"]
            lines.append(
                Resource(
                    name=raw["name"].strip(),
                    contact=raw["contact"].strip(),
                    region=raw["region"],
                    url=raw["url"].strip(),
                    last_checked=checked
                    if isinstance(checked, date)
                    else date.fromisoformat(checked),
                    kind=raw["kind"],
                )
            )
    if raw_lines and not any(
        line.get("region") == "INTL" for line in raw_lines if isinstance(line, dict)
    ):
        problems.append(
            f"{source}: 'lines' needs at least one INTL line, the fallback for every locale"
        )

    cards = {}
    for key in ("safety_card", "crisis_card"):
        raw = data.get(key)
        if not isinstance(raw, dict):
            problems.append(f"{source}: '{key}' must be a mapping with title and body")
            continue
        for field in raw:
            if field not in _CARD_KEYS:
                problems.append(f"{source}: {key}: unknown key {field!r}; allowed: title, body")
        for field in _CARD_KEYS:
            if not isinstance(raw.get(field), str) or not raw[field].strip():
                problems.append(f"{source}: {key}: '{field}' must be non-empty text")
        if not any(p.startswith(f"{source}: {key}:") for p in problems):
            cards[key] = Card(title=raw["title"].strip(), body=raw["body"].strip() + "\n")

    if problems:
        raise ResourcesFileError("\n".join(problems))
    return lines, cards["safety_card"], cards["crisis_card"]


def _line_problems(raw: dict[str, Any], where: str) -> list[str]:
    """Problems with one support line (an empty list when it is fine)."""
    problems = [
        f"{where}: unknown key {k!r}; allowed: {', '.join(_LINE_KEYS)}"
        for k in raw
        if k not in _LINE_KEYS
    ]
    for key in ("name", "contact", "url"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(f"{where}: '{key}' must be non-empty text")
    url = raw.get("url")
    if isinstance(url, str) and url.strip() and not url.strip().startswith("https://"):
        problems.append(f"{where}: 'url' must start with https://")
    if raw.get("region") not in REGIONS:
        problems.append(
            f"{where}: 'region' must be one of {', '.join(REGIONS)}, not {raw.get('region')!r}"
        )
    if raw.get("kind") not in KINDS:
        problems.append(
            f"{where}: 'kind' must be one of {', '.join(KINDS)}, not {raw.get('kind')!r}"
        )
    checked = raw.get("last_checked")
    if isinstance(checked, str):
        try:
            date.fromisoformat(checked)
        except ValueError:
            problems.append(
                f"{where}: 'last_checked' must be an ISO date like 2026-11-22, not {checked!r}"
            )
    elif not isinstance(checked, date):
        problems.append(f"{where}: 'last_checked' must be an ISO date like 2026-11-22")
    return problems


@functools.cache
def _shipped_resources() -> tuple[list[Resource], Card, Card]:
    """The shipped file, parsed and checked once per process."""
    path = data_file(RESOURCES_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
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
    """The support lines for the person's locale (with the international fallback) and both cards."""
    lines, safety_card, crisis_card = _shipped_resources()
    return Resources(select_lines(lines, region_for_locale(environ)), safety_card, crisis_card)
