"""The starter quiz `readiness new` writes: small, valid, and commented.

It shows one of each thing an author needs first (a scale, a choice, a multi
and a text question, one dimension with bands, a flag, a `show_if`, and two
next steps, one with `when` and `suppress`) and nothing more. A test loads it
with the loader and validates it against the JSON Schema.
"""

from __future__ import annotations

import json
import shlex

# Placeholders: @IDLINE@ (the id line), @TITLE@ (quoted), @FILE@ (a path, in comments only).
_TEMPLATE = """\
# yaml-language-server: $schema=quiz.schema.json
#
# A starter quiz written by `readiness new`. Change anything you like; then
#   check it:   readiness validate @FILE@
#   try it:     readiness take @FILE@ --answers answers.yaml --explain
# where answers.yaml holds one line per question, for example:
#   talk_openly: 4          # scale: the value of a point on the scale
#   weekly_time: some       # choice: one option id
#   worries: [cost]         # multi: a list of option ids ([] means none of these)
#   hopes: Feeling heard    # text: any words (text questions are optional)
# Keep answers files out of your quiz folder: every .yaml file there is read as a quiz.
# The authoring guide explains every key and every error message: run `readiness guide`.

format: 1                 # the format version; always 1 for now
@IDLINE@# what `readiness take` and answer files use; keep it unique
version: 1                # raise it when you change questions: saved results record it
title: @TITLE@
summary: A short check-in on how ready you feel to look for support. Replace this with one or two sentences for the quiz list.
minutes: 2
intro: |
  A few questions about where you are right now. There are no right answers.

# Named answer scales that scale questions can share.
scales:
  agree5:
    - {value: 1, label: Strongly disagree}
    - {value: 2, label: Disagree}
    - {value: 3, label: Not sure}
    - {value: 4, label: Agree}
    - {value: 5, label: Strongly agree}

# What the quiz measures. Each dimension gets a score from 0 to 100 and the
# band it falls in: the first band whose max is at least the score.
dimensions:
  - id: readiness
    label: Your readiness
    about: How ready you feel to take a first step.
    bands:
      - {id: low,  max: 39,  label: Not yet}
      - {id: mid,  max: 69,  label: Getting there}
      - {id: high, max: 100, label: Ready}

# Named true/false expressions, usable as flag.NAME in `when`.
flags:
  short_on_time: "answer.weekly_time == 'none'"

questions:
  - id: talk_openly
    type: scale
    text: I would be willing to talk with someone about how things are going.
    scale: agree5
    scores: {readiness: 1}          # points = weight x the chosen value

  - id: weekly_time
    short: Time you could give      # used in results instead of the full text
    type: choice                    # exactly one option
    text: How much time could you give to this in a typical week?
    options:
      - {id: none, label: Hardly any,   scores: {readiness: 0}}
      - {id: some, label: An hour or so, scores: {readiness: 2}}
      - {id: lots, label: More than that, scores: {readiness: 3}}

  - id: worries
    type: multi                     # any number of options, or none
    text: Which of these hold you back?
    show_if: "answer.weekly_time != 'none'"   # asked only when this holds
    options:
      - {id: cost,   label: The cost,                    scores: {readiness: -1}}
      - {id: judged, label: Worrying about being judged, scores: {readiness: -1}}

  - id: hopes
    type: text                      # free words; never scored, optional by default
    text: What would you most like to change?

# What the results suggest. A step shows when its `when` holds (no `when`:
# always); higher priority comes first; a shown step hides the steps named
# in its `suppress`.
next_steps:
  - id: first-step
    title: Take one small first step this week
    body: |
      You seem ready. Pick **one** thing, such as finding the name of a
      counsellor, and do only that.
    when: "band.readiness == 'high' and not flag.short_on_time"
    priority: 10
    suppress: [gentle-start]

  - id: gentle-start
    title: Start by noticing
    body: |
      For now, notice when the subject comes up and how it feels. That is a
      step too.
"""


def _plain_or_quoted(text: str) -> str:
    """`text` as a YAML scalar that reads back as that same string (YAML 1.2)."""
    from readiness.core.yamlsafe import read_yaml

    try:
        if read_yaml(f"v: {text}\n", "<id>").data == {"v": text}:
            return text
    except Exception:  # noqa: BLE001 - anything odd gets quoted
        pass
    return json.dumps(text, ensure_ascii=False)


def starter_quiz(quiz_id: str, file_hint: str = "THIS_FILE.yaml") -> str:
    """The starter quiz text for `quiz_id` (which must already match the id pattern)."""
    id_line = f"id: {_plain_or_quoted(quiz_id)}".ljust(25) + " "
    words = quiz_id.replace("-", " ").strip()  # a first title: 'my-quiz' -> 'My quiz'
    safe_hint = shlex.quote("".join(ch for ch in file_hint if ch.isprintable()) or "THIS_FILE.yaml")
    return (
        _TEMPLATE.replace("@IDLINE@", id_line)
        .replace("@TITLE@", json.dumps(words[:1].upper() + words[1:], ensure_ascii=False))
        .replace("@FILE@", safe_hint)
    )
