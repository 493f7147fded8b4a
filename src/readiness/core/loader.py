"""A quiz file in, a validated Quiz out, or every problem with its place.

The loader is the only way quizzes enter the program, so this is where an
author's mistakes become messages: `PATH:LINE:COL: error: what to do`. It never
raises anything but QuizFileError.

`check_quiz` answers only "is this file a valid quiz, and what are its facts?"
(for `validate` and `list`) without importing pydantic when it can: the pydantic
models stay the one statement of the format, and their JSON Schema (the checked-in
quizzes/quiz.schema.json, identical to `readiness schema` by test) says which
shapes are certainly valid. Anything else, every shape problem included, goes
through the models, so every message is the models' own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from readiness.core import expressions as ex
from readiness.core.problems import TYPE_CHECKING, Problem, QuizFileError, did_you_mean
from readiness.core.quizapi import QuestionAPI, QuizAPI
from readiness.core.safefile import open_regular
from readiness.core.yamlsafe import MAX_BYTES, Document, Path_, read_yaml

if TYPE_CHECKING:  # pydantic is imported only when a Quiz is built (about 100 ms)
    from typing import Any

    from pydantic import ValidationError

    from readiness.core.model import Question, Quiz


def load_quiz(path: str | Path) -> Quiz:
    """Read and validate one quiz file."""
    return load_quiz_text(_read(path), str(path))


def check_quiz(path: str | Path) -> Any:
    """Validate one quiz file exactly as `load_quiz` does (same problems, same
    QuizFileError) but return only its validated content as plain attributes
    (`.id`, `.title`, `.questions`, ...), built without pydantic when the schema
    vouches for its shape. For listing and checking files, not for taking them."""
    return _load_text(_read(path), str(path), facts_only=True)


def quiz_warnings(quiz: Any) -> list[Problem]:
    """What `validate` warns about in a quiz that loaded: conditions that can never hold
    (a band ordered with '<', a score compared with text, a value off the scale, ...)."""
    compiled = getattr(quiz, "_compiled", None) or {}
    return list(compiled.get("warnings", ()))


def _read(path: str | Path) -> bytes:
    shown = str(path)
    try:
        with open(open_regular(path), "rb") as handle:  # never waits on a FIFO or a device
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                raise QuizFileError([Problem(shown, 1, 1, f"the file is {size:,} bytes; the limit is 1 MiB (1,048,576 bytes)")])
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise QuizFileError([Problem(shown, 1, 1, "this is a folder, not a quiz file")]) from None
    except FileNotFoundError:
        raise QuizFileError([Problem(shown, 1, 1, "no such file")]) from None
    except OSError as exc:
        raise QuizFileError([Problem(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")]) from None
    return raw


def load_quiz_text(raw: str | bytes, path: str = "<string>") -> Quiz:
    """Validate quiz text; `path` is only used in messages."""
    return _load_text(raw, path, facts_only=False)


def _load_text(raw: str | bytes, path: str, *, facts_only: bool, light: bool = True) -> Any:
    """The file as facts (`facts_only`), or as a quiz to take: a LightQuiz when the
    schema vouches for it (and `light`), else the pydantic Quiz."""
    try:
        doc = read_yaml(raw, path, places=False)  # places are read when a problem needs one
        facts = _facts_without_pydantic(doc, build=not facts_only) if light or facts_only else None
        if facts is not None and facts_only:
            return facts
        import hashlib  # only a quiz to take carries its digest

        data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
        digest = hashlib.sha256(data).hexdigest()
        if facts is not None:  # a LightQuiz: the schema vouched for it, the checks passed
            facts._source = doc.path
            facts._sha256 = digest
            return facts
        return _build(doc, digest)
    except QuizFileError:
        raise
    except RecursionError:
        raise QuizFileError([Problem(path, 1, 1, "the file is nested too deeply to read; flatten it")]) from None
    except Exception as exc:  # noqa: BLE001 - the contract: never a traceback for any file
        raise QuizFileError([Problem(path, 1, 1, f"could not read this quiz ({type(exc).__name__}: {exc})")]) from None


def _build(doc: Document, digest: str) -> Quiz:
    from pydantic import ValidationError

    from readiness.core.model import Quiz

    if doc.data is None:
        raise QuizFileError([doc.problem((), "the file is empty; a quiz starts with 'format: 1'")])
    if not isinstance(doc.data, dict):
        raise QuizFileError([doc.problem((), f"the top level must be a mapping of keys (format, id, title, ...), not {_kind(doc.data)}")])
    try:
        quiz = Quiz.model_validate(doc.data, strict=True)
    except ValidationError as exc:
        # Report the shape problems and, in the same run, the cross-field ones
        # of every entry whose own shape is fine.
        problems = _translate(doc, exc)
        stand_in, broken = _stand_in(doc.data, exc)
        raise QuizFileError(problems + _Checker(doc, stand_in, broken).run()) from None
    problems = _Checker(doc, quiz).run()
    if problems:
        raise QuizFileError(problems)
    quiz._source = doc.path
    quiz._sha256 = digest
    return quiz


# --- facts without pydantic: the models' JSON Schema vouches for the shape -------------------------

SCHEMA_FILE = "quiz.schema.json"
SCHEMA_TITLE = "readiness quiz, format 1"
# The schema words `_fits` understands. A schema with any other word (a model
# grew a constraint this reader does not know) is never trusted: pydantic decides.
_KNOWN_WORDS = frozenset((
    "$schema", "$ref", "definitions", "title", "description", "default", "type", "properties",
    "required", "additionalProperties", "patternProperties", "items", "minItems", "minLength",
    "pattern", "minimum", "maximum", "const", "enum", "anyOf",
))
_schema_cache: list[Any] = []
_converter_cache: list[Any] = []


class _Unsure(Exception):
    """The schema says something `_fits` does not understand: let pydantic decide."""


class QuizFacts:
    """Validated content as plain attributes, with the models' defaults filled in."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"


