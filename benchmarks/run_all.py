"""Run every benchmark and print one table: each figure, its same-run baseline, the ratio and the target.

    python benchmarks/run_all.py [--quick]

Start-up (subprocesses, median of 10), scoring throughput (one core, against bare TextBlob + VADER),
peak memory of the streaming commands (1,000 vs 100,000 mentions), the store at 1,000 vs 1,000,000
mentions, and concurrent fetching (against sequential). ``--quick`` shrinks every size for a smoke
run; its figures do not speak to the targets. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import time

import benchlib
from benchlib import Figure, say


def _have(module: str) -> bool:
    return (benchlib.BENCH / f"{module}.py").exists() and importlib.util.find_spec(module) is not None


def fetch_figures(rounds: int = 3) -> list[Figure]:
    """The sources' fetch benchmark (benchmarks/fetch_bench.py) as rows of the table."""
    import fetch_bench

    say(f"fetch: {len(fetch_bench.SOURCES)} sources × {len(fetch_bench.KEYWORDS)} keywords, 300 ms loopback server, {rounds} rounds")
    r = fetch_bench.measure(0.3, rounds)
    label = f"scan fetch, {len(fetch_bench.SOURCES)} sources × {len(fetch_bench.KEYWORDS)} keywords, 300 ms server"
    ok = r.failures == 0
    return [
        Figure(label, r.scan * 1000, "ms", "slowest single request", r.slowest * 1000, "< 2×", ok and r.scan < 2 * r.slowest),
        Figure(label, r.scan * 1000, "ms", "the same requests one after another", r.sequential * 1000, "-", None),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the suite and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test of the suite, not a measurement")
    args = parser.parse_args(argv)
    quick = args.quick
    started = time.perf_counter()
    figures: list[Figure] = []

    import startup

    figures += startup.measure(runs=3 if quick else 10)

    import throughput

    figures += throughput.measure_throughput(300 if quick else 3000)
    figures += throughput.measure_memory(100 if quick else 1000, 2000 if quick else 100_000)

    if _have("store_bench"):
        import store_bench

        figures += store_bench.measure(small=1000, large=20_000 if quick else 1_000_000)
    else:
        say("store benchmark not present (benchmarks/store_bench.py); skipped")

    if _have("fetch_bench"):
        figures += fetch_figures(rounds=1 if quick else 3)
    else:
        say("fetch benchmark not present (benchmarks/fetch_bench.py); skipped")

    elapsed = time.perf_counter() - started
    benchlib.print_report(figures, **{"Suite time": f"{elapsed:.0f} s" + (" (--quick: sizes too small to judge the targets)" if quick else "")})
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
