"""Measure sentiment and intent on human-labeled mentions, beside TextBlob alone and VADER alone.

Usage::

    python benchmarks/quality.py ../shared/eval          # every data set found in the folder
    python benchmarks/quality.py ../shared/eval --no-speed

The folder layout is the one described in the data folder's README: ``vader/`` (MIT), ``airline/``
and ``complaints/`` (measurement only: nothing from them is copied into the project). Every figure
for mentionwatch comes from the public scoring path, ``Analyser(config).analyse(Mention.from_dict(...))``,
the same one the ``score`` command uses. TextBlob and VADER run in the same process on the same texts.

Baselines: TextBlob is ``TextBlob(text).sentiment.polarity``, VADER is the ``compound`` score. For the
3-class task they are labelled with their authors' usual thresholds (TextBlob: sign of the polarity;
VADER: compound >= 0.05 positive, <= -0.05 negative); for complaints, "negative" counts as a complaint.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from mentionwatch.analysis import Analyser  # noqa: E402
from mentionwatch.config import Config  # noqa: E402
from mentionwatch.models import Mention  # noqa: E402

CHATTER_DOMAINS = ("random_reply", "random_tweet")
LABELS3 = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Scored:
    """One text scored three ways."""

    ours_score: float
    ours_label: str
    ours_intent: str
    textblob: float
    vader: float


class Scorers:
    """Our public scoring path, bare TextBlob and bare VADER, in one process."""

    def __init__(self) -> None:
        from textblob import TextBlob
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._blob = TextBlob
        self._vader = SentimentIntensityAnalyzer()
        self._analyser = Analyser(Config())

    def ours(self, text: str, key: str) -> Mention:
        """Run the full public path on one text."""
        return self._analyser.analyse(Mention.from_dict({"id": key, "text": text, "source": "x"}))

    def textblob(self, text: str) -> float:
        """TextBlob polarity in [-1, 1]."""
        return float(self._blob(text).sentiment.polarity)

    def vader(self, text: str) -> float:
        """VADER compound in [-1, 1]."""
        return float(self._vader.polarity_scores(text)["compound"])

    def score(self, text: str, key: str) -> Scored:
        """All three scores for ``text``."""
        mention = self.ours(text, key)
        assert mention.sentiment is not None and mention.intent is not None
        return Scored(
            ours_score=mention.sentiment.score,
            ours_label=mention.sentiment.label,
            ours_intent=mention.intent,
            textblob=self.textblob(text),
            vader=self.vader(text),
        )


# --- metrics -----------------------------------------------------------------------------------


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation coefficient."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def macro_f1(truth: Sequence[str], predicted: Sequence[str], labels: Iterable[str]) -> float:
    """Unweighted mean of the per-class F1 scores."""
    scores = []
    for label in labels:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != label and p == label)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def label_textblob(polarity: float) -> str:
    """TextBlob's usual reading: the sign of the polarity."""
    return "positive" if polarity > 0 else "negative" if polarity < 0 else "neutral"


def label_vader(compound: float) -> str:
    """VADER's documented thresholds."""
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


# --- data sets ---------------------------------------------------------------------------------


def read_vader(path: Path) -> list[tuple[str, float, str]]:
    """``(id, mean rating, text)`` rows of a VADER ground-truth file."""
    rows = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                rows.append((parts[0], float(parts[1]), "\t".join(parts[2:])))
    return rows


def read_airline(path: Path) -> list[tuple[str, str, str]]:
    """``(id, label, text)`` for airline tweets whose label confidence is at least 0.7."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["tweet_id"], r["airline_sentiment"], r["text"])
            for r in csv.DictReader(fh)
            if float(r["airline_sentiment_confidence"] or 0) >= 0.7
        ]


def read_complaints(path: Path) -> list[tuple[str, str, bool, str]]:
    """``(id, text, is complaint, domain)`` rows of the complaints file (no header)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r[0], r[1], r[2].strip() == "1", r[3].strip()) for r in csv.reader(fh) if len(r) >= 4]


# --- reports -----------------------------------------------------------------------------------


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(c) for c in header]] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [title]
    for n, r in enumerate(cells):
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report_vader(scorers: Scorers, path: Path, name: str) -> str:
    """Pearson r against the mean human rating."""
    rows = read_vader(path)
    scored = [scorers.score(text, f"{name}:{key}") for key, _, text in rows]
    gold = [rating for _, rating, _ in rows]
    return table(
        f"{name}: {path.name}, {len(rows)} texts, Pearson r against the mean human rating",
        ("measure", "mentionwatch", "TextBlob", "VADER"),
        [
            (
                "Pearson r",
                pearson([s.ours_score for s in scored], gold),
                pearson([s.textblob for s in scored], gold),
                pearson([s.vader for s in scored], gold),
            )
        ],
    )


def report_airline(scorers: Scorers, path: Path) -> str:
    """3-class macro-F1 on the tweets whose label confidence is at least 0.7."""
    rows = read_airline(path)
    scored = [scorers.score(text, f"airline:{key}") for key, _, text in rows]
    gold = [label for _, label, _ in rows]
    ours = [s.ours_label for s in scored]
    blob = [label_textblob(s.textblob) for s in scored]
    vader = [label_vader(s.vader) for s in scored]
    body: list[tuple[Any, ...]] = [
        ("3-class macro-F1", macro_f1(gold, ours, LABELS3), macro_f1(gold, blob, LABELS3), macro_f1(gold, vader, LABELS3))
    ]
    for label in LABELS3:
        body.append(
            (
                f"  F1 {label}",
                macro_f1(gold, ours, [label]),
                macro_f1(gold, blob, [label]),
                macro_f1(gold, vader, [label]),
            )
        )
    return table(
        f"airline: {path.name}, {len(rows)} tweets with label confidence >= 0.7",
        ("measure", "mentionwatch", "TextBlob", "VADER"),
        body,
    )