class LightQuiz(QuizFacts, QuizAPI):
    """A quiz the models' schema vouched for, built without pydantic: same fields
    (defaults filled in), same behaviour (QuizAPI), for taking as well as listing."""

    _source = "<string>"
    _sha256 = ""


class LightQuestion(QuizFacts, QuestionAPI):
    """A question of a LightQuiz (label, is_required, option as on the model)."""


# Which light class stands for which model, by the title pydantic gives its schema.
_LIGHT_CLASSES: dict[str, type[QuizFacts]] = {"Question": LightQuestion}


def _schema() -> dict[str, Any] | None:
    """The models' JSON Schema as shipped with the built-in quizzes, or None if it is
    missing, unreadable or not ours (then every file goes through pydantic)."""
    if not _schema_cache:
        import json

        from readiness import locations

        try:
            with open(locations.builtin_quiz_dir() / SCHEMA_FILE, encoding="utf-8") as handle:
                schema = json.load(handle)
            ok = isinstance(schema, dict) and schema.get("title") == SCHEMA_TITLE and _all_known(schema)
        except (OSError, ValueError):
            schema, ok = None, False
        _schema_cache.append(schema if ok else None)
    return _schema_cache[0]


def _all_known(node: Any) -> bool:
    if isinstance(node, list):
        return all(_all_known(n) for n in node)
    if not isinstance(node, dict):
        return True
    for key, value in node.items():
        if key not in _KNOWN_WORDS:
            return False
        inner = value.values() if key in {"properties", "patternProperties", "definitions"} and isinstance(value, dict) else [value]
        if key not in {"default", "const", "enum", "required", "title", "description"} and not all(_all_known(v) for v in inner):
            return False
    return True


def _facts_without_pydantic(doc: Document, *, build: bool = False) -> QuizFacts | None:
    """The file's content and cross-field problems when the schema shows its shape is
    valid; None (so pydantic decides, and words every shape problem) otherwise.

    With `build`, its expressions are compiled for evaluation too, so the result
    (a LightQuiz) can be taken like a Quiz."""
    convert = _converter()
    if convert is None or not isinstance(doc.data, dict):
        return None
    try:
        facts = convert(doc.data)
    except _NoFit:
        return None
    problems = _Checker(doc, facts, build=build).run()  # type: ignore[arg-type]
    if problems:
        raise QuizFileError(problems)
    return facts


