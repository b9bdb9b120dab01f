"""``awsref list quotas``: the limits with a Service Quotas code, and a limit's code,
adjustability and scope in every output format (issue 22). Rendered from the frozen
fixture knowledge base, so the expected sets come from the same file."""

from __future__ import annotations

import json

import pytest

from awsref.spec import EXIT
from conftest import FIXTURE, entry_run

LIMITS = [
    (s["id"], lim) for s in json.loads(FIXTURE.read_text(encoding="utf-8"))["services"] for lim in s["limits"]
]


@pytest.fixture(autouse=True)
def fixture_kb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWSREF_DATA", str(FIXTURE))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AWSREF_PAGER", "never")


def listed(capsys: pytest.CaptureFixture[str], *argv: str) -> list[tuple[str, str, str | None]]:
    result = entry_run("list", "quotas", *argv, "-o", "json", capsys=capsys)
    assert result.code == EXIT["OK"], result.err
    items = json.loads(result.out)["result"]["items"]
    return [(i["service"], i["id"], i.get("quota_code")) for i in items]


def test_list_quotas_is_every_limit_with_a_code_and_nothing_else(capsys: pytest.CaptureFixture[str]) -> None:
    expected = [(sid, lim["id"], lim["quota_code"]) for sid, lim in LIMITS if lim.get("quota_code")]
    assert expected and listed(capsys) == expected


def test_a_named_service_lists_all_its_limits_with_their_codes(capsys: pytest.CaptureFixture[str]) -> None:
    expected = [(sid, lim["id"], lim.get("quota_code")) for sid, lim in LIMITS if sid == "kms"]
    assert any(code is None for *_, code in expected)  # the fixture has both kinds
    assert listed(capsys, "kms") == expected


def test_adjustable_keeps_only_the_limits_aws_raises(capsys: pytest.CaptureFixture[str]) -> None:
    expected = [
        (sid, lim["id"], lim.get("quota_code")) for sid, lim in LIMITS if sid == "kms" and lim["adjustable"]
    ]
    assert 0 < len(expected) < len([1 for sid, _ in LIMITS if sid == "kms"])
    assert listed(capsys, "kms", "--adjustable") == expected


def test_a_word_that_names_no_service_is_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("list", "quotas", "azure", capsys=capsys)
    assert result.code == EXIT["NOT_FOUND"]
    assert "'azure' is not a service" in result.err


@pytest.mark.parametrize("argv", [["services", "lambda"], ["terms", "--adjustable"]], ids=" ".join)
def test_words_or_adjustable_on_another_list_are_usage_errors(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry_run("list", *argv, capsys=capsys).code == EXIT["USAGE"]


@pytest.mark.parametrize("fmt", ["table", "text", "markdown"])
def test_a_limit_found_by_its_code_shows_code_adjustable_and_scope_in_every_format(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = entry_run("limit", "lambda", "L-B99A9384", "-o", fmt, capsys=capsys)
    assert result.code == EXIT["OK"], result.err
    for shown in ("L-B99A9384", "per account per Region", "yes"):
        assert shown in result.out, (fmt, shown)


def test_a_limit_in_json_carries_its_code_adjustable_and_scope(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("limit", "lambda", "L-B99A9384", "-o", "json", capsys=capsys)
    limit = json.loads(result.out)["result"]
    assert (limit["quota_code"], limit["adjustable"], limit["scope"]) == (
        "L-B99A9384",
        True,
        "per account per Region",
    )