def report_complaints(scorers: Scorers, path: Path) -> str:
    """Complaint vs not macro-F1 per domain, and false positives on non-business chatter."""
    rows = read_complaints(path)
    scored = [scorers.score(text, f"complaints:{key}") for key, text, _, _ in rows]
    preds: dict[str, Callable[[Scored], bool]] = {
        "ours": lambda s: s.ours_intent == "complaint",
        "blob": lambda s: s.textblob < 0,
        "vader": lambda s: s.vader <= -0.05,
    }

    def f1(idx: list[int]) -> tuple[float, float, float]:
        gold = ["y" if rows[i][2] else "n" for i in idx]
        out = []
        for key in ("ours", "blob", "vader"):
            pred = ["y" if preds[key](scored[i]) else "n" for i in idx]
            out.append(macro_f1(gold, pred, ("y", "n")))
        return out[0], out[1], out[2]

    brand = [i for i, r in enumerate(rows) if r[3] not in CHATTER_DOMAINS]
    chatter = [i for i, r in enumerate(rows) if r[3] in CHATTER_DOMAINS]
    body: list[tuple[Any, ...]] = [("brand-directed, all domains", len(brand), *f1(brand))]
    for domain in sorted({rows[i][3] for i in brand}):
        idx = [i for i in brand if rows[i][3] == domain]
        body.append((f"  {domain}", len(idx), *f1(idx)))
    if chatter:
        body.append(
            (
                "chatter: false-positive rate",
                len(chatter),
                *(sum(1 for i in chatter if preds[k](scored[i])) / len(chatter) for k in ("ours", "blob", "vader")),
            )
        )
    return table(
        f"complaints: {path.name}, complaint vs not macro-F1 (intent 'complaint' counts as complaint; "
        "baselines: negative counts)",
        ("measure", "rows", "mentionwatch", "TextBlob", "VADER"),
        body,
    )


def report_speed(scorers: Scorers, texts: Sequence[str], repeat: int = 3, chunk: int = 250) -> str:
    """Mentions per second: the full path against bare TextBlob + VADER on the same texts.

    The two paths run in alternating chunks so that a change in machine load hits both alike, and
    time is this process's CPU time, so other work on the machine does not count; each path's time
    is the best of ``repeat`` rounds.
    """

    def bare(text: str, n: int) -> object:
        return scorers.textblob(text), scorers.vader(text)

    def full(text: str, n: int) -> object:
        return scorers.ours(text, f"speed:{n}")

    best = {"bare": math.inf, "full": math.inf}
    for _ in range(repeat):
        spent = {"bare": 0.0, "full": 0.0}
        for start in range(0, len(texts), chunk):
            part = texts[start : start + chunk]
            for name, fn in (("bare", bare), ("full", full)):
                began = time.process_time()
                for n, text in enumerate(part, start):
                    fn(text, n)
                spent[name] += time.process_time() - began
        for name in best:
            best[name] = min(best[name], spent[name])
    bare_rate = len(texts) / best["bare"]
    full_rate = len(texts) / best["full"]
    return table(
        f"speed: {len(texts)} texts, one core, CPU time, paths interleaved, best of {repeat}",
        ("path", "mentions/s", "ratio"),
        [
            ("bare TextBlob + VADER", f"{bare_rate:,.0f}", "1.00"),
            ("mentionwatch full path (sentiment, intent, priority, reply)", f"{full_rate:,.0f}", f"{full_rate / bare_rate:.2f}"),
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print one table per data set found under the data folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("data", type=Path, help="the labeled data folder (e.g. ../shared/eval)")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    parser.add_argument("--speed-only", action="store_true", help="only measure speed")
    args = parser.parse_args(argv)
    data: Path = args.data
    if not data.is_dir():
        parser.error(f"not a folder: {data}")

    scorers = Scorers()
    scorers.score("warm up the lexicons", "warmup")
    reports = []
    texts: list[str] = []
    measure = not args.speed_only
    for name, rel in (("VADER tweets", "vader/tweets_GroundTruth.txt"), ("VADER review snippets", "vader/amazonReviewSnippets_GroundTruth.txt")):
        if (data / rel).is_file():
            if measure:
                reports.append(report_vader(scorers, data / rel, name))
            texts += [t for _, _, t in read_vader(data / rel)][:2000]
    if (data / "airline/tweets.csv").is_file():
        if measure:
            reports.append(report_airline(scorers, data / "airline/tweets.csv"))
        texts += [t for _, _, t in read_airline(data / "airline/tweets.csv")][:2000]
    if (data / "complaints/complaints.csv").is_file():
        if measure:
            reports.append(report_complaints(scorers, data / "complaints/complaints.csv"))
        texts += [t for _, t, _, _ in read_complaints(data / "complaints/complaints.csv")][:2000]
    if not texts:
        parser.error(f"no known data set under {data}")
    if not args.no_speed:
        reports.append(report_speed(scorers, texts))
    print("\n\n".join(reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
