"""Same output before and after: a guard for optimising the scoring path without changing what it says.

    python benchmarks/same_output.py write ../shared/eval --out /tmp/golden.jsonl   # on the commit before
    python benchmarks/same_output.py check ../shared/eval --out /tmp/golden.jsonl   # after: exit 1 on any difference
    python benchmarks/same_output.py time  ../shared/eval                           # CPU µs per mention, full path

Runs ``Analyser.analyse`` on every text of the eval folder (VADER, airline, complaints, ibm-cdp,
twcs), 3,000 synthetic mentions and the bundled demo, under three configs (the demo's; formal with
emoji and never_say; no config), at a fixed time, and writes or compares every mention object whole
(about 62,000 of them). The outputs stay where ``--out`` puts them, outside the project: some eval
sets are for measurement only. ``--repo`` points at another checkout (a git worktree, say) to test
its ``src/`` instead of this one's.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from itertools import zip_longest
from pathlib import Path
from typing import Any

NOW = datetime(2026, 11, 22, 7, 0, 3, tzinfo=timezone.utc)
SOURCES = ("x", "mastodon", "bluesky", "reddit", "hackernews", "rss", "github", "discourse")
NAMES = (None, "Jane Doe", "dani okafor", "Ms. Priya K", "🍞 bread fan", "J")


def texts(eval_dir: Path, repo: Path) -> Iterator[tuple[str, str | None]]:
    """``(text, author handle)`` of every text the guard runs on, always in the same order."""
    for name in ("tweets_GroundTruth.txt", "amazonReviewSnippets_GroundTruth.txt"):
        with (eval_dir / "vader" / name).open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3:
                    yield "\t".join(parts[2:]), None
    with (eval_dir / "airline" / "tweets.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["text"], None
    with (eval_dir / "complaints" / "complaints.csv").open(encoding="utf-8", newline="") as handle:
        for fields in csv.reader(handle):
            if len(fields) >= 4:
                yield fields[1], None
    import replies_rubric
    import synth

    conversations = replies_rubric.load_ibm(eval_dir / "ibm-cdp" / "conversations.json")
    conversations += replies_rubric.load_twcs(eval_dir / "twcs" / "sample.csv")
    for convo in conversations:
        yield convo.text, convo.handle
    for raw in synth.mentions(3000):
        yield raw["text"], (raw.get("author") or {}).get("handle")
    with (repo / "src" / "mentionwatch" / "data" / "demo.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            raw = json.loads(line)
            yield raw["text"], (raw.get("author") or {}).get("handle")


def mentions(eval_dir: Path, repo: Path) -> list[Any]:
    """The texts as mentions with varied sources, names, reach, engagement, ages and titles."""
    from mentionwatch.models import Mention

    out = []
    for i, (text, handle) in enumerate(texts(eval_dir, repo)):
        raw: dict[str, Any] = {
            "id": f"g:{i}",
            "text": text,
            "source": SOURCES[i % len(SOURCES)],
            "created_at": f"2026-11-{21 - i % 5:02d}T{i % 24:02d}:15:00Z",
            "author": {"handle": handle or f"user{i % 97}", "name": NAMES[i % len(NAMES)], "reach": (i * 37) % 5000},
            "engagement": {"likes": i % 13, "replies": i % 3, "shares": i % 2},
        }
        if i % 11 == 0:
            raw["title"] = "Re: " + text[:40]
        out.append(Mention.from_dict(raw))
    return out


def analysers(repo: Path) -> list[tuple[str, Any]]:
    """The three configs, each with an analyser fixed at ``NOW``."""
    from mentionwatch.analysis import Analyser
    from mentionwatch.config import Config, load_config

    demo = load_config(repo / "src" / "mentionwatch" / "data" / "demo.toml")
    formal = dataclasses.replace(
        demo, replies=dataclasses.replace(demo.replies, tone="formal", emoji=True, never_say=("sorry to hear", "thanks so much"))
    )
    return [("demo", Analyser(demo, now=NOW)), ("formal", Analyser(formal, now=NOW)), ("bare", Analyser(Config(), now=NOW))]


def outputs(eval_dir: Path, repo: Path) -> Iterator[str]:
    """One line per mention and config: the config's name, a tab, the mention object as sorted JSON."""
    items = mentions(eval_dir, repo)
    for name, analyser in analysers(repo):
        for mention in items:
            data = analyser.analyse(mention).to_dict()
            data.pop("fetched_at", None)
            yield f"{name}\t{json.dumps(data, ensure_ascii=False, sort_keys=True)}\n"


def show_difference(want: str, got: str) -> None:
    """Print the keys in which two output lines differ."""
    name, want_json = want.split("\t", 1)
    a, b = json.loads(want_json), json.loads(got.split("\t", 1)[1])
    print(f"--- [{name}] {a['id']}: {a['text'][:100]!r}")
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            print(f"  {key}:\n    want {json.dumps(a.get(key), ensure_ascii=False)[:600]}\n    got  {json.dumps(b.get(key), ensure_ascii=False)[:600]}")


def main(argv: Sequence[str] | None = None) -> int:
    """Write, check or time."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["write", "check", "time"])
    parser.add_argument("eval", type=Path, help="the eval data folder (../shared/eval)")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1], help="the checkout whose src/ is run")
    parser.add_argument("--out", type=Path, default=Path("/tmp/mentionwatch-same-output.jsonl"), help="where outputs are written or read")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    sys.path[:0] = [str(repo / "src"), str(repo / "benchmarks")]

    if args.mode == "write":
        count = 0
        with args.out.open("w", encoding="utf-8") as handle:
            for line in outputs(args.eval, repo):
                handle.write(line)
                count += 1
        print(f"wrote {count} outputs to {args.out}")
        return 0
    if args.mode == "check":
        compared = differ = 0
        with args.out.open(encoding="utf-8") as handle:
            for got, want in zip_longest(outputs(args.eval, repo), handle, fillvalue=""):
                compared += 1
                if got != want:
                    differ += 1
                    if differ <= 5 and got and want:
                        show_difference(want, got)
                    elif differ <= 5:
                        print(f"--- line {compared}: {'the stored outputs' if not want else 'this run'} ended early")
        print(f"{compared} outputs compared, {differ} differ")
        return 1 if differ else 0
    items = mentions(args.eval, repo)[:8000]
    analyser = analysers(repo)[0][1]
    for mention in items[:300]:
        analyser.analyse(mention)
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for mention in items:
            analyser.analyse(mention)
        best = min(best, time.process_time() - started)
    print(f"full path: {best / len(items) * 1e6:.0f} µs per mention over {len(items)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
