"""Service Quotas codes: validated in the data, a name of their limit, shown in every format."""

from __future__ import annotations

import copy
import json

import pytest

from awsref import completion
from awsref.schema import check_references, check_shape
from awsref.text import is_quota_code
from conftest import DATA, entry_run

DOC = json.loads(DATA.read_text(encoding="utf-8"))


def _limit(doc: dict, sid: str, lid: str) -> dict:
    service = next(s for s in doc["services"] if s["id"] == sid)
    return next(lim for lim in service["limits"] if lim["id"] == lid)


def test_the_packaged_data_gives_well_formed_unique_codes_to_services_that_name_their_quota_service() -> None:
    codes = [
        (s["id"], lim["quota_code"]) for s in DOC["services"] for lim in s["limits"] if "quota_code" in lim
    ]
    assert len(codes) >= 100
    assert all(is_quota_code(code) for _, code in codes)
    assert len({code for _, code in codes}) == len(codes)
    with_codes = {sid for sid, _ in codes}
    assert all(s.get("quota_service") for s in DOC["services"] if s["id"] in with_codes)


@pytest.mark.parametrize("code", ["L-b99a9384", "L-B99A938", "L-B99A93845", "X-B99A9384", "L-G99A9384", " "])
def test_a_malformed_quota_code_is_a_data_error(code: str) -> None:
    doc = copy.deepcopy(DOC)
    _limit(doc, "lambda", "concurrency")["quota_code"] = code
    problems = check_shape(doc)
    assert any("quota_code" in p for p in problems), problems


def test_a_quota_code_given_to_two_limits_is_a_data_error() -> None:
    doc = copy.deepcopy(DOC)
    _limit(doc, "lambda", "timeout")["quota_code"] = "L-B99A9384"
    problems = check_references(doc)
    assert any("'L-B99A9384' is already the code of lambda/timeout" in p for p in problems), problems


def test_a_quota_code_in_a_service_without_quota_service_is_a_data_error() -> None:
    doc = copy.deepcopy(DOC)
    next(s for s in doc["services"] if s["id"] == "lambda").pop("quota_service")
    assert any("has no quota_service" in p for p in check_references(doc))


def test_a_malformed_quota_service_is_a_data_error() -> None:
    doc = copy.deepcopy(DOC)
    next(s for s in doc["services"] if s["id"] == "lambda")["quota_service"] = "lambda service"
    assert any("quota_service" in p for p in check_shape(doc))


@pytest.mark.parametrize(
    "words",
    [
        ["L-B99A9384"],
        ["l-b99a9384"],
        ["lambda", "L-B99A9384"],
        ["L-B99A9384", "lambda"],
        ["lamda", "L-B99A9384"],
    ],
)
def test_a_quota_code_names_its_limit_exactly_wherever_it_stands(
    words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = entry_run("limit", *words, "-o", "json", capsys=capsys)
    assert result.code == 0, result
    answer = json.loads(result.out)
    assert (answer["result"]["service"], answer["result"]["id"]) == ("lambda", "concurrency")
    assert answer["result"]["quota_code"] == "L-B99A9384"


def test_a_bare_quota_code_is_answered_as_its_limit(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("L-0918CF54", "-o", "text", capsys=capsys)
    assert result.code == 0
    assert result.out.split("\t")[1:3] == ["kinesis-data-streams", "shard-quota"]


def test_a_code_no_limit_has_is_not_found_never_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("limit", "lambda", "L-00000000", capsys=capsys)
    assert result.code == 1
    assert result.out == ""
    assert "no limit in awsref has the quota code L-00000000" in result.err


def test_a_code_with_another_service_is_not_found_and_names_the_codes_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = entry_run("limit", "sqs", "L-B99A9384", capsys=capsys)
    assert result.code == 1
    assert "L-B99A9384 is the quota code of Lambda Concurrent executions, not a limit of SQS" in result.err
    assert "awsref limit lambda concurrency" in result.err


def _record(capsys: pytest.CaptureFixture[str], *words: str) -> list[str]:
    return entry_run("limit", *words, "-o", "text", capsys=capsys).out.rstrip("\n").split("\t")


def test_the_text_record_gives_the_code_after_every_earlier_field(capsys: pytest.CaptureFixture[str]) -> None:
    fields = _record(capsys, "lambda", "concurrency")
    assert fields[0] == "limit"
    assert fields[14] == ""  # origin keeps its place
    assert fields[15] == "L-B99A9384"  # then the code; only "global" joined after it
    without = _record(capsys, "lambda", "timeout")
    assert len(without) == 17 and without[15] == "" and without[16] == "no"


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_table_and_markdown_show_the_quota_code_field(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = entry_run("limit", "lambda", "concurrency", "-o", fmt, capsys=capsys).out
    assert "Quota code" in out and "L-B99A9384" in out
    assert "Quota code" not in entry_run("limit", "lambda", "timeout", "-o", fmt, capsys=capsys).out


def test_tab_completes_the_codes_of_the_named_service() -> None:
    offered = completion.candidates(["limit", "lambda"], "L-")
    assert [code for code, _ in offered] == ["L-2ACBD22F", "L-9FEE3D26", "L-B99A9384"]
    assert offered[2][1].startswith("Lambda Concurrent executions: 1,000")


def test_tab_completes_every_code_without_a_service_in_any_case() -> None:
    offered = [code for code, _ in completion.candidates(["limit"], "l-b99")]
    assert offered == ["L-B99A9384"]


def test_search_finds_a_limit_by_its_code(capsys: pytest.CaptureFixture[str]) -> None:
    out = entry_run("search", "L-B99A9384", "-o", "json", capsys=capsys).out
    first = json.loads(out)["result"]["hits"][0]
    assert first["command"] == "awsref limit lambda concurrency"


def test_tab_after_usage_offers_only_services_with_quota_codes() -> None:
    offered = [sid for sid, _ in completion.candidates(["usage"], "")]
    assert "lambda" in offered and "dynamodb" in offered
    assert "sqs" not in offered and "sts" not in offered
    assert [sid for sid, _ in completion.candidates(["usage"], "lam")] == ["lambda"]
