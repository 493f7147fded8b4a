"""A quiz file's data into the Structs of `model.py`, or every shape problem in an author's words.

A valid file is converted by msgspec in one call. When msgspec refuses, it names
only the first problem it met, so the data is walked against the same Structs
(read through `msgspec.inspect`, so the Structs stay the one statement of the
format) to name every problem at its place; then the entries that are well
formed are converted one by one, and the malformed ones stand in as inert
entries, so the cross-field rules still check the rest: one bad question never
hides another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args

import msgspec
from msgspec import inspect as mi

from readiness.core import model as m
from readiness.core.problems import Problem, closest, did_you_mean
from readiness.core.yamlsafe import Document, Path_

# A shape problem before it is worded: where, what kind, the value found, details.
Error = dict[str, Any]

_SECTIONS = {"dimensions": m.Dimension, "questions": m.Question, "next_steps": m.NextStep}
# Literal values in the order the model declares them (msgspec sorts them), for messages.
_DECLARED = {frozenset(get_args(t)): get_args(t) for t in (m.QuestionType, m.HigherIs)}


def convert(doc: Document) -> tuple[m.Quiz, list[Problem], set[Path_]]:
    """The quiz, the shape problems (none for a valid file) and the entries that are
    malformed (stand-ins in the quiz, not to be checked further)."""
    try:
        return msgspec.convert(doc.data, m.Quiz, strict=True), [], set()
    except msgspec.ValidationError as exc:
        errors = shape_errors(doc.data)
        misspelt = _misspelt_sections(doc, errors)
        if misspelt:  # one message for a misspelt key, not one more for every part that needs it
            _read_as_meant(doc, misspelt)
            errors = [
                _error((wrong,), "misspelt", None, meant=right) for wrong, right in misspelt.items()
            ]
            errors += shape_errors(doc.data)
        if not errors:  # the walk missed what msgspec saw: its words, at its place
            errors = [_msgspec_error(exc)]
    stand_in, broken = _stand_in(doc.data, errors)
    return stand_in, translate(doc, errors), broken


def _misspelt_sections(doc: Document, errors: list[Error]) -> dict[str, str]:
    """Top-level keys that are misspellings of a key the file lacks (`quesitons:` for
    `questions:`), each with the key meant."""
    fields = list(m.Quiz.__struct_fields__)
    meant: dict[str, str] = {}
    for err in errors:
        loc = err["loc"]
        if err["type"] != "extra_forbidden" or len(loc) != 1 or not isinstance(loc[0], str):
            continue
        right = closest(loc[0], fields)
        if right is not None and right not in doc.data and right not in meant.values():
            meant[loc[0]] = right
    return meant


def _read_as_meant(doc: Document, meant: dict[str, str]) -> None:
    """Read the misspelt top-level keys as the keys meant, so that the rest of the file is
    checked as written (its questions, and every expression that names them) instead of
    drawing an error for each thing that a missing `questions:` leaves without a home.
    Places under the misspelt key are noted under the meant one too; the misspelt key
    keeps its own place for its message."""
    spans, key_spans = doc.spans, doc.key_spans  # noted now, while the data is still as read
    doc.data = {meant.get(key, key): value for key, value in doc.data.items()}
    for table in (spans, key_spans):
        for where in [w for w in table if w and w[0] in meant]:
            table[(meant[str(where[0])], *where[1:])] = table[where]


def shape_errors(data: Any) -> list[Error]:
    """Every shape problem of a quiz file's data, in the order of the Structs' fields."""
    return list(_walk(data, mi.type_info(m.Quiz), ()))


def _error(loc: tuple[Any, ...], kind: str, value: Any, **ctx: Any) -> Error:
    return {"loc": loc, "type": kind, "input": value, "ctx": ctx}


def _walk(value: Any, info: Any, loc: tuple[Any, ...]) -> Iterator[Error]:  # noqa: C901 - one case per kind of type
    """The shape problems of `value` as the type `info` (from msgspec.inspect) sees it."""
    while isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.StructType):
        if type(value) is not dict:
            yield _error(loc, "model_type", value)
            return
        names = set()
        for f in info.fields:
            names.add(f.name)
            if f.name in value:
                yield from _walk(value[f.name], f.type, (*loc, f.name))
            elif f.required:
                yield _error((*loc, f.name), "missing", value)
        for key in value:
            if key not in names:
                yield _error((*loc, key), "extra_forbidden", value[key])
    elif isinstance(info, mi.UnionType):
        kinds = [t for t in info.types if not isinstance(t, mi.NoneType)]
        if value is None and len(kinds) < len(info.types):
            return
        if len(kinds) == 1:
            yield from _walk(value, kinds[0], loc)
        elif type(value) not in (int, float):  # the one other union: a number
            yield _error((*loc, "int"), "int_type", value)
            yield _error((*loc, "float"), "float_type", value)
    elif isinstance(info, mi.StrType):
        if type(value) is not str:
            yield _error(loc, "string_type", value)
        elif info.min_length is not None and len(value) < info.min_length:
            yield _error(loc, "string_too_short", value, min_length=info.min_length)
        elif info.pattern is not None and not re.search(info.pattern, value):
            yield _error(loc, "string_pattern_mismatch", value, pattern=info.pattern)
    elif isinstance(info, mi.IntType):
        if type(value) is not int:
            yield _error(loc, "int_type", value)
        elif info.ge is not None and value < info.ge:
            yield _error(loc, "greater_than_equal", value, ge=info.ge)
        elif info.le is not None and value > info.le:
            yield _error(loc, "less_than_equal", value, le=info.le)
    elif isinstance(info, mi.FloatType):
        if type(value) not in (int, float):
            yield _error(loc, "float_type", value)
    elif isinstance(info, mi.BoolType):
        if type(value) is not bool:
            yield _error(loc, "bool_type", value)
    elif isinstance(info, mi.LiteralType):
        if not any(type(value) is type(v) and value == v for v in info.values):
            yield _error(loc, "literal_error", value, expected=_expected(info.values))
    elif isinstance(info, mi.ListType):
        if type(value) is not list:
            yield _error(loc, "list_type", value)
            return
        for index, item in enumerate(value):
            yield from _walk(item, info.item_type, (*loc, index))
        if info.min_length is not None and len(value) < info.min_length:
            yield _error(loc, "too_short", value)
    elif isinstance(info, mi.DictType):
        if type(value) is not dict:
            yield _error(loc, "dict_type", value)
            return
        for key, item in value.items():
            yield from _walk(key, info.key_type, (*loc, key, "[key]"))
            yield from _walk(item, info.value_type, (*loc, key))


def _expected(values: tuple[Any, ...]) -> str:
    ordered = _DECLARED.get(frozenset(values), values)
    shown = [repr(v) for v in ordered]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def _msgspec_error(exc: msgspec.ValidationError) -> Error:
    """msgspec's own message ('Expected `int`, got `str` - at `$.questions[0].id`') as an Error."""
    message, _, where = str(exc).partition(" - at `$")
    loc: list[Any] = []
    for name, index in re.findall(r"\.([^.\[`]+)|\[(\d+)\]", where.rstrip("`")):
        loc.append(int(index) if index else name)
    return _error(tuple(loc), "msgspec", None, message=message)


