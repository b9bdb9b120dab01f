"""Shared fixtures: every test runs against the packaged knowledge base, with its own
cache, an empty notes directory and its own quiz data directory, so nothing on the
developer's machine leaks in or is written to."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from awsref import entry
from awsref.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "notes.json"
# A frozen cut of the knowledge base (nine services with their terms and comparisons) that
# golden files are rendered from, so that they change only when rendering does, never when
# the data grows (rebuild it with a script only after a deliberate change of what it holds).
FIXTURE = ROOT / "tests" / "data" / "fixture-kb.json"
# The services of the small knowledge base (below) that tests of the machinery use: what a
# hostile notes file, a damaged pack or a full disk does does not depend on the size of the
# data, but a cold build of the packaged knowledge base costs about 1.7 s of CPU and one of
# these about 0.1 s.
SMALL_SERVICES = ("sqs", "sns", "dynamodb")


def cut_knowledge_base(doc: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    """``doc`` cut down to the services ``keep``: the terms of those services only, the
    comparisons among what is left, the exam outline's references to what is left; every
    field of every entry kept as it is, so the result is a valid knowledge base."""
    cut = json.loads(json.dumps(doc))
    cut["services"] = [s for s in cut["services"] if s["id"] in keep]
    cut["terms"] = [t for t in cut["terms"] if t["services"] and set(t["services"]) <= keep]
    ids = keep | {t["id"] for t in cut["terms"]}
    for term in cut["terms"]:
        term["see_also"] = [ref for ref in term["see_also"] if ref in ids]
    cut["comparisons"] = [
        c for c in cut["comparisons"] if set(c["subjects"]) <= ids and set(c["services"]) <= keep
    ]
    known = {
        "service": keep,
        "term": ids - keep,
        "comparison": {c["id"] for c in cut["comparisons"]},
        "limit": {f"{s['id']}/{lim['id']}" for s in cut["services"] for lim in s["limits"]},
    }
    for domain in (cut.get("exam") or {}).get("domains", []):
        for task in domain["tasks"]:
            for item in task["items"]:
                item["refs"] = [
                    r for r in item["refs"] if r.partition(":")[2] in known.get(r.partition(":")[0], ())
                ]
            task["items"] = [item for item in task["items"] if item["refs"]]
    return cut


@functools.cache
def packaged_sections() -> dict[str, object]:
    """Every section of the packaged knowledge base, built once per process (a cold build
    costs about 1.7 s of CPU): for modules that query it directly. Read, never change, it."""
    from awsref.kb import build

    return build(str(DATA), [])


@functools.cache
def small_document() -> str:
    """The packaged knowledge base cut to ``SMALL_SERVICES``, as JSON text (made once per process)."""
    return json.dumps(cut_knowledge_base(json.loads(DATA.read_text(encoding="utf-8")), set(SMALL_SERVICES)))


@pytest.fixture(scope="session")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``small_document()`` as a data file, written once per worker: point ``AWSREF_DATA`` at
    it where a test exercises the machinery (caches, notes, streams), not the data."""
    path = tmp_path_factory.getbasetemp() / "small-kb.json"
    if not path.exists():
        path.write_text(small_document(), encoding="utf-8")
    return path


def run_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache directory the tests of this run share, across pytest-xdist workers too (a
    worker's base directory is ``popen-gwN`` inside the run's): the packaged knowledge base
    is cold-built once per run, not once per worker. Its packs are written and replaced
    atomically, so workers may race to build them."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / "cache"


def pytest_configure(config: pytest.Config) -> None:
    """Compile awsref's bytecode once per run (in the controller, before any worker starts).

    Without it, a run under ``PYTHONDONTWRITEBYTECODE=1`` (set on some CI machines and
    shells) compiles every awsref module again in each of the hundreds of real processes
    the tests start: about half of a short command's CPU time. Python reads bytecode even
    when told not to write it; ``compileall`` writes only what is missing or stale.
    """
    if hasattr(config, "workerinput"):
        return
    import compileall

    try:  # a package directory we may not write (a system install) only costs speed
        compileall.compile_dir(str(Path(entry.__file__).parent), quiet=2)
    except OSError:
        pass


@pytest.fixture
def sections_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the cache sections the knowledge base reads from now on, in order: for
    tests that a path loads only what it needs."""
    from awsref.kb import KnowledgeBase

    read: list[str] = []
    original = KnowledgeBase.section

    def spy(self: KnowledgeBase, name: str) -> object:
        read.append(name)
        return original(self, name)

    monkeypatch.setattr(KnowledgeBase, "section", spy)
    return read


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = run_cache_dir(tmp_path_factory)
    notes = tmp_path_factory.getbasetemp() / "no-notes"
    notes.mkdir(exist_ok=True)
    monkeypatch.setenv("AWSREF_CACHE_DIR", str(cache))
    monkeypatch.setenv("AWSREF_NOTES_DIR", str(notes))
    monkeypatch.setenv("AWSREF_DATA_DIR", str(tmp_path_factory.getbasetemp() / "study"))
    monkeypatch.delenv("AWSREF_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("_AWSREF_COMPLETE", raising=False)
    monkeypatch.setenv("COLUMNS", "100")


class Result:
    """What a command printed and its exit code."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[:300]!r}, err={self.err[:300]!r})"


def typer_run(*args: str) -> Result:
    """Run through the full Typer app (CliRunner)."""
    result = CliRunner().invoke(app, list(args), prog_name="awsref")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def entry_run(*args: str, capsys: pytest.CaptureFixture[str]) -> Result:
    """Run through ``entry.dispatch`` in-process (the path the console script takes)."""
    code = entry.dispatch(list(args))
    out, err = capsys.readouterr()
    return Result(code, out, err)


def proc(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess:
    """Run ``python -m awsref`` as a real process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "awsref", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )
