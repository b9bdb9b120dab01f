"""Shared fixtures: every test runs against the packaged knowledge base, with its own
cache, an empty notes directory and its own quiz data directory, so nothing on the
developer's machine leaks in or is written to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path_factory.getbasetemp() / "cache"
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
