"""Located problems: the one shape every mistake in a file is reported in."""

from __future__ import annotations

from collections.abc import Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple  # re-exported: the core imports it from here
else:
    from collections import namedtuple as _namedtuple

    class _NamedTupleMeta(type):
        """`class X(NamedTuple): field: type = default`, as `typing.NamedTuple` makes it
        (a plain named tuple with the class's methods), without importing `typing`:
        about 5 ms of every `readiness` command, which otherwise needs none of it."""

        def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            if namespace.get("_root_of_named_tuples"):
                return super().__new__(mcls, name, bases, namespace)
            annotations = dict(namespace.get("__annotations__", {}))  # type: ignore[call-overload]
            fields = list(annotations)
            defaults = [namespace[f] for f in fields if f in namespace]
            cls = _namedtuple(name, fields, defaults=defaults, module=namespace.get("__module__"))  # type: ignore[arg-type]
            skip = {*fields, "__annotations__", "__module__", "__qualname__"}
            for key, value in namespace.items():
                if key not in skip:
                    setattr(cls, key, value)
            cls.__annotations__ = annotations
            return cls

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Base of the core's named tuples (see `_NamedTupleMeta`)."""

        _root_of_named_tuples = True


class Problem(NamedTuple):
    """One mistake at one place in one file, printed as `PATH:LINE:COL: error: MESSAGE`.

    A named tuple rather than a dataclass: immutable, ordered and hashable all the
    same, and `readiness validate` answers from its cache without importing
    `dataclasses` (and the `inspect` and `ast` it pulls in). `_replace` copies one.
    """

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}")


def printable(text: str) -> str:
    """`text` safe to print, write or JSON-encode (see `core/textsafe.py`, the one sanitizer)."""
    from readiness.core.textsafe import terminal_safe

    return terminal_safe(text)


class QuizFileError(Exception):
    """A file could not be used; `problems` says every reason, each with a place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line, p.col))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, path: str, message: str, line: int = 1, col: int = 1) -> QuizFileError:
        """A file refused for one reason, at its start unless told where."""
        return cls([Problem(path, line, col, message)])


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The name in `choices` that `name` is most likely a misspelling of, if any is close."""
    import difflib  # only when a name is wrong: most runs never need it

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix when a close name exists, else ''."""
    close = closest(name, choices)
    return f" (did you mean '{close}'?)" if close else ""
