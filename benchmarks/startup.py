"""Start-up time of the quick commands against ``python -c "import click"`` (Click is the floor).

    python benchmarks/startup.py [--runs 10]

Every command runs as a fresh subprocess, interleaved with the baseline so that load on the machine
hits both alike; the figure is the median wall time. The child gets this checkout's code with its
bytecode cached (as an installed package has it). Each quick command is also probed once for the
heavy packages it must not import.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory

import benchlib
import synth
from benchlib import Figure, say

HEAVY = ("textblob", "nltk", "vaderSentiment", "httpx", "httpcore", "rich", "feedparser")
MAX_RATIO = 1.5

PROBE = f"HEAVY = {HEAVY!r}\n" + """
import io, json, sys
from contextlib import redirect_stderr, redirect_stdout
from mentionwatch.cli import run
with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
    status = run(sys.argv[1:])
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))))
"""


#: what each quick command may import of HEAVY: ``inbox`` draws its table with rich
ALLOWED = {"inbox (a table of 50)": {"rich"}}


def commands_available() -> dict[str, list[str]]:
    """The quick commands to time: ``inbox`` only once the store has landed."""
    sys.path.insert(0, str(benchlib.SRC))
    from mentionwatch.cli import COMMANDS

    chosen = {"--help": ["--help"], "--version": ["--version"], "sources": ["sources"]}
    if "inbox" in COMMANDS:
        chosen["inbox --format jsonl"] = ["inbox", "--format", "jsonl"]
        chosen["inbox (a table of 50)"] = ["inbox"]
    return chosen


def fill_store(home: str, env: dict[str, str]) -> None:
    """Give the temporary home a store with 50 scored mentions, so ``inbox`` has a table to draw."""
    path = Path(home, "input.jsonl")
    synth.write_jsonl(str(path), 50)
    done = benchlib.run_child(benchlib.cli_command("scan", "--input", str(path), "--format", "jsonl"), env=env)
    if done.status != 0:
        raise RuntimeError(f"scan --input exited {done.status}: {done.stderr[-300:]}")


def heavy_imports(args: Sequence[str], env: dict[str, str]) -> list[str]:
    """Which heavy packages ``mentionwatch ARGS`` imports."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True, timeout=120)
    found: list[str] = json.loads(done.stdout)
    return found


def measure(runs: int = 10) -> list[Figure]:
    """Median start-up of each quick command and of the baselines, measured in the same run."""
    with TemporaryDirectory(prefix="mentionwatch-bench-home-") as home:
        env = benchlib.child_env(MENTIONWATCH_HOME=home)
        Path(home, "config.toml").write_text(
            '[business]\nname = "Joe\'s Bakery"\n\n[[keywords]]\nquery = "joesbakery"\n\n[sources.hackernews]\n', encoding="utf-8"
        )
        quick = commands_available()
        if any(name.startswith("inbox") for name in quick):
            fill_store(home, env)
        argvs: dict[str, list[str]] = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import click": [sys.executable, "-c", "import click"],
            "eager imports": [sys.executable, "-c", "import click, textblob, vaderSentiment.vaderSentiment, httpx, rich.console, feedparser"],
        }
        for name, args in quick.items():
            argvs[name] = benchlib.cli_command(*args)
        for argv in argvs.values():  # warm the bytecode cache and the OS file cache
            benchlib.run_child(argv, env=env)
        times: dict[str, list[float]] = {name: [] for name in argvs}
        say(f"start-up: {runs} interleaved runs of {len(argvs)} commands")
        for _ in range(runs):
            for name, argv in argvs.items():
                done = benchlib.run_child(argv, env=env)
                if done.status != 0:
                    raise RuntimeError(f"{name} exited {done.status}: {done.stderr[-300:]}")
                times[name].append(done.seconds * 1000)
        median = {name: statistics.median(values) for name, values in times.items()}
        heavy = {name: heavy_imports(args, env) for name, args in quick.items()}

    click_ms = median["import click"]
    figures = [
        Figure('python -c "import click"', click_ms, "ms", "python -c pass", median["python -c pass"], "floor", None),
        Figure("eager imports (what lazy loading avoids)", median["eager imports"], "ms", 'python -c "import click"', click_ms, "-", None),
    ]
    for name in quick:
        allowed = ALLOWED.get(name, set())
        unwanted = [m for m in heavy[name] if m not in allowed]
        note = f"imports {', '.join(unwanted)}" if unwanted else "nothing heavy imported"
        if allowed & set(heavy[name]):
            note += f" (only {', '.join(sorted(allowed & set(heavy[name])))} for its table)"
        if name == "--help":
            target = f"≤ {MAX_RATIO}×, {note}"
            met = median[name] <= MAX_RATIO * click_ms and not unwanted
        else:
            target = note
            met = not unwanted
        figures.append(Figure(f"mentionwatch {name}", median[name], "ms", 'python -c "import click"', click_ms, target, met))
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the start-up benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    figures = measure(args.runs)
    benchlib.print_report(figures)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
