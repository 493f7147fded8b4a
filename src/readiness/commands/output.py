"""How a command says something: one line made safe for the terminal (`core.textsafe`).

Every command module prints through these, so a path whose name is not UTF-8
shows its odd byte as \\xNN and no text from a file can act on the terminal.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from readiness.core.problems import QuizFileError

PROG = "readiness"


def shown(text: object) -> str:
    """Outside text (a path, an id, a title) as printed: one line, safe."""
    from readiness.core.textsafe import terminal_safe

    return terminal_safe(str(text))


def counted(n: int, noun: str) -> str:
    """ "1 question", "2 questions": a count with its noun."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def say(message: str) -> None:
    """One line on stdout."""
    print(shown(message))


def err(message: str) -> None:
    """One line on stderr."""
    print(shown(message), file=sys.stderr)


def complain(message: str) -> None:
    """One line on stderr after the program's name: a command that refuses or fails says
    who is speaking."""
    err(f"{PROG}: {message}")


def problems_said(exc: QuizFileError) -> int:
    """Every problem of a quiz file on stderr, one a line; 1, the exit status for it."""
    for problem in exc.problems:
        err(str(problem))
    return 1