# --- a best-effort quiz when some entries are malformed ---------------------------------------------


def _raw_id(item: Any) -> str:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else ""


def _raw_strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _entry(item: Any, cls: type[Any]) -> Any:
    try:
        return msgspec.convert(item, cls, strict=True)
    except msgspec.ValidationError:
        return None


def _inert(section: str, raw: Any) -> Any:
    """A malformed entry as the rules may still see it: its id (and a step's tags), nothing else."""
    raw = raw if isinstance(raw, dict) else {}
    if section == "dimensions":
        bands = [
            m.Band(id=_raw_id(b), max=100, label="")
            for b in raw.get("bands") or []
            if isinstance(b, dict)
        ]
        return m.Dimension(id=_raw_id(raw), label="", bands=bands)
    if section == "questions":
        return m.Question(id=_raw_id(raw), type="text", text="")
    return m.NextStep(id=_raw_id(raw), title="", body="", tags=_raw_strings(raw.get("tags")))


def _stand_in(data: dict[str, Any], errors: list[Error]) -> tuple[m.Quiz, set[Path_]]:
    """A Quiz built from the entries that are well formed; malformed ones become inert
    stand-ins (their ids still known, nothing else checked) listed in `broken`."""
    bad = {tuple(err["loc"][:2]) for err in errors if len(err["loc"]) >= 2}
    broken: set[Path_] = set()
    fields: dict[str, Any] = {}
    for section, cls in _SECTIONS.items():
        items = data.get(section)
        built: list[Any] = []
        for index, item in enumerate(items if isinstance(items, list) else []):
            entry = None if (section, index) in bad else _entry(item, cls)
            if entry is None:
                broken.add((section, index))
                entry = _inert(section, item)
            built.append(entry)
        fields[section] = built
    scales = data.get("scales")
    fields["scales"] = {}
    for name, points in scales.items() if isinstance(scales, dict) else ():
        converted = None if ("scales", name) in bad else _entry(points, list[m.ScalePoint])
        if converted is None:
            broken.add(("scales", name))
        fields["scales"][str(name)] = converted or []
    flags = data.get("flags")
    fields["flags"] = {}
    for name, source in flags.items() if isinstance(flags, dict) else ():
        if ("flags", name) in bad or not isinstance(source, str):
            broken.add(("flags", name))
        fields["flags"][str(name)] = source if isinstance(source, str) else "false"
    return m.Quiz(format=1, id="", title="", summary="", **fields), broken


