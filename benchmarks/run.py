"""`make bench`: the figures of issue 7, each beside its baseline from the same run.

Every figure is the median of several samples, each in a fresh interpreter
(`subprocess.run` for commands; `benchmarks/apprun.py` for the app, which
drives `App.run_test()` headless), so import costs count. Large inputs are
generated into a temporary folder, and XDG_* point into it: nothing here reads
or writes the real user folders.

    python benchmarks/run.py [--runs N] [--quizzes N] [--results N] [--json FILE]

Cold and warm: the quiz cache (XDG_CACHE_HOME) is written only by `readiness
list` and `validate`; the app reads it and never writes it. So for a person who
only uses the app the catalog is always read cold; "warm" means someone ran
`readiness list --quiz-dir DIR` before. Both are measured where they differ.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
READINESS = str(BIN / "readiness") if (BIN / "readiness").exists() else None
APPRUN = str(HERE / "apprun.py")


# --------------------------------------------------------------------------- environment


class Sandbox:
    """A temporary home: XDG data/config/state/cache folders, swappable per measurement."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.home = self.root / "home"
        for sub in ("data", "config", "state", "cache"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)

    def env(self, *, data: Path | None = None, cache: Path | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "READINESS_"))}
        env.update(
            HOME=str(self.home),
            XDG_DATA_HOME=str(data or self.home / "data"),
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_STATE_HOME=str(self.home / "state"),
            XDG_CACHE_HOME=str(cache or self.home / "cache"),
            TEXTUAL_CURSOR_BLINK="0",
            TZ="UTC",
            LANG="en_US.UTF-8",
        )
        for var in ("NO_COLOR", "TEXTUAL_THEME", "LC_ALL", "PYTHONPROFILEIMPORTTIME"):
            env.pop(var, None)
        return env

    def fresh_dir(self, name: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=name + "-", dir=self.root))
        return path


# --------------------------------------------------------------------------- measuring


def time_command(argv: Sequence[str], env: dict[str, str], check: bool = True) -> float:
    """Wall seconds of one fresh process, from spawn to exit."""
    start = time.perf_counter()
    done = subprocess.run(list(argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if check and done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}"
        )
    return elapsed


def imports_textual(argv: Sequence[str], env: dict[str, str]) -> bool:
    """Does this command import Textual? (`-X importtime` lists every module imported.)"""
    cmd = (
        [PYTHON, "-X", "importtime", *argv[1:]]
        if argv[0] == PYTHON
        else [PYTHON, "-X", "importtime", *argv]
    )
    done = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    return any(
        line.split("|")[-1].strip().split(".")[0] == "textual"
        for line in done.stderr.splitlines()
        if "|" in line
    )


def app_sample(mode: str, env: dict[str, str], extra: Sequence[str] = ()) -> dict[str, Any]:
    """One headless app run in a fresh interpreter; times are seconds from spawn."""
    start = time.monotonic()
    done = subprocess.run([PYTHON, APPRUN, mode, *extra], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"apprun {mode} failed: {done.stderr[-3000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("first_frame", "list_ready"):
        if key in data:
            data[key] = data[key] - start
    return data


SETTLE_SECONDS = 0.2  # between two samples: a heavy one (two CPUs busy) must not slow the next


def round_robin(
    samplers: dict[str, Callable[[], Any]], runs: int, warmup: int = 1
) -> dict[str, list[Any]]:
    """`runs` samples of each sampler, taken in turns, each round starting one further on
    (A B C, B C A, C A B, ...).

    A figure and its baseline are sampled side by side, so a slow minute of the
    machine (this one's speed drifts by a third) falls on both alike instead of
    on whichever was measured then; rotating the order means no figure always
    follows the same one (a sample after two busy CPUs can start slower). A
    short pause between samples lets the machine settle. `warmup` whole rounds
    are not kept.
    """
    names = list(samplers)
    for _ in range(warmup):
        for name in names:
            samplers[name]()
            time.sleep(SETTLE_SECONDS)
    samples: dict[str, list[Any]] = {name: [] for name in names}
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(samplers[name]())
            time.sleep(SETTLE_SECONDS)
    return samples


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --------------------------------------------------------------------------- table


@dataclass
class Row:
    figure: str
    value: float | None  # seconds, milliseconds or MiB as `unit` says
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.0f} ms"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.1f} {unit}"


