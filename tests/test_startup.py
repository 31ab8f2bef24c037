"""Start-up stays light: the quick commands never import the scorers, the HTTP stack or the renderers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: top-level packages that cost hundreds of milliseconds to import; only the commands that need them load them.
HEAVY = ("textblob", "nltk", "vaderSentiment", "httpx", "httpcore", "rich", "feedparser")

SRC = Path(__file__).resolve().parents[1] / "src"

PROBE = """
import io, json, sys
from contextlib import redirect_stderr, redirect_stdout
from mentionwatch.cli import run
with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()):
    status = run(json.loads(sys.argv[1]))
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"status": status, "heavy": heavy, "out": out.getvalue()}))
"""


def probe(args: list[str], home: Path) -> dict[str, object]:
    """Run the CLI with ``args`` in a fresh interpreter; report its status and the heavy modules it imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTIONWATCH_")}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["MENTIONWATCH_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["sources"], ["inbox"], ["sources", "--help"], ["scan", "--help"], ["score", "--help"], ["inbox", "--help"]],
    ids=lambda a: " ".join(a),
)
def test_quick_commands_import_nothing_heavy(args: list[str], isolated_home: Path) -> None:
    result = probe(args, isolated_home)
    assert result["status"] == 0
    assert result["out"], "the command printed nothing"
    assert result["heavy"] == []


def test_sources_with_a_config_imports_nothing_heavy(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(
        '[business]\nname = "Joe\'s Bakery"\n\n[[keywords]]\nquery = "joesbakery"\n\n[sources.hackernews]\n[sources.rss]\nfeeds = ["https://example.invalid/feed"]\n',
        encoding="utf-8",
    )
    result = probe(["sources"], isolated_home)
    assert result["status"] == 0
    assert "hackernews" in str(result["out"])
    assert result["heavy"] == []


def stored(home: Path) -> Path:
    """A store in ``home`` holding a few scored mentions."""
    from mentionwatch.analysis import Analyser
    from mentionwatch.models import Mention
    from mentionwatch.store import Store

    path = home / "store.db"
    analyser = Analyser()
    texts = ["Still waiting for my order, three weeks now.", "Lovely bread, thank you!", "Are you open on Sunday?"]
    with Store.open(path) as store:
        store.record_scan([analyser.analyse(Mention.from_dict({"id": f"m{i}", "text": t})) for i, t in enumerate(texts)])
    return path


def test_inbox_as_json_lines_imports_nothing_heavy(isolated_home: Path) -> None:
    db = stored(isolated_home)
    result = probe(["inbox", "--db", str(db), "--format", "jsonl"], isolated_home)
    assert result["status"] == 0
    assert str(result["out"]).count("\n") == 3
    assert result["heavy"] == []


def test_inbox_as_a_table_loads_only_the_table_renderer(isolated_home: Path) -> None:
    db = stored(isolated_home)
    result = probe(["inbox", "--db", str(db)], isolated_home)
    assert result["status"] == 0
    assert "m0" in str(result["out"])
    assert result["heavy"] == ["rich"]


def test_scoring_a_text_imports_no_scorer_package(isolated_home: Path) -> None:
    """VADER and TextBlob are re-implemented over their packages' data files, so scoring imports neither.

    (The table test above guards against a probe that could never fail: it sees ``rich``.)
    """
    result = probe(["score", "Still waiting for my order, three weeks now."], isolated_home)
    assert result["status"] == 0
    assert "negative" in str(result["out"])
    assert result["heavy"] == []
