"""Scoring throughput on one core against bare TextBlob + VADER, and peak memory of streaming commands at 1k vs 100k.

    python benchmarks/throughput.py [--mentions 3000] [--small 1000] [--large 100000] [--skip-memory]

Throughput is mentions per CPU-second, best of three interleaved rounds, all in this process on the
same synthetic texts (benchmarks/synth.py):

- floor: ``TextBlob(t).sentiment`` plus VADER's ``polarity_scores(t)`` (one analyser, made once);
- full path: ``Analyser.analyse`` (sentiment, intent, priority, reply) on parsed mentions;
- ``score``: the ``score`` command in-process, JSON lines in and out (parse, analyse, serialise).

Memory is the peak RSS (``ru_maxrss``, read by a small parent of its own) of ``mentionwatch score`` and
``mentionwatch scan --input - --format jsonl`` run as subprocesses on 1,000 and on 100,000 lines.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import benchlib
import synth
from benchlib import Figure, say

DEMO_CONFIG = benchlib.SRC / "mentionwatch" / "data" / "demo.toml"
MIN_RATE = 3000.0
MIN_SHARE = 0.75
MAX_GROWTH_MB = 50.0


def measure_throughput(n: int = 3000, rounds: int = 3) -> list[Figure]:
    """Rates of the floor, the full analysis and the ``score`` command over ``n`` synthetic mentions."""
    sys.path.insert(0, str(benchlib.SRC))
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from mentionwatch.analysis import Analyser
    from mentionwatch.cli import run
    from mentionwatch.config import load_config
    from mentionwatch.models import Mention

    raws = list(synth.mentions(n))
    texts = [r["text"] for r in raws]
    mentions = [Mention.from_dict(r) for r in raws]
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in raws)
    vader = SentimentIntensityAnalyzer()
    analyser = Analyser(load_config(DEMO_CONFIG))

    def bare() -> int:
        for text in texts:
            TextBlob(text).sentiment  # noqa: B018  (the property does the work)
            vader.polarity_scores(text)
        return len(texts)

    def full() -> int:
        analyse = analyser.analyse
        for mention in mentions:
            analyse(mention)
        return len(mentions)

    def score_command() -> int:
        stdin, out = io.StringIO(lines), io.StringIO()
        real_stdin = sys.stdin
        sys.stdin = stdin
        try:
            with contextlib.redirect_stdout(out):
                status = run(["score", "--config", str(DEMO_CONFIG)])
        finally:
            sys.stdin = real_stdin
        produced = out.getvalue().count("\n")
        if status != 0 or produced != n:
            raise RuntimeError(f"score exited {status} with {produced} of {n} lines")
        return produced

    # warm up: first calls load lexicons and compile patterns
    for text in texts[:50]:
        TextBlob(text).sentiment  # noqa: B018
        vader.polarity_scores(text)
    for mention in mentions[:50]:
        analyser.analyse(mention)

    best = {"bare": 0.0, "full": 0.0, "score": 0.0}
    for r in range(rounds):
        say(f"throughput round {r + 1}/{rounds} on {n} mentions")
        best["bare"] = max(best["bare"], benchlib.cpu_rate(bare, repeat=1))
        best["full"] = max(best["full"], benchlib.cpu_rate(full, repeat=1))
        best["score"] = max(best["score"], benchlib.cpu_rate(score_command, repeat=1))

    floor = "TextBlob + VADER alone"
    target = f"≥ {MIN_RATE:,.0f}/s and ≥ {MIN_SHARE:.2f}×"
    return [
        Figure("analyse: sentiment+intent+priority+reply (1 core)", best["full"], "/s", floor, best["bare"], target, _rate_met(best["full"], best["bare"])),
        Figure("score command, JSON lines in and out (1 core)", best["score"], "/s", floor, best["bare"], target, _rate_met(best["score"], best["bare"])),
    ]


def _rate_met(rate: float, floor: float) -> bool:
    return rate >= MIN_RATE and rate >= MIN_SHARE * floor


def measure_memory(small: int = 1000, large: int = 100_000, parallel: int = 2) -> list[Figure]:
    """Peak RSS of ``score`` and ``scan --input - --format jsonl`` on ``large`` vs ``small`` input lines."""
    figures = []
    with tempfile.TemporaryDirectory(prefix="mentionwatch-bench-") as tmp:
        paths: dict[int, Path] = {}
        for count in (small, large):
            paths[count] = Path(tmp) / f"mentions-{count}.jsonl"
            say(f"writing {count:,} synthetic mentions")
            synth.write_jsonl(str(paths[count]), count)
        commands: dict[str, list[str]] = {
            "score": ["score", "--config", str(DEMO_CONFIG)],
            "scan --input - --format jsonl": ["scan", "--input", "-", "--format", "jsonl", "--config", str(DEMO_CONFIG)],
        }
        jobs = [(label, count) for count in (large, small) for label in commands]

        def job(label: str, count: int) -> benchlib.ChildRun:
            home = Path(tmp) / f"home-{label.split()[0]}-{count}"
            home.mkdir()
            done = benchlib.run_child(
                benchlib.cli_command(*commands[label]), stdin_path=paths[count], env=benchlib.child_env(MENTIONWATCH_HOME=str(home)), peak=True
            )
            if done.status != 0:
                raise RuntimeError(f"{label} on {count:,} lines exited {done.status}: {done.stderr[-500:]}")
            say(f"  {label} on {count:,} lines: {done.seconds:.1f} s, peak RSS {done.peak_rss_mb:.1f} MB")
            return done

        say(f"memory: {len(jobs)} runs, {parallel} at a time")
        # peak RSS is per process, so running children side by side does not change it
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            runs = dict(zip(jobs, pool.map(lambda j: job(*j), jobs), strict=True))
        for label in commands:
            grown = runs[label, large].peak_rss_mb - runs[label, small].peak_rss_mb
            figures.append(
                Figure(
                    f"peak RSS, {label}, {large:,} lines",
                    runs[label, large].peak_rss_mb,
                    "MB",
                    f"same on {small:,} lines",
                    runs[label, small].peak_rss_mb,
                    f"≤ +{MAX_GROWTH_MB:.0f} MB ({grown:+.1f} MB)",
                    grown <= MAX_GROWTH_MB,
                )
            )
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the throughput and memory benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=3000, help="mentions per throughput round")
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args(argv)
    figures = measure_throughput(args.mentions)
    if not args.skip_memory:
        figures += measure_memory(args.small, args.large)
    benchlib.print_report(figures)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
