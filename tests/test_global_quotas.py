"""A limit says whether it is global (one quota for the account in every Region, as Service
Quotas calls it) in every output format; a Regional one says so in JSON and text, and the
table does not spend a line on it (issue 22)."""

from __future__ import annotations

import json

import pytest

from awsref.records import RECORD_FIELDS
from awsref.spec import EXIT
from conftest import entry_run

GLOBAL = ("limit", "iam", "roles", "per", "account")
REGIONAL = ("limit", "lambda", "concurrent", "executions")


@pytest.fixture(autouse=True)
def plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWSREF_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AWSREF_PAGER", "never")


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    result = entry_run(*argv, capsys=capsys)
    assert result.code == EXIT["OK"], result.err
    return result.out


def test_json_carries_global_true_or_false(capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(_out(capsys, *GLOBAL, "-o", "json"))["result"]["global"] is True
    assert json.loads(_out(capsys, *REGIONAL, "-o", "json"))["result"]["global"] is False


def test_the_text_record_ends_with_the_global_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert RECORD_FIELDS["limit"][-1] == "global"
    assert _out(capsys, *GLOBAL, "-o", "text").rstrip("\n").split("\t")[-1] == "yes"
    assert _out(capsys, *REGIONAL, "-o", "text").rstrip("\n").split("\t")[-1] == "no"


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_table_and_markdown_name_a_global_quota_only(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert "Global" in _out(capsys, *GLOBAL, "-o", fmt)
    assert "Global" not in _out(capsys, *REGIONAL, "-o", fmt)


def test_a_list_with_a_global_quota_gets_a_global_column(capsys: pytest.CaptureFixture[str]) -> None:
    assert "Global" in _out(capsys, "list", "quotas", "iam", "-o", "table")
    assert "Global" not in _out(capsys, "list", "quotas", "lambda", "-o", "table")