def render_table(rows: list[Row]) -> str:
    lines = [
        "| figure | median | baseline (same run) | baseline median | ratio | target | met |",
        "| --- | ---: | --- | ---: | ---: | --- | --- |",
    ]
    for r in rows:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "—"
        met = "n/a" if r.met is None else ("yes" if r.met else "**NO**")
        base = fmt(r.baseline, r.unit) if r.baseline is not None else "—"
        lines.append(
            f"| {r.figure} | {fmt(r.value, r.unit)} | {r.baseline_name or '—'} | {base} | {ratio} | {r.target or '—'} | {met} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import textual

        tv = textual.__version__
    except Exception:  # pragma: no cover
        tv = "?"
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}; "
        f"Python {platform.python_version()}; Textual {tv}; {platform.system()} {platform.release()}"
    )


# --------------------------------------------------------------------------- the figures


def run_all(
    runs: int, n_quizzes: int, n_results: int, root: Path, log: Callable[[str], None]
) -> list[Row]:
    box = Sandbox(root)
    rows: list[Row] = []
    builtin = REPO / "quizzes"
    one_quiz = str(builtin / "therapy-readiness.yaml")
    readiness = [READINESS] if READINESS else [PYTHON, "-m", "readiness"]

    log(f"generating {n_quizzes} quizzes and {n_results} saved results in {root} ...")
    quiz_dir = root / "quizzes"
    gen.write_quizzes(quiz_dir, n_quizzes, 30)
    quiz_files = sorted(str(p) for p in quiz_dir.glob("*.yaml"))
    templates = gen.record_templates()
    data_big = root / "data-big"
    data_small = root / "data-small"
    gen.write_results(data_big / "readiness" / "results", n_results, templates=templates)
    gen.write_results(data_small / "readiness" / "results", 10, templates=templates)

    warm_cache = root / "cache-warm"  # `readiness list --quiz-dir` run once: every file cached
    subprocess.run(
        [*readiness, "--quiz-dir", str(quiz_dir), "list"],
        env=box.env(cache=warm_cache),
        stdout=subprocess.DEVNULL,
        check=True,
    )
    builtin_cache = root / "cache-builtin"
    subprocess.run(
        [*readiness, "list"],
        env=box.env(cache=builtin_cache),
        stdout=subprocess.DEVNULL,
        check=True,
    )

    def cold() -> dict[str, str]:
        return box.env(cache=box.fresh_dir("cache-cold"))

    # 1, 3 and 6. first frames: the bare app, home (3 and 300+3 quizzes, cold and
    # warm cache) and the history screen, sampled in turns
    log(f"first frames: bare app, home with 3 and {n_quizzes}+3 quizzes, history screen ...")
    extra = ["--quiz-dir", str(quiz_dir), "--expect", str(n_quizzes + 3)]
    apps = round_robin(
        {
            "bare": lambda: app_sample("bare", box.env()),
            "home_cold": lambda: app_sample("home", cold(), ["--expect", "3"]),
            "home_warm": lambda: app_sample(
                "home", box.env(cache=builtin_cache), ["--expect", "3"]
            ),
            "big_cold": lambda: app_sample("home", cold(), extra),
            "big_warm": lambda: app_sample("home", box.env(cache=warm_cache), extra),
            "history": lambda: app_sample("history", box.env(data=data_big, cache=builtin_cache)),
        },
        runs,
    )
    bare_s = median([s["first_frame"] for s in apps["bare"]])
    home_cold_s = median([s["first_frame"] for s in apps["home_cold"]])
    home_warm_s = median([s["first_frame"] for s in apps["home_warm"]])
    home3_ready = median([s["list_ready"] for s in apps["home_cold"]])
    rows.append(
        Row(
            "home first frame, 3 built-in quizzes, cold cache (the app's normal case)",
            home_cold_s,
            "s",
            "bare Textual app",
            bare_s,
            "<= 1.25x",
        )
    )
    rows.append(
        Row(
            "home first frame, 3 built-in quizzes, warm cache",
            home_warm_s,
            "s",
            "bare Textual app",
            bare_s,
            "<= 1.25x",
        )
    )
    rows.append(Row("home: 3-quiz list shown (info)", home3_ready, "s", "bare Textual app", bare_s))

    # 2 and 4. validate one quiz and 300 quizzes vs yamllint on the same files (the tool an
    # author would otherwise run); cold cache is the target, warm is shown for information
    log(f"validate one quiz and {n_quizzes} files vs yamllint ...")
    yamllint = [str(Path(sys.executable).with_name("yamllint"))]
    validate_argv = [*readiness, "validate", one_quiz]
    val_argv = [*readiness, "validate", *quiz_files]
    val1_warm_cache = root / "cache-val1"
    runs_ = round_robin(
        {
            "lint1": lambda: time_command([*yamllint, one_quiz], box.env(), check=False),
            "val1_cold": lambda: time_command(validate_argv, cold()),
            "val1_warm": lambda: time_command(validate_argv, box.env(cache=val1_warm_cache)),
            "lint300": lambda: time_command([*yamllint, *quiz_files], box.env(), check=False),
            "cold": lambda: time_command(val_argv, cold()),
            "warm": lambda: time_command(val_argv, box.env(cache=warm_cache)),
        },
        runs,
    )
    tx_validate = imports_textual(validate_argv, cold())
    lint1, lint300 = median(runs_["lint1"]), median(runs_["lint300"])
    for name, value, base, target in (
        ("`validate` one quiz, cold cache", median(runs_["val1_cold"]), lint1, "<= 0.75x"),
        ("`validate` one quiz, warm cache (info)", median(runs_["val1_warm"]), lint1, ""),
        (f"`validate` {n_quizzes} files, cold cache", median(runs_["cold"]), lint300, "<= 0.75x"),
        (f"`validate` {n_quizzes} files, warm cache (info)", median(runs_["warm"]), lint300, ""),
    ):
        row = Row(
            name + (" — imports Textual!" if tx_validate else ""),
            value,
            "s",
            "yamllint on the same files",
            base,
            target,
        )
        if tx_validate:
            row.met = False
        rows.append(row)

    # 3. 300 extra quizzes: first frame vs the 3-quiz start; full list within 1 s
    for label, samples, base3 in (
        ("cold cache (the app never writes it)", apps["big_cold"], home_cold_s),
        ("warm cache (after `readiness list`)", apps["big_warm"], home_warm_s),
    ):
        first = median([s["first_frame"] for s in samples])
        ready = median([s["list_ready"] - s["first_frame"] for s in samples])
        rows.append(
            Row(
                f"home first frame, {n_quizzes}+3 quizzes, {label}",
                first,
                "s",
                "3-quiz start, same cache state",
                base3,
                "<= 1.2x",
            )
        )
        rows.append(
            Row(
                f"full list ready after first frame, {n_quizzes}+3 quizzes, {label}",
                ready,
                "s",
                target="<= 1.0 s",
                met=ready <= 1.0,
            )
        )

    # 5. readiness history 10,000 vs 10
    log(f"readiness history with {n_results} and 10 saved results ...")
    hist_argv = [*readiness, "history"]
    history = round_robin(
        {
            "big": lambda: time_command(hist_argv, box.env(data=data_big)),
            "small": lambda: time_command(hist_argv, box.env(data=data_small)),
        },
        runs,
    )
    hist_big, hist_small = median(history["big"]), median(history["small"])
    row = Row(
        f"`readiness history`, {n_results} saved results (index warm)",
        hist_big,
        "s",
        "the same with 10",
        hist_small,
        "<= 5x and < 0.5 s",
    )
    row.met = hist_big <= 5 * hist_small and hist_big < 0.5
    rows.append(row)
    index = data_big / "readiness" / "results" / ".index.json"
    with contextlib.suppress(OSError):
        index.unlink()
    hist_noindex = time_command(hist_argv, box.env(data=data_big))
    rows.append(
        Row(
            f"`readiness history`, {n_results}, no index yet (one run, info)",
            hist_noindex,
            "s",
            "the same with 10",
            hist_small,
        )
    )

    # 6. history screen first frame vs home first frame (sampled with them above)
    hs_first = median([s["first_frame"] for s in apps["history"]])
    hs_ready = median([s["list_ready"] for s in apps["history"]])
    rows.append(
        Row(
            f"history screen first frame, {n_results} results",
            hs_first,
            "s",
            "home first frame (3 quizzes, warm)",
            home_warm_s,
            "<= 1.2x",
        )
    )
    rows.append(
        Row(
            f"history screen: list of {n_results} shown (info)",
            hs_ready,
            "s",
            "home first frame (3 quizzes, warm)",
            home_warm_s,
        )
    )

    # 7 & 8. key latency and memory through one whole quiz
    log("one whole quiz by digit keys (latency, memory) and the bare app's walk ...")
    walks = round_robin(
        {
            "quiz": lambda: app_sample("quiz", box.env(cache=builtin_cache)),
            "bare": lambda: app_sample("bare-walk", box.env()),
        },
        runs,
        warmup=0,
    )
    quiz, bare_walk = walks["quiz"], walks["bare"]
    digit = median([median(s["digit_ms"]) for s in quiz])
    enter = median([median(s["enter_ms"]) for s in quiz])
    digit_p90 = median([sorted(s["digit_ms"])[int(0.9 * (len(s["digit_ms"]) - 1))] for s in quiz])
    enter_p90 = median([sorted(s["enter_ms"])[int(0.9 * (len(s["enter_ms"]) - 1))] for s in quiz])
    for name, value, p90 in (
        ("digit key -> answer drawn (Pilot)", digit, digit_p90),
        ("Enter -> next question drawn (Pilot)", enter, enter_p90),
    ):
        row = Row(f"{name}; p90 {p90:.0f} ms", value, "ms", target="<= 30 ms", met=value <= 30)
        rows.append(row)
    mem = median([s["maxrss_mib"] for s in quiz])
    mem_bare = median([s["maxrss_mib"] for s in bare_walk])
    rows.append(
        Row(
            "peak memory (maxrss) through one whole quiz",
            mem,
            "MiB",
            "bare Textual app through similar screens",
            mem_bare,
            "<= 1.3x",
        )
    )
    finals = {s.get("final_screen") for s in quiz}
    if finals != {"ResultsScreen"}:
        rows[-1].notes.append(f"quiz walk ended on {finals}")

    for r in rows:
        if r.met is None and r.target and r.ratio is not None:
            limit = float(r.target.split("x")[0].split()[-1])
            r.met = r.ratio <= limit
            if "no Textual" in r.target and "imports Textual" in r.figure:
                r.met = False
    return rows