def _converter() -> Callable[[Any], Any] | None:
    """The schema compiled once into one function: value -> facts, or _NoFit."""
    if not _converter_cache:
        schema = _schema()
        convert = None
        if schema is not None:
            try:
                convert = _compile(schema, schema.get("definitions", {}), {})
            except (_Unsure, KeyError, TypeError, ValueError):
                convert = None
        _converter_cache.append(convert)
    return _converter_cache[0]


class _NoFit(Exception):
    """This value may not pass the models: let pydantic judge the file."""


def _no_fit() -> Any:
    raise _NoFit


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
        raise _Unsure(ref)
    return defs[ref[len("#/definitions/"):]]


def _compile(node: dict[str, Any], defs: dict[str, Any], done: dict[int, Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """A function that returns `value` as the models would hold it (models as QuizFacts
    with their defaults filled in, lists and mappings copied) when the models certainly
    accept it (strict mode), and raises _NoFit otherwise.

    Stricter than pydantic wherever they could differ (exact types, whole-string
    patterns), never looser: a _NoFit only costs the import of pydantic.
    """
    import re

    node = _resolve(node, defs)
    if id(node) in done:
        return done[id(node)]
    if "anyOf" in node:
        options = [_compile(option, defs, done) for option in node["anyOf"]]

        def any_of(value: Any) -> Any:
            for option in options:
                try:
                    return option(value)
                except _NoFit:
                    continue
            raise _NoFit

        return any_of
    kind = node.get("type")
    const_ok: Callable[[Any], bool] = lambda value: True  # noqa: E731
    if "const" in node or "enum" in node:
        allowed = [node["const"]] if "const" in node else list(node["enum"])
        const_ok = lambda value: any(type(value) is type(a) and value == a for a in allowed)  # noqa: E731
    if kind == "string":
        least = node.get("minLength", 0)
        match = re.compile(node["pattern"]).fullmatch if "pattern" in node else None

        def string(value: Any) -> Any:
            if type(value) is str and len(value) >= least and (match is None or match(value)) and const_ok(value):
                return value
            raise _NoFit

        return string
    if kind == "integer":
        low, high = node.get("minimum"), node.get("maximum")

        def integer(value: Any) -> Any:
            if type(value) is int and (low is None or value >= low) and (high is None or value <= high) and const_ok(value):
                return value
            raise _NoFit

        return integer
    if {"const", "enum", "minimum", "maximum"} & node.keys():
        raise _Unsure("constraint on a " + str(kind))
    if kind == "number":
        return lambda value: value if type(value) is float else _no_fit()
    if kind == "boolean":
        return lambda value: value if type(value) is bool else _no_fit()
    if kind == "null":
        return lambda value: None if value is None else _no_fit()
    if kind == "array":
        least = node.get("minItems", 0)
        item = _compile(node["items"], defs, done) if "items" in node else (lambda value: value)

        def array(value: Any) -> Any:
            if type(value) is not list or len(value) < least:
                raise _NoFit
            return [item(v) for v in value]

        return array
    if kind == "object" and "properties" in node:
        if node.get("additionalProperties") is not False or "patternProperties" in node:
            raise _Unsure("open model")
        required = frozenset(node.get("required", ()))
        fields: dict[str, Callable[[Any], Any]] = {}
        defaults: list[tuple[str, Callable[[], Any]]] = []

        light = LightQuiz if node.get("title") == SCHEMA_TITLE else _LIGHT_CLASSES.get(node.get("title", ""), QuizFacts)

        def model(value: Any) -> Any:
            if type(value) is not dict or not value.keys() <= names or not required <= value.keys():
                raise _NoFit
            out = {name: make() for name, make in defaults if name not in value}
            for key, v in value.items():
                out[key] = fields[key](v)
            return light(out)

        done[id(node)] = model  # before the fields: a model may (one day) contain itself
        for name, prop in node["properties"].items():
            fields[name] = _compile(prop, defs, done)
            if name not in required:
                defaults.append((name, _default_maker(prop, defs)))
        names = frozenset(fields)
        return model
    if kind == "object":
        patterns = node.get("patternProperties")
        if not isinstance(patterns, dict) or len(patterns) != 1 or "additionalProperties" in node:
            raise _Unsure("mapping")
        ((pattern, inner),) = patterns.items()
        key_ok = re.compile(pattern).fullmatch
        convert = _compile(inner, defs, done)

        def mapping(value: Any) -> Any:
            if type(value) is not dict:
                raise _NoFit
            return {k: convert(v) if type(k) is str and key_ok(k) else _no_fit() for k, v in value.items()}

        return mapping
    raise _Unsure(kind)


def _default_maker(prop: dict[str, Any], defs: dict[str, Any]) -> Callable[[], Any]:
    default = _default(prop, defs)
    if isinstance(default, list):
        return list
    if isinstance(default, dict):
        return dict
    return lambda: default


def _default(prop: dict[str, Any], defs: dict[str, Any]) -> Any:
    """A missing field's value: the schema's `default`, or, for a field with a default
    factory (which JSON Schema does not show), an empty list or mapping.
    tests/test_perf_validate.py checks these against the models' own defaults."""
    if "default" in prop:
        default = prop["default"]
        if isinstance(default, (list, dict)):
            raise _Unsure("mutable default")
        return default
    kind = _resolve(prop, defs).get("type")
    if kind == "array":
        return []
    if kind == "object":
        return {}
    raise _Unsure("no default")


# --- a best-effort quiz when some entries are malformed ---------------------------------------------


def _raw_id(item: Any) -> str:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else ""


def _raw_strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _stand_in(data: dict[str, Any], exc: ValidationError) -> tuple[Quiz, set[Path_]]:
    """A Quiz built from the entries that are well formed; malformed ones become inert
    stand-ins (their ids still known, nothing else checked) listed in `broken`."""
    from readiness.core.model import Band, Dimension, NextStep, Question, Quiz, ScalePoint

    sections = {"dimensions": Dimension, "questions": Question, "next_steps": NextStep}
    bad = {tuple(err["loc"][:2]) for err in exc.errors() if len(err["loc"]) >= 2}
    broken: set[Path_] = set()
    fields: dict[str, Any] = {}
    for section, model in sections.items():
        items = data.get(section)
        built: list[Any] = []
        for index, item in enumerate(items if isinstance(items, list) else []):
            if (section, index) not in bad:
                built.append(model.model_validate(item, strict=True))
                continue
            broken.add((section, index))
            raw = item if isinstance(item, dict) else {}
            if model is Dimension:
                bands = [Band.model_construct(id=_raw_id(b), max=100, label="") for b in raw.get("bands") or [] if isinstance(b, dict)]
                built.append(Dimension.model_construct(id=_raw_id(raw), label="", bands=bands))
            elif model is Question:
                built.append(Question.model_construct(id=_raw_id(raw), type="text", text="", options=None, show_if=None))
            else:
                built.append(NextStep.model_construct(id=_raw_id(raw), title="", body="", when=None, priority=0, tags=_raw_strings(raw.get("tags")), suppress=[]))
        fields[section] = built
    scales = data.get("scales") if isinstance(data.get("scales"), dict) else {}
    fields["scales"] = {}
    for name, points in scales.items():
        if ("scales", name) in bad:
            broken.add(("scales", name))
            fields["scales"][str(name)] = []
        else:
            fields["scales"][str(name)] = [ScalePoint.model_validate(p, strict=True) for p in points]
    flags = data.get("flags") if isinstance(data.get("flags"), dict) else {}
    fields["flags"] = {}
    for name, source in flags.items():
        if ("flags", name) in bad or not isinstance(source, str):
            broken.add(("flags", name))
        fields["flags"][str(name)] = source if isinstance(source, str) else "false"
    return Quiz.model_construct(**fields), broken


# --- pydantic errors, in an author's words -------------------------------------------------------


def _kind(value: Any) -> str:
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
        if isinstance(node, dict) and isinstance(part, str) and part in node or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return tuple(found), False
        found.append(part)
    return tuple(found), True


def _model_keys(loc: Path_) -> list[str]:
    """Field names allowed at a mapping location, for 'did you mean'."""
    from readiness.core import model as m

    names = [p for p in loc if isinstance(p, str)]
    table = {
        (): m.Quiz,
        ("scales",): m.ScalePoint,
        ("dimensions",): m.Dimension,
        ("dimensions", "bands"): m.Band,
        ("questions",): m.Question,
        ("questions", "options"): m.Option,
        ("next_steps",): m.NextStep,
    }
    key = tuple(n for n in names if n in {"scales", "dimensions", "bands", "questions", "options", "next_steps"})
    if key[:1] == ("scales",):
        key = ("scales",)
    model = table.get(key)
    return list(model.model_fields) if model else []


_PATTERN_HELP = {
    r"^[a-z0-9][a-z0-9-]*$": "use lowercase letters, digits and '-', starting with a letter or digit (like 'trial-session')",
    r"^[a-z][a-z0-9_]*$": "use lowercase letters, digits and '_', starting with a letter (like 'own_readiness')",
}


def _translate(doc: Document, exc: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[Path_, str]] = set()
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        if "[key]" in loc:
            where = loc[: loc.index("[key]")]
            pattern = (err.get("ctx") or {}).get("pattern", "")
            msg = f"the name '{value}' is not allowed: {_PATTERN_HELP.get(pattern, 'check its spelling')}"
            problems.append(doc.problem(where, msg, at_key=True))
            continue
        where, complete = _existing(doc, loc)
        field = str(loc[-1]) if loc else "file"
        if kind == "missing":
            parent = where
            msg = f"missing required key '{field}'"
            if parent == () or isinstance(loc[-2] if len(loc) > 1 else None, int):
                msg += f" in this {'file' if parent == () else 'entry'}"
            problems.append(doc.problem(parent, msg))
            continue
        if kind == "extra_forbidden":
            allowed = _model_keys(where[:-1])
            hint = did_you_mean(field, allowed) or (f"; allowed here: {', '.join(allowed)}" if allowed else "")
            problems.append(doc.problem(where, f"unknown key '{field}'{hint}", at_key=True))
            continue
        if kind in {"int_type", "float_type"} and not complete:
            # A union of int | float reports twice; say it once.
            key = (where, "number")
            if key in seen:
                continue
            seen.add(key)
            field = str(where[-1]) if where else field
            problems.append(doc.problem(where, f"'{field}' must be a number, not {_kind(value)}"))
            continue
        problems.append(doc.problem(where, _message(field, kind, value, err)))
    return problems


def _message(field: str, kind: str, value: Any, err: Any) -> str:
    ctx = err.get("ctx") or {}
    name = f"'{field}'" if not field.isdigit() else "this entry"
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(value, (int, float, bool)) else ""
        return f"{name} must be text, not {_kind(value)}{hint}"
    if kind in {"int_type", "int_from_float"}:
        return f"{name} must be a whole number, not {_kind(value)}"
    if kind == "float_type":
        return f"{name} must be a number, not {_kind(value)}"
    if kind == "bool_type":
        hint = " (only true and false are booleans; yes/no/on/off are text)" if isinstance(value, str) else ""
        return f"{name} must be true or false, not {_kind(value)}{hint}"
    if kind == "list_type":
        return f"{name} must be a list (items starting with '- '), not {_kind(value)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"{name} must be a mapping of keys, not {_kind(value)}"
    if kind == "literal_error":
        if field == "format":
            return f"'format' must be 1 (the only version so far), not {_kind(value)}"
        return f"{name} must be one of {ctx.get('expected', '')}, not {_kind(value)}"
    if kind == "string_pattern_mismatch":
        return f"the id '{value}' is not allowed: {_PATTERN_HELP.get(ctx.get('pattern', ''), 'check its spelling')}"
    if kind in {"too_short", "string_too_short"}:
        return f"{name} must not be empty"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "")
        return f"{name} must be {bound} {limit}, not {_kind(value)}"
    return f"{name}: {err.get('msg', 'invalid value')}"


# --- rules that span fields ------------------------------------------------------------------------


class _QuestionsBefore(Mapping[str, "ex.QuestionInfo"]):
    """Questions as an expression may see them: for a show_if, only those before it
    are available. A view, so checking n show_ifs costs n, not n squared."""

    def __init__(self, infos: dict[str, tuple[int, ex.QuestionInfo]], before: int | None) -> None:
        self._infos = infos
        self._before = before

    def __getitem__(self, key: str) -> ex.QuestionInfo:
        index, info = self._infos[key]
        if self._before is None or index < self._before:
            return info
        return info._replace(available=False)

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


class _Checker:
    """Cross-field rules of the contract; collects every problem with its place."""

    def __init__(self, doc: Document, quiz: Quiz, broken: set[Path_] | None = None, *, build: bool = True) -> None:
        self.doc = doc
        self.quiz = quiz
        self.broken = broken or set()
        self.build = build  # False: expressions are checked, not made ready to evaluate
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # the file is valid, but a condition can never hold

    def ok(self, *where: str | int) -> bool:
        """False for a malformed entry: its own shape errors are already reported."""
        return tuple(where) not in self.broken

    def add(self, where: Path_, message: str, *, at_key: bool = False) -> None:
        self.problems.append(self.doc.problem(where, message, at_key=at_key))

    def run(self) -> list[Problem]:
        self.check_unique("questions", [q.id for q in self.quiz.questions], "question")
        self.check_unique("dimensions", [d.id for d in self.quiz.dimensions], "dimension")
        self.check_unique("next_steps", [s.id for s in self.quiz.next_steps], "next step")
        self.check_scales()
        self.check_dimensions()
        self.check_questions()
        compiled = self.check_expressions()
        self.check_suppress()
        from readiness.core.safekeep import safety_save_notes  # steps and flags never saved

        for where, note in safety_save_notes(compiled["flags"], compiled["when"], [s.id for s in self.quiz.next_steps]):
            self.warnings.append(self.doc.problem(where, note)._replace(severity="warning"))
        compiled["warnings"] = self.warnings  # type: ignore[assignment]  # read by quiz_warnings
        self.quiz._compiled = compiled
        return self.problems

    def check_unique(self, base: Path_ | str, ids: list[str], what: str, *, within: str = "", key: str = "id") -> None:
        base = (base,) if isinstance(base, str) else base
        first: dict[str, int] = {}
        scope = f" in '{within}'" if within else ""
        for index, item in enumerate(ids):
            if not item:
                continue
            if item in first:
                line = self.doc.span((*base, first[item], key)).line
                self.add((*base, index, key), f"the {what} id '{item}' is used twice{scope} (first on line {line}); ids must be unique")
            else:
                first[item] = index

    def check_scales(self) -> None:
        for name, points in self.quiz.scales.items():
            if not self.ok("scales", name):
                continue
            if not points:
                self.add(("scales", name), f"the scale '{name}' has no points; list at least two {{value, label}} entries")
            seen: dict[float, int] = {}
            for index, point in enumerate(points):
                if point.value in seen:
                    self.add(("scales", name, index, "value"), f"the value {point.value} appears twice in the scale '{name}'")
                seen[point.value] = index

    def check_dimensions(self) -> None:
        for d_index, dim in enumerate(self.quiz.dimensions):
            if not self.ok("dimensions", d_index):
                continue
            where = ("dimensions", d_index, "bands")
            self.check_unique(where, [b.id for b in dim.bands], "band", within=dim.id)
            previous = -1
            for b_index, band in enumerate(dim.bands):
                if band.max <= previous:
                    self.add((*where, b_index, "max"), f"bands must rise: this max ({band.max}) must be above the one before ({previous})")
                previous = max(previous, band.max)
            if dim.bands and dim.bands[-1].max != 100:
                self.add((*where, len(dim.bands) - 1, "max"), f"the last band of '{dim.id}' must have max: 100 so every score has a band")

    def check_weights(self, where: Path_, weights: dict[str, Any]) -> None:
        dims = [d.id for d in self.quiz.dimensions]
        for dim_id in weights:
            if dim_id not in dims:
                self.add((*where, dim_id), f"unknown dimension '{dim_id}'{did_you_mean(dim_id, dims)}; declare it under 'dimensions'", at_key=True)

    def check_questions(self) -> None:
        for index, q in enumerate(self.quiz.questions):
            if not self.ok("questions", index):
                continue
            where: Path_ = ("questions", index)
            present = set(self.doc.data["questions"][index])
            if q.type == "scale":
                self.check_scale_question(where, q, present)
            else:
                for key in ("scale", "reverse"):
                    if key in present:
                        self.add((*where, key), f"'{key}' is only for scale questions; this one is '{q.type}'", at_key=True)
                if "scores" in present:
                    fix = "put scores on each option instead" if q.type in {"choice", "multi"} else "text questions are never scored"
                    self.add((*where, "scores"), f"'scores' is only for scale questions; {fix}", at_key=True)
            if q.type in {"choice", "multi"}:
                if not q.options:
                    self.add(where, f"a {q.type} question needs 'options' (a list of {{id, label}})")
                else:
                    self.check_unique((*where, "options"), [o.id for o in q.options], "option", within=q.id)
                    for o_index, option in enumerate(q.options):
                        self.check_weights((*where, "options", o_index, "scores"), option.scores)
            elif "options" in present:
                self.add((*where, "options"), f"'options' is only for choice and multi questions; this one is '{q.type}'", at_key=True)

    def check_scale_question(self, where: Path_, q: Question, present: set[str]) -> None:
        if q.scale is None:
            names = ", ".join(self.quiz.scales) or "none yet: add one under 'scales'"
            self.add(where, f"a scale question needs 'scale: NAME' (scales: {names})")
        elif q.scale not in self.quiz.scales:
            hint = did_you_mean(q.scale, self.quiz.scales)
            self.add((*where, "scale"), f"unknown scale '{q.scale}'{hint}; declare it under 'scales'")
        if q.scores:
            self.check_weights((*where, "scores"), q.scores)

    # -- expressions --

    def context(self, *, allow: Iterable[str], before: int | None, where: str) -> ex.ExprContext:
        if not hasattr(self, "_infos"):
            scales = self.quiz.scales or {}
            self._infos = {
                q.id: (i, ex.QuestionInfo(
                    type=q.type,
                    option_ids=tuple(o.id for o in q.options or ()),
                    values=tuple(p.value for p in scales.get(q.scale) or ()) if q.type == "scale" else (),
                ))
                for i, q in enumerate(self.quiz.questions)
            }
            self._dims = {d.id: tuple(b.id for b in d.bands) for d in self.quiz.dimensions}
        return ex.ExprContext(
            dimensions=self._dims,
            questions=_QuestionsBefore(self._infos, before),
            flags=tuple(self.quiz.flags),
            allow=frozenset(allow),
            where=where,
        )

    def compile(self, where: Path_, source: str, ctx: ex.ExprContext) -> ex.Expression | None:
        expr, problems = ex.compile_expression(source, ctx, build=self.build)
        if expr is not None and expr.warnings:
            self.warnings.extend(self.located(where, expr.warnings, ctx, "warning"))
        if not problems:
            return expr  # (asking for the place would read a quickly read file again)
        self.problems.extend(self.located(where, problems, ctx, "error"))
        return expr

    def located(self, where: Path_, found: Iterable[ex.ExprProblem], ctx: ex.ExprContext,
                severity: str) -> list[Problem]:
        """An expression's problems at their places in the file (the column of the part, when
        the expression is on one line)."""
        span = self.doc.span(where)
        out = []
        for problem in found:
            line, col = span.line, span.col
            if problem.offset is not None and span.line == span.end_line and span.style in {"", "'", '"'}:
                col = self.doc.source_column(span, problem.offset)
            message = problem.message
            if not message.startswith(ctx.where):
                message = f"in {ctx.where}: {message}"
            out.append(Problem(self.doc.path, line, col, message, severity))
        return out

    def check_expressions(self) -> dict[str, dict[str, ex.Expression]]:
        everything = ("score", "band", "answer", "flag", "safety")
        compiled: dict[str, dict[str, ex.Expression]] = {"flags": {}, "show_if": {}, "when": {}}
        flag_ctx = self.context(allow=everything, before=None, where="flag")
        for name, source in self.quiz.flags.items():
            if not self.ok("flags", name):
                continue
            expr = self.compile(("flags", name), source, flag_ctx)
            if expr is not None:
                compiled["flags"][name] = expr
        self.check_flag_cycles(compiled["flags"])
        compiled["flag_order"] = self.flag_order(compiled["flags"])  # type: ignore[assignment]
        for index, q in enumerate(self.quiz.questions):
            if q.show_if is not None:
                ctx = self.context(allow=("answer",), before=index, where="show_if")
                expr = self.compile(("questions", index, "show_if"), q.show_if, ctx)
                if expr is not None:
                    compiled["show_if"][q.id] = expr
        when_ctx = self.context(allow=everything, before=None, where="when")
        for index, step in enumerate(self.quiz.next_steps):
            if step.when is not None:
                expr = self.compile(("next_steps", index, "when"), step.when, when_ctx)
                if expr is not None:
                    compiled["when"][step.id] = expr
        return compiled

    def flag_order(self, flags: dict[str, ex.Expression]) -> list[str]:
        """Flags with the ones they use first, so scoring never evaluates recursively."""
        graph = {name: [ref for kind, ref in expr.references() if kind == "flag" and ref in flags] for name, expr in flags.items()}
        order: list[str] = []
        done: set[str] = set()
        for start in graph:
            stack = [(start, iter(graph[start]))]
            while stack:
                node, deps = stack[-1]
                nxt = next((d for d in deps if d not in done and all(d != n for n, _ in stack)), None)
                if nxt is None:
                    stack.pop()
                    if node not in done:
                        done.add(node)
                        order.append(node)
                else:
                    stack.append((nxt, iter(graph[nxt])))
        return order

    def check_flag_cycles(self, flags: dict[str, ex.Expression]) -> None:
        graph = {name: [ref for kind, ref in expr.references() if kind == "flag"] for name, expr in flags.items()}
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()

        for start in graph:
            if state.get(start):
                continue
            # Iterative depth-first search: a long chain of flags must not hit the recursion limit.
            stack: list[tuple[str, int]] = [(start, 0)]
            trail: list[str] = []
            while stack:
                node, i = stack.pop()
                if i == 0:
                    state[node] = 1
                    trail.append(node)
                deps = graph.get(node, [])
                if i < len(deps):
                    stack.append((node, i + 1))
                    nxt = deps[i]
                    if state.get(nxt) == 1:
                        cycle = trail[trail.index(nxt):] + [nxt]
                        if frozenset(cycle) not in reported:
                            reported.add(frozenset(cycle))
                            self.add(("flags", cycle[0]), f"flags refer to each other in a cycle ({' -> '.join(cycle)}); break the loop")
                    elif not state.get(nxt):
                        stack.append((nxt, 0))
                else:
                    state[node] = 2
                    trail.pop()

    def check_suppress(self) -> None:
        ids = [s.id for s in self.quiz.next_steps]
        tags = sorted({t for s in self.quiz.next_steps for t in s.tags})
        for index, step in enumerate(self.quiz.next_steps):
            if not self.ok("next_steps", index):
                continue
            for s_index, entry in enumerate(step.suppress):
                if entry not in ids and entry not in tags:
                    hint = did_you_mean(entry, ids + tags)
                    self.add(("next_steps", index, "suppress", s_index), f"'{entry}' in suppress is neither a next-step id nor a tag of any step{hint}")
