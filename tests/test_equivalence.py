"""The fast path in ``entry`` and the full Typer path print exactly the same thing."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, entry_run, typer_run

DOC = json.loads(DATA.read_text(encoding="utf-8"))
SERVICES = [s["id"] for s in DOC["services"]]
LIMITS = [(s["id"], lim["id"]) for s in DOC["services"] for lim in s["limits"]]
TERMS = [t["id"] for t in DOC["terms"]]
COMPARISONS = [c["subjects"] for c in DOC["comparisons"]]


def same(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    fast = entry_run(*argv, capsys=capsys)
    full = typer_run(*argv)
    assert (fast.code, fast.out, fast.err) == (full.code, full.out, full.err), argv


WORDS = st.sampled_from(
    [*SERVICES[:12], *(lid for _, lid in LIMITS[:12]), *TERMS[:12], "message", "size", "vs", "max", "dynamdb"]
)
FORMATS = st.sampled_from([None, "table", "text", "json", "markdown"])


def calls(argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple:
    """The (command, words, format) each path hands to ``commands.execute``."""
    from awsref import commands

    seen: list[tuple] = []

    def record(command: str, args: list[str], fmt: str | None, options: dict | None = None) -> int:
        seen.append((command, list(args), fmt, {k: v for k, v in (options or {}).items() if v is not None}))
        return 0

    monkeypatch.setattr(commands, "execute", record)
    entry_run(*argv, capsys=capsys)
    fast = list(seen)
    seen.clear()
    typer_run(*argv)
    return fast, list(seen)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    command=st.sampled_from(["limit", "compare", "define", "show", "search"]),
    words=st.lists(WORDS, min_size=1, max_size=4),
    fmt=FORMATS,
)
def test_both_paths_hand_the_same_call_to_the_same_function(
    command: str,
    words: list[str],
    fmt: str | None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [command, *words, *(["-o", fmt] if fmt else [])]
    fast, full = calls(argv, monkeypatch, capsys)
    assert fast == full == [(command, words, fmt, {})]


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "sqs", "-o", "table"],
        ["limit", "sqs", "message-size", "-o", "markdown"],
        ["define", "gsi", "-o", "json"],
        ["compare", "memcached", "redis", "-o", "text"],
        ["list", "terms", "-o", "json"],
    ],
    ids=" ".join,
)
def test_real_output_is_identical_on_both_paths(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    same(argv, capsys)


@pytest.mark.parametrize(
    "argv",
    [
        ["limit", "sqs", "banana"],
        ["compare", "sqs"],
        ["compare", "sqs", "sqs"],
        ["list", "bogus"],
        ["define", ""],
        ["search", "long", "polling"],
        ["list"],
        ["limit", "item", "size"],
    ],
    ids=" ".join,
)
def test_misses_and_errors_are_identical_on_both_paths(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    same([*argv, "-o", "text"], capsys)


def test_the_fast_path_is_taken_for_plain_lookups() -> None:
    from awsref.entry import parse_fast

    assert parse_fast(["limit", "sqs", "message-size", "-o", "json"]) == (
        "limit",
        ["sqs", "message-size"],
        "json",
    )
    assert parse_fast(["show", "--output=text", "s3"]) == ("show", ["s3"], "text")
    assert parse_fast(["list"]) == ("list", [], None)


@pytest.mark.parametrize(
    "argv",
    [
        ["limit"],
        ["limit", "--help"],
        ["limit", "sqs", "-o"],
        ["limit", "sqs", "-o", "yaml"],
        ["stats", "extra"],  # more words than the command takes
        ["--help"],
        ["show", "--", "s3"],
        ["validate"],
        [],
    ],
    ids=lambda a: " ".join(a) or "(none)",
)
def test_anything_unusual_goes_to_typer(argv: list[str]) -> None:
    from awsref.entry import parse_fast

    assert parse_fast(argv) is None
