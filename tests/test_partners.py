"""Half of a pair is shown with its other half: a limit's ``partners`` are on its first screen.

Parameter Store's 4 KB standard value comes with the 8 KB advanced one, Lambda's 50 MB
zipped package with 250 MB unzipped, API Gateway's 10,000 rps with its 5,000 burst, a
Kinesis shard's 1 MB/s with its 1,000 records/s.
"""

from __future__ import annotations

import copy
import json

import pytest

from awsref.schema import check_references, check_shape
from conftest import DATA, entry_run

RAW = json.loads(DATA.read_text(encoding="utf-8"))
PAIRS = [
    (["systems-manager", "standard-parameter-value-size"], "8 KB"),
    (["systems-manager", "advanced-parameter-value-size"], "4 KB"),
    (["lambda", "zip-upload"], "250 MB unzipped"),
    (["lambda", "unzipped-package"], "50 MB zipped"),
    (["api-gateway", "throttle-rate"], "5,000 requests"),
    (["api-gateway", "burst"], "10,000 requests per second"),
    (["kinesis-data-streams", "shard-write-bytes"], "1,000 records/s"),
    (["kinesis-data-streams", "shard-write-records"], "1 MB/s"),
]


@pytest.mark.parametrize(("argv", "partner"), PAIRS, ids=[" ".join(a) for a, _ in PAIRS])
def test_the_partners_value_is_on_the_first_screen(
    argv: list[str], partner: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    first_screen = entry_run("limit", *argv, "-o", "table", capsys=capsys).out.splitlines()[:8]
    also = [line for line in first_screen if line.startswith("Also ")]
    assert also and partner in also[0], first_screen


def test_the_partner_is_a_text_record_and_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    text = entry_run("limit", "lambda", "zip-upload", "-o", "text", capsys=capsys).out.splitlines()
    assert text[1].split("\t") == [
        "partner",
        "lambda",
        "zip-upload",
        "unzipped-package",
        "Unzipped code size including layers",
        "250 MB unzipped, including layers",
        "awsref limit lambda unzipped-package",
    ]
    doc = json.loads(entry_run("limit", "lambda", "zip-upload", "-o", "json", capsys=capsys).out)
    assert doc["result"]["partners"] == ["unzipped-package"]
    assert doc["result"]["partner_limits"][0]["command"] == "awsref limit lambda unzipped-package"


def test_every_pair_in_the_data_goes_both_ways() -> None:
    for service in RAW["services"]:
        partners = {lim["id"]: set(lim.get("partners", [])) for lim in service["limits"]}
        for lid, others in partners.items():
            for other in others:
                assert lid in partners[other], f"{service['id']}: {other} does not name {lid}"


def _with_partner(partner: str) -> dict:
    doc = copy.deepcopy(RAW)
    lam = next(s for s in doc["services"] if s["id"] == "lambda")
    assert lam["limits"][0]["id"] == "timeout"
    lam["limits"][0]["partners"] = [partner]
    return doc


@pytest.mark.parametrize(
    ("partner", "problem"),
    [("no-such-limit", "service 'lambda' has no limit 'no-such-limit'"), ("timeout", "not its own partner")],
)
def test_a_partner_must_be_another_limit_of_the_same_service(partner: str, problem: str) -> None:
    doc = _with_partner(partner)
    problems = check_shape(doc) + check_references(doc)
    assert any(problem in p and ".partners[0]" in p for p in problems), problems


def test_partners_must_be_a_list_of_strings() -> None:
    doc = _with_partner("memory")
    lam = next(s for s in doc["services"] if s["id"] == "lambda")
    lam["limits"][0]["partners"] = "memory"
    assert any("partners: expected array" in p for p in check_shape(doc))