# --- shape problems, in an author's words -----------------------------------------------------------


def kind_of(value: Any) -> str:
    """A value as an author would name it in a message."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _existing(doc: Document, loc: tuple[Any, ...]) -> tuple[Path_, bool]:
    """The longest prefix of `loc` that exists in the data, and whether all of it did."""
    node: Any = doc.data
    found: list[str | int] = []
    for part in loc:
        in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_mapping or in_list):
            return tuple(found), False
        node = node[part]
        found.append(part)
    return tuple(found), True


_KEYS_AT: dict[tuple[str, ...], type[Any]] = {
    (): m.Quiz,
    ("scales",): m.ScalePoint,
    ("dimensions",): m.Dimension,
    ("dimensions", "bands"): m.Band,
    ("questions",): m.Question,
    ("questions", "options"): m.Option,
    ("next_steps",): m.NextStep,
}
_NESTED = {part for where in _KEYS_AT for part in where}  # the keys that lead to these


def _model_keys(loc: Path_) -> list[str]:
    """Field names allowed at a mapping location, for 'did you mean'."""
    key = tuple(part for part in loc if part in _NESTED)
    cls = _KEYS_AT.get(key[:1] if key[:1] == ("scales",) else key)
    return list(cls.__struct_fields__) if cls else []


def _cut_by_comma(doc: Document, where: Path_) -> tuple[str, str, list[Path_], str] | None:
    """When the key at `where` is a word that a comma cut from the unquoted text before it,
    inside a `{...}` (`{id: a, label: Phones, screens, scores: ...}` reads `screens` as a
    key with no value): the key whose text was cut, what it got, every word cut from it
    (as keys), and the text as the author meant it. Else None."""
    parent: Any = doc.data
    for part in where[:-1]:  # (all of `where` is in the data: see `_existing`)
        parent = parent[part]
    if not isinstance(parent, dict):
        return None
    keys = list(parent)
    lines = doc.text.split("\n")

    def bare_word(key: Any) -> bool:
        """A key with no value and no colon after it, just after a comma."""
        if parent[key] is not None or not isinstance(key, str):
            return False
        span = doc.key_span((*where[:-1], key))
        line = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
        before, after = line[: span.col - 1].rstrip(), line[span.col - 1 + len(key) :].lstrip()
        return (
            line[span.col - 1 : span.col - 1 + len(key)] == key
            and before.endswith(",")
            and not after.startswith(":")
        )

    index = keys.index(where[-1]) if where[-1] in keys else -1
    if index < 1 or not bare_word(keys[index]):
        return None
    first = index
    while first > 0 and bare_word(keys[first - 1]):
        first -= 1
    text_key = keys[first - 1] if first > 0 else None
    if not isinstance(text_key, str) or not isinstance(parent[text_key], str):
        return None
    text_span = doc.span((*where[:-1], text_key))
    last = first
    while last + 1 < len(keys) and bare_word(keys[last + 1]):
        last += 1
    last_span = doc.key_span((*where[:-1], keys[last]))
    if text_span.style or text_span.line != last_span.line:
        return None
    line = lines[text_span.line - 1]
    whole = line[text_span.col - 1 : last_span.col - 1 + len(keys[last])]
    return (
        text_key,
        parent[text_key],
        [(*where[:-1], keys[i]) for i in range(first, last + 1)],
        whole,
    )


_PATTERN_HELP = {
    r"^[a-z0-9][a-z0-9-]*$": "use lowercase letters, digits and '-', starting with a letter or digit (like 'trial-session')",
    r"^[a-z][a-z0-9_]*$": "use lowercase letters, digits and '_', starting with a letter (like 'own_readiness')",
}


def translate(doc: Document, errors: list[Error]) -> list[Problem]:  # noqa: C901 - one case per kind
    """Shape problems as located messages."""
    problems: list[Problem] = []
    numbers: set[Path_] = set()  # places where a number was refused
    missing = {tuple(err["loc"]) for err in errors if err["type"] == "missing"}
    folded: set[tuple[Any, ...]] = set()  # "missing" errors said by a misspelt key's message
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden" and isinstance(loc[-1], str):
            right = closest(loc[-1], _model_keys(_existing(doc, loc)[0][:-1]))
            if right is not None and (*loc[:-1], right) in missing:
                folded.add((*loc[:-1], right))
    cut_words: set[Path_] = set()  # words a comma cut from a text, said once at the first
    for err in errors:
        loc = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        if kind == "misspelt":
            right = err["ctx"]["meant"]
            msg = (
                f"unknown key '{loc[0]}' (did you mean '{right}'?); the rest of the file was checked "
                f"as if it said '{right}'"
            )
            problems.append(doc.problem(loc, msg, at_key=True))
            continue
        if loc in folded:
            continue
        if "[key]" in loc:
            where = loc[: loc.index("[key]")]
            pattern = (err.get("ctx") or {}).get("pattern", "")
            msg = f"the name '{value}' is not allowed: {_PATTERN_HELP.get(pattern, 'check its spelling')}"
            problems.append(doc.problem(where, msg, at_key=True))
            continue
        where, complete = _existing(doc, loc)
        field = str(loc[-1]) if loc else "file"
        if kind == "missing":
            msg = f"missing required key '{field}'"
            if where == () or isinstance(loc[-2] if len(loc) > 1 else None, int):
                msg += f" in this {'file' if where == () else 'entry'}"
            problems.append(doc.problem(where, msg))
            continue
        if kind == "extra_forbidden":
            if where in cut_words:
                continue
            cut = _cut_by_comma(doc, where)
            if cut is not None:
                text_key, got, words, whole = cut
                cut_words.update(words)
                msg = (
                    f"a comma inside {{...}} ends a text: '{text_key}' got only '{got}' and "
                    f"'{field}' was read as a key; put the whole text in quotes ({text_key}: \"{whole}\")"
                )
                problems.append(doc.problem(where, msg, at_key=True))
                continue
            allowed = _model_keys(where[:-1])
            right = closest(field, allowed)
            if right is not None and (*loc[:-1], right) in folded:
                msg = f"unknown key '{field}' (did you mean '{right}'?); without it this entry has no '{right}', which it needs"
                problems.append(doc.problem(where, msg, at_key=True))
                continue
            hint = did_you_mean(field, allowed) or (
                f"; allowed here: {', '.join(allowed)}" if allowed else ""
            )
            problems.append(doc.problem(where, f"unknown key '{field}'{hint}", at_key=True))
            continue
        if kind in {"int_type", "float_type"} and not complete:
            # A number (int or float) refused reports twice; say it once.
            if where in numbers:
                continue
            numbers.add(where)
            field = str(where[-1]) if where else field
            problems.append(doc.problem(where, f"'{field}' must be a number, not {kind_of(value)}"))
            continue
        problems.append(doc.problem(where, _message(field, kind, value, err)))
    return problems


def _message(field: str, kind: str, value: Any, err: Error) -> str:  # noqa: C901 - one wording per kind
    ctx = err.get("ctx") or {}
    name = f"'{field}'" if not field.isdigit() else "this entry"
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(value, (int, float, bool)) else ""
        return f"{name} must be text, not {kind_of(value)}{hint}"
    if kind == "int_type":
        return f"{name} must be a whole number, not {kind_of(value)}"
    if kind == "float_type":
        return f"{name} must be a number, not {kind_of(value)}"
    if kind == "bool_type":
        hint = (
            " (only true and false are booleans; yes/no/on/off are text)"
            if isinstance(value, str)
            else ""
        )
        return f"{name} must be true or false, not {kind_of(value)}{hint}"
    if kind == "list_type":
        return f"{name} must be a list (items starting with '- '), not {kind_of(value)}"
    if kind in {"dict_type", "model_type"}:
        return f"{name} must be a mapping of keys, not {kind_of(value)}"
    if kind == "literal_error":
        if field == "format":
            return f"'format' must be 1 (the only version so far), not {kind_of(value)}"
        return f"{name} must be one of {ctx.get('expected', '')}, not {kind_of(value)}"
    if kind == "string_pattern_mismatch":
        return f"the id '{value}' is not allowed: {_PATTERN_HELP.get(ctx.get('pattern', ''), 'check its spelling')}"
    if kind in {"too_short", "string_too_short"}:
        return f"{name} must not be empty"
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = {"greater_than_equal": "at least", "less_than_equal": "at most"}[kind]
        limit = next(iter(ctx.values()), "")
        return f"{name} must be {bound} {limit}, not {kind_of(value)}"
    return f"{name}: {ctx.get('message', 'invalid value')}"