def compile_sources(log: Callable[[str], None]) -> None:
    """Write the package's bytecode first, as installing a wheel does.

    `make` installs the project in editable mode, so its .pyc files are written
    only when Python may write them; under PYTHONDONTWRITEBYTECODE every
    sample would recompile each edited module, which a person's installed
    copy never does. Textual and the other dependencies were compiled by pip.
    """
    log("compiling the package's bytecode (as an install would) ...")
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(REPO / "src")], check=True, stdout=subprocess.DEVNULL
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quizzes", type=int, default=300)
    parser.add_argument("--results", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    def log(msg: str) -> None:
        print(f"  {msg}", file=sys.stderr, flush=True)

    compile_sources(log)
    root = Path(tempfile.mkdtemp(prefix="readiness-bench-"))
    began = time.monotonic()
    try:
        rows = run_all(args.runs, args.quizzes, args.results, root, log)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print()
    print(f"Machine: {machine()}")
    print(
        f"Each figure: median of {args.runs} runs, each a fresh process; headless app at 80x24. "
        f"Took {time.monotonic() - began:.0f} s."
    )
    print()
    print(render_table(rows))
    missed = [r.figure for r in rows if r.met is False]
    print()
    print(f"{len(missed)} target(s) missed." if missed else "Every target met.")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ | {"ratio": r.ratio} for r in rows], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
