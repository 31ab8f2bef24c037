"""Shared benchmark plumbing: the subprocess environment, peak memory of a child, timing and the result table."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(os.environ.get("MENTIONWATCH_BENCH_SRC") or ROOT / "src")  # another checkout's code, to compare
BENCH = Path(__file__).resolve().parent

_PYCACHE = Path(tempfile.gettempdir()) / "mentionwatch-bench-pycache"


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a benchmarked child: this checkout's code, with bytecode cached as an installed package has it.

    ``PYTHONDONTWRITEBYTECODE`` is dropped (an installed package ships compiled bytecode) and the
    cache goes to a temp directory so the checkout stays clean.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "MENTIONWATCH_CONFIG", "NO_COLOR")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    env["PYTHONPYCACHEPREFIX"] = str(_PYCACHE)
    env.update(extra)
    return env


def cli_command(*args: str) -> list[str]:
    """The argv that runs ``mentionwatch ARGS`` the way the installed console script does."""
    return [sys.executable, "-c", "import sys; from mentionwatch.cli import main; sys.argv[0] = 'mentionwatch'; main()", *args]


@dataclass(frozen=True)
class ChildRun:
    """What a finished child process used."""

    status: int
    seconds: float
    #: peak resident set in MB, when asked for (else 0)
    peak_rss_mb: float
    stderr: str


#: Runs the command as its own child and reports that child's peak RSS. A child started straight
#: from the benchmark inherits the benchmark's own high-water mark (Linux keeps the larger of the
#: old and the new address space's peak across vfork + exec), so this small parent stands between.
_PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[2:], stdin=sys.stdin, stdout=subprocess.DEVNULL)
scale = 1024 * 1024 if sys.platform == "darwin" else 1024
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale))
sys.exit(done.returncode)
"""


def run_child(argv: Sequence[str], *, stdin_path: str | Path | None = None, env: dict[str, str] | None = None, peak: bool = False) -> ChildRun:
    """Run ``argv`` to completion (stdout discarded); its status, wall time and, with ``peak``, its peak RSS."""
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as err,
        open(stdin_path or os.devnull, "rb") as stdin,
        tempfile.NamedTemporaryFile("r", encoding="ascii", suffix=".rss") as rss,
    ):
        command = [sys.executable, "-c", _PEAK, rss.name, *argv] if peak else list(argv)
        start = time.perf_counter()
        done = subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=err, env=env or child_env(), check=False)
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read()
        peak_mb = float(rss.read() or 0) if peak else 0.0
    return ChildRun(status=done.returncode, seconds=seconds, peak_rss_mb=peak_mb, stderr=stderr)


def median_wall(argv: Sequence[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of ``runs`` runs of ``argv``, in seconds."""
    return statistics.median(run_child(argv, env=env).seconds for _ in range(runs))


def cpu_rate(func: Callable[[], int], *, repeat: int = 3) -> float:
    """Items per CPU-second of ``func`` (which returns how many items it handled): the best of ``repeat`` runs."""
    best = 0.0
    for _ in range(repeat):
        start = time.process_time()
        count = func()
        elapsed = time.process_time() - start
        best = max(best, count / elapsed if elapsed > 0 else float("inf"))
    return best


@dataclass(frozen=True)
class Figure:
    """One row of the results table."""

    name: str
    value: float
    unit: str
    baseline: str
    baseline_value: float | None
    target: str
    met: bool | None

    @property
    def ratio(self) -> float | None:
        """value / baseline value."""
        if self.baseline_value is None or self.baseline_value == 0:
            return None
        return self.value / self.baseline_value


def fmt(value: float | None, unit: str) -> str:
    """A number with its unit, at a sensible precision."""
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:g} {unit}".strip()


def table(figures: Sequence[Figure]) -> str:
    """The results as one Markdown table."""
    header = ("figure", "value", "baseline", "baseline value", "ratio", "target", "met?")
    rows = [header, tuple("---" for _ in header)]
    for f in figures:
        ratio = f.ratio
        rows.append(
            (
                f.name,
                fmt(f.value, f.unit),
                f.baseline,
                fmt(f.baseline_value, f.unit),
                "-" if ratio is None else f"{ratio:.2f}×",
                f.target,
                "-" if f.met is None else ("yes" if f.met else "**NO**"),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for r in rows:
        cells = [c.ljust(w) if c != "---" else "-" * w for c, w in zip(r, widths, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    """CPU model, cores and Python version of this machine."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model}, {cores} cores, Python {platform.python_version()} on {platform.system()} {platform.release()}"


def say(message: str, stream: IO[str] | None = None) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(message, file=stream or sys.stderr, flush=True)


def print_report(figures: Sequence[Figure], **notes: Any) -> None:
    """Print the table and the machine line to stdout."""
    print(table(figures))
    print()
    print(f"Machine: {machine()}")
    for key, value in notes.items():
        print(f"{key}: {value}")
