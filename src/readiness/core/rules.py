"""The rules of a quiz that span fields: ids that must exist and be unique, bands that
rise, expressions that must make sense, `suppress` entries that name something.

Every problem is collected with its place (the file is never judged on its first
mistake), and the expressions that pass are kept ready to evaluate in
`quiz.compiled`, with the conditions that can never hold as warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from msgspec.structs import replace

from readiness.core import expressions as ex
from readiness.core.model import Compiled, Question, Quiz, shows_values
from readiness.core.problems import Problem, did_you_mean
from readiness.core.yamlsafe import Document, Path_


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


_RUN_VALUES = "or let the values run 1, 2, 3... so that the place, the label and the value agree"


class Checker:
    """Cross-field rules of the contract; collects every problem with its place."""

    def __init__(
        self, doc: Document, quiz: Quiz, broken: set[Path_] | None = None, *, build: bool = True
    ) -> None:
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

    def warn(self, where: Path_, message: str, severity: str = "warning") -> None:
        self.warnings.append(self.doc.problem(where, message)._replace(severity=severity))

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

        steps = [(s.id, s.when, s.tags) for s in self.quiz.next_steps]
        for where, note, severity in safety_save_notes(
            compiled.flags, compiled.when, steps, safety_check=self.quiz.safety_check
        ):
            self.warn(where, note, severity)
        self.quiz.compiled = replace(compiled, warnings=tuple(self.warnings))
        return self.problems

    def check_unique(
        self, base: Path_ | str, ids: list[str], what: str, *, within: str = "", key: str = "id"
    ) -> None:
        base = (base,) if isinstance(base, str) else base
        first: dict[str, int] = {}
        scope = f" in '{within}'" if within else ""
        for index, item in enumerate(ids):
            if not item:
                continue
            if item in first:
                line = self.doc.span((*base, first[item], key)).line
                self.add(
                    (*base, index, key),
                    f"the {what} id '{item}' is used twice{scope} (first on line {line}); ids must be unique",
                )
            else:
                first[item] = index

    def check_scales(self) -> None:
        for name, points in self.quiz.scales.items():
            if not self.ok("scales", name):
                continue
            if not points:
                self.add(
                    ("scales", name),
                    f"the scale '{name}' has no points; list at least two {{value, label}} entries",
                )
            seen: dict[float, int] = {}
            for index, point in enumerate(points):
                if point.value in seen:
                    self.add(
                        ("scales", name, index, "value"),
                        f"the value {point.value} appears twice in the scale '{name}'",
                    )
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
                    self.add(
                        (*where, b_index, "max"),
                        f"bands must rise: this max ({band.max}) must be above the one before ({previous})",
                    )
                previous = max(previous, band.max)
            if dim.bands and dim.bands[-1].max != 100:
                self.add(
                    (*where, len(dim.bands) - 1, "max"),
                    f"the last band of '{dim.id}' must have max: 100 so every score has a band",
                )

    def check_weights(self, where: Path_, weights: dict[str, Any]) -> None:
        dims = [d.id for d in self.quiz.dimensions]
        for dim_id in weights:
            if dim_id not in dims:
                self.add(
                    (*where, dim_id),
                    f"unknown dimension '{dim_id}'{did_you_mean(dim_id, dims)}; declare it under 'dimensions'",
                    at_key=True,
                )

    def check_questions(self) -> None:
        for index, q in enumerate(self.quiz.questions):
            if not self.ok("questions", index):
                continue
            where: Path_ = ("questions", index)
            present = set(self.doc.data["questions"][index])
            if q.type == "scale":
                self.check_scale_question(where, q)
            else:
                for key in ("scale", "reverse", "labels"):
                    if key in present:
                        self.add(
                            (*where, key),
                            f"'{key}' is only for scale questions; this one is '{q.type}': "
                            "remove it, or make the question 'scale'",
                            at_key=True,
                        )
                if "scores" in present:
                    fix = (
                        "put scores on each option instead"
                        if q.type in {"choice", "multi"}
                        else "text questions are never scored"
                    )
                    self.add(
                        (*where, "scores"),
                        f"'scores' is only for scale questions; {fix}",
                        at_key=True,
                    )
            if q.type in {"choice", "multi"}:
                if not q.options:
                    self.add(
                        where, f"a {q.type} question needs 'options' (a list of {{id, label}})"
                    )
                else:
                    self.check_unique(
                        (*where, "options"), [o.id for o in q.options], "option", within=q.id
                    )
                    for o_index, option in enumerate(q.options):
                        self.check_weights((*where, "options", o_index, "scores"), option.scores)
                    self.check_exclusive(where, q)
            elif "options" in present:
                self.add(
                    (*where, "options"),
                    f"'options' is only for choice and multi questions; this one is '{q.type}'",
                    at_key=True,
                )

    def check_exclusive(self, where: Path_, q: Question) -> None:
        """`exclusive` means something only among the options of a multi question."""
        raw = self.doc.data["questions"][where[1]].get("options")
        if not isinstance(raw, list):
            return
        marked = [i for i, o in enumerate(raw) if isinstance(o, dict) and "exclusive" in o]
        if q.type == "choice":
            for o_index in marked:
                self.add(
                    (*where, "options", o_index, "exclusive"),
                    "'exclusive' is only for options of multi questions (a choice question "
                    "takes one option anyway); remove it, or make the question 'multi'",
                    at_key=True,
                )
        elif q.options and len(q.options) > 1 and all(o.exclusive for o in q.options):
            note = (
                f"every option of '{q.id}' is exclusive, so it takes one option at most: make "
                "it a choice question, or keep 'exclusive' only on the options that go alone"
            )
            self.warn((*where, "options"), note)

    def check_scale_question(self, where: Path_, q: Question) -> None:
        if q.scale is None:
            names = ", ".join(self.quiz.scales) or "none yet: add one under 'scales'"
            self.add(where, f"a scale question needs 'scale: NAME' (scales: {names})")
        elif q.scale not in self.quiz.scales:
            hint = did_you_mean(q.scale, self.quiz.scales)
            self.add(
                (*where, "scale"), f"unknown scale '{q.scale}'{hint}; declare it under 'scales'"
            )
        if q.scores:
            self.check_weights((*where, "scores"), q.scores)
        if q.labels == "ends" and q.scale in self.quiz.scales:
            self.check_middle_numbers(where, q)

    def check_middle_numbers(self, where: Path_, q: Question) -> None:
        """With `labels: ends` the screen shows each point between the ends by its value when
        every value is a whole number from 0 to 99, otherwise by its place; a middle point
        labelled with another number would read one way on the question screen and another
        in the review and results."""
        scale = q.scale or ""
        points = self.quiz.scales[scale]
        by_value = shows_values([point.value for point in points])
        by, fix = ("value", "or in words") if by_value else ("place", _RUN_VALUES)
        for place, point in enumerate(points[1:-1], 2):
            label = point.label.strip()
            said, which = (point.value, "the point of value") if by_value else (place, "point")
            if label.lstrip("-").isdigit() and label != str(said):
                self.warn(
                    (*where, "labels"),
                    f"with labels: ends the screen shows each point between the ends by its "
                    f"{by}, but the scale '{scale}' labels {which} {said} '{label}': the screen "
                    f"would say {said} where the review and results say {label}; label each such "
                    f"point with its {by}, {fix}",
                )
                return

    def context(self, *, allow: Iterable[str], before: int | None, where: str) -> ex.ExprContext:
        if not hasattr(self, "_infos"):
            self._infos: dict[str, tuple[int, ex.QuestionInfo]] = {}
            for i, q in enumerate(self.quiz.questions):
                points = self.quiz.scales.get(q.scale or "", []) if q.type == "scale" else []
                option_ids = tuple(o.id for o in q.options or ())
                info = ex.QuestionInfo(q.type, option_ids, values=tuple(p.value for p in points))
                self._infos[q.id] = (i, info)
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
        # A place is asked for only when there is something to say there: asking reads a
        # quickly read file again.
        if expr is not None and expr.warnings:
            self.warnings.extend(self.located(where, expr.warnings, ctx, "warning"))
        if problems:
            self.problems.extend(self.located(where, problems, ctx, "error"))
        return expr

    def located(
        self, where: Path_, found: Iterable[ex.ExprProblem], ctx: ex.ExprContext, severity: str
    ) -> list[Problem]:
        """An expression's problems at their places in the file (the column of the part, when
        the expression is on one line)."""
        span = self.doc.span(where)
        out = []
        for problem in found:
            line, col = span.line, span.col
            if (
                problem.offset is not None
                and span.line == span.end_line
                and span.style in {"", "'", '"'}
            ):
                col = self.doc.source_column(span, problem.offset)
            message = problem.message
            if not message.startswith(ctx.where):
                message = f"in {ctx.where}: {message}"
            out.append(Problem(self.doc.path, line, col, message, severity))
        return out

    def check_expressions(self) -> Compiled:
        """Every expression that passed: flags (and their order), show_if by question id,
        when by step id."""
        flags: dict[str, ex.Expression] = {}
        show_if: dict[str, ex.Expression] = {}
        when: dict[str, ex.Expression] = {}
        flag_ctx = self.context(allow=ex.NAMESPACES, before=None, where="flag")
        for name, source in self.quiz.flags.items():
            if not self.ok("flags", name):
                continue
            expr = self.compile(("flags", name), source, flag_ctx)
            if expr is not None:
                flags[name] = expr
        order = self.flag_order(flags)  # (its cycles are said before the show_ifs' problems)
        for index, q in enumerate(self.quiz.questions):
            if q.show_if is not None:
                ctx = self.context(allow=("answer",), before=index, where="show_if")
                expr = self.compile(("questions", index, "show_if"), q.show_if, ctx)
                if expr is not None:
                    show_if[q.id] = expr
        when_ctx = self.context(allow=ex.NAMESPACES, before=None, where="when")
        for index, step in enumerate(self.quiz.next_steps):
            if step.when is not None:
                expr = self.compile(("next_steps", index, "when"), step.when, when_ctx)
                if expr is not None:
                    when[step.id] = expr
        return Compiled(flags=flags, flag_order=tuple(order), show_if=show_if, when=when)

    def flag_order(self, flags: dict[str, ex.Expression]) -> list[str]:
        """Flags with the ones they use first, so scoring never evaluates recursively; each
        cycle among them is an error, said once. Walked without recursion: a long chain of
        flags must not hit the recursion limit."""
        graph = {
            name: [ref for kind, ref in expr.references() if kind == "flag" and ref in flags]
            for name, expr in flags.items()
        }
        order: list[str] = []
        state: dict[str, int] = {}  # 1: on the path being walked, 2: done
        reported: set[frozenset[str]] = set()
        for start in graph:
            if start in state:
                continue
            state[start] = 1
            stack = [(start, iter(graph[start]))]
            while stack:
                node, deps = stack[-1]
                for dep in deps:
                    if state.get(dep) == 1:
                        path = [name for name, _ in stack]
                        cycle = path[path.index(dep) :] + [dep]
                        if frozenset(cycle) not in reported:
                            reported.add(frozenset(cycle))
                            self.add(
                                ("flags", cycle[0]),
                                f"flags refer to each other in a cycle ({' -> '.join(cycle)}); break the loop",
                            )
                    elif dep not in state:
                        state[dep] = 1
                        stack.append((dep, iter(graph[dep])))
                        break
                else:
                    stack.pop()
                    state[node] = 2
                    order.append(node)
        return order

    def check_suppress(self) -> None:
        ids = [s.id for s in self.quiz.next_steps]
        tags = sorted({t for s in self.quiz.next_steps for t in s.tags})
        for index, step in enumerate(self.quiz.next_steps):
            if not self.ok("next_steps", index):
                continue
            for s_index, entry in enumerate(step.suppress):
                if entry in step.tags:
                    # A warning, not an error: the format contract lets a step name its own tag.
                    note = (
                        f"'{entry}' in suppress is one of this step's own tags: once this step shows, every "
                        f"later step tagged '{entry}' is hidden; to keep only one step of a kind, name the others by id"
                    )
                    self.warn(("next_steps", index, "suppress", s_index), note)
                elif entry not in ids and entry not in tags:
                    hint = did_you_mean(entry, ids + tags)
                    self.add(
                        ("next_steps", index, "suppress", s_index),
                        f"'{entry}' in suppress is neither a next-step id nor a tag of any step{hint}",
                    )
