"""The fast path in ``entry`` and the full Typer path print exactly the same thing."""

from __future__ import annotations

import json

import pytest

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


@pytest.mark.parametrize("fmt", ["text", "json", "table"])
def test_every_service_card_is_identical_on_both_paths(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    for sid in SERVICES:
        same(["show", sid, "-o", fmt], capsys)


@pytest.mark.parametrize("fmt", ["text", "json", "table", "markdown"])
def test_every_limit_is_identical_on_both_paths(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    for sid, lid in LIMITS:
        same(["limit", sid, lid, "-o", fmt], capsys)


@pytest.mark.parametrize("fmt", ["text", "json", "table"])
def test_every_term_is_identical_on_both_paths(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    for tid in TERMS:
        same(["define", tid, "-o", fmt], capsys)


def test_every_comparison_is_identical_on_both_paths(capsys: pytest.CaptureFixture[str]) -> None:
    for subjects in COMPARISONS:
        same(["compare", *subjects, "-o", "text"], capsys)


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
        ["list", "a", "b"],
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
