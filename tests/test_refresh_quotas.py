"""scripts/refresh_quotas.py: AWS's current defaults against the data, as a reviewable diff (offline)."""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("boto3")
pytest.importorskip("moto")
import boto3
from botocore.stub import Stubber

from aws_fakes import FakeQuotas, mocked_aws, no_network, quota, use_fake_env
from conftest import DATA, ROOT

spec = importlib.util.spec_from_file_location("refresh_quotas", ROOT / "scripts" / "refresh_quotas.py")
assert spec is not None and spec.loader is not None
refresh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refresh)


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test here may look up a name or open a connection."""
    attempts = no_network(monkeypatch)
    yield
    assert attempts == [], attempts


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeQuotas]:
    use_fake_env(monkeypatch)
    with mocked_aws(monkeypatch) as fake:
        yield fake


def without_codes(service: dict) -> None:
    """A service Service Quotas is not asked about: no quota_service, no codes (still valid data)."""
    service.pop("quota_service", None)
    for lim in service["limits"]:
        lim.pop("quota_code", None)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The packaged data, cut to Lambda and API Gateway (so every listing can be faked)."""
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    for service in doc["services"]:
        if service["id"] not in ("lambda", "api-gateway"):
            without_codes(service)
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


LIVE = json.loads(DATA.read_text(encoding="utf-8"))


def live_limit(sid: str, lid: str) -> dict:
    """A limit as the packaged data has it today (the fakes agree with it, whatever it says)."""
    service = next(s for s in LIVE["services"] if s["id"] == sid)
    return next(lim for lim in service["limits"] if lim["id"] == lid)


def lambda_as_aws_lists_it(aws: FakeQuotas) -> None:
    aws.default(
        "lambda", "L-B99A9384", live_limit("lambda", "concurrency")["value"], name="Concurrent executions"
    )
    storage_gb = live_limit("lambda", "code-storage")["value"] / 1000**3
    aws.default("lambda", "L-2ACBD22F", storage_gb, name="Function and layer storage", Unit="Gigabytes")
    # L-9FEE3D26 (ENIs per VPC) is not listed: removed
    aws.default("lambda", "L-548AE339", 5, name="Elastic network interfaces per VPC hyperplane")  # new


def test_the_diff_names_changed_removed_and_new_codes(
    aws: FakeQuotas, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lambda_as_aws_lists_it(aws)
    aws.default("apigateway", "L-8A5B8E43", 5000, name="Throttle rate")  # changed: the data says 10,000
    for code in ("L-E5AE38E3", "L-379E48B0", "L-E8693075", "L-8B81B02C", "L-01C8A9E0", "L-9ED1E49A"):
        aws.default("apigateway", code, 1, name=code)  # listed, values aside
    code = refresh.main(["--data", str(data), "--region", "us-east-1"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert "# apigateway (Service Quotas defaults in us-east-1)" in out
    throttle = live_limit("api-gateway", "throttle-rate")
    assert (
        f"~ L-8A5B8E43  api-gateway/throttle-rate  Account throttle rate: data {throttle['value']} "
        f"requests-per-second (as_of {throttle['as_of']}), AWS default 5000"
    ) in out
    assert "# lambda (Service Quotas defaults in us-east-1)" in out
    assert (
        "- L-9FEE3D26  lambda/eni-per-vpc  Elastic network interfaces per VPC: not listed by Service Quotas "
        "any more"
    ) in out
    assert "+ L-548AE339  Elastic network interfaces per VPC hyperplane: 5 (adjustable)" in out
    assert not any("L-B99A9384" in line or "L-2ACBD22F" in line for line in out)
    # the six other API Gateway codes listed with a value of 1 differ too; the integration
    # timeout (seconds in the data, no unit at AWS) cannot be compared
    assert out[-1] == "6 changed, 1 not comparable, 1 removed, 1 new, 0 unknown services"


def test_a_code_the_quota_catalogue_has_is_not_new(
    aws: FakeQuotas, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lambda_as_aws_lists_it(aws)
    hyperplane = {
        "id": "hyperplane-enis",
        "name": "Elastic network interfaces per VPC hyperplane",
        "aliases": [],
        "value": 5,
        "unit": "count",
        "display": "5",
        "scope": "per VPC",
        "adjustable": True,
        "quota_code": "L-548AE339",
        "source": "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
        "as_of": "2026-12-07",
    }
    catalogue = {"schema_version": 1, "services": [{"id": "lambda", "limits": [hyperplane]}]}
    (data.parent / "quotas.json").write_text(json.dumps(catalogue), encoding="utf-8")
    refresh.main(["--data", str(data), "--json"])
    changes = json.loads(capsys.readouterr().out)
    assert not any(c["quota_code"] == "L-548AE339" for c in changes)


def test_no_difference_exits_0(aws: FakeQuotas, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lambda_as_aws_lists_it(aws)
    aws.default("lambda", "L-9FEE3D26", live_limit("lambda", "eni-per-vpc")["value"])
    doc = json.loads(data.read_text(encoding="utf-8"))
    without_codes(next(s for s in doc["services"] if s["id"] == "api-gateway"))
    data.write_text(json.dumps(doc), encoding="utf-8")
    assert refresh.main(["--data", str(data), "--no-new"]) == 0
    assert capsys.readouterr().out == "0 changed, 0 not comparable, 0 removed, 0 new, 0 unknown services\n"


def test_a_service_code_aws_does_not_know_is_said_not_counted_as_removed(
    aws: FakeQuotas, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lambda_as_aws_lists_it(aws)
    refresh.main(["--data", str(data), "--no-new", "--json"])
    changes = json.loads(capsys.readouterr().out)
    assert {"change": "unknown-service", "quota_service": "apigateway", "quota_code": ""} in changes
    assert not any(c["quota_service"] == "apigateway" and c["change"] == "removed" for c in changes)


def test_every_page_of_the_listing_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_env(monkeypatch)
    sq = boto3.client("service-quotas", region_name="us-east-1")
    with Stubber(sq) as stub:
        stub.add_response(
            "list_aws_default_service_quotas",
            {"Quotas": [quota("lambda", "L-B99A9384", 1000)], "NextToken": "page-2"},
            {"ServiceCode": "lambda"},
        )
        stub.add_response(
            "list_aws_default_service_quotas",
            {"Quotas": [quota("lambda", "L-2ACBD22F", 75)]},
            {"ServiceCode": "lambda", "NextToken": "page-2"},
        )
        found = refresh.listing(sq, "lambda")
    assert [q["QuotaCode"] for q in found] == ["L-B99A9384", "L-2ACBD22F"]


def test_access_denied_is_one_line_and_exit_69(
    monkeypatch: pytest.MonkeyPatch, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_fake_env(monkeypatch)
    sq = boto3.client("service-quotas", region_name="us-east-1")
    with Stubber(sq) as stub:
        stub.add_client_error("list_aws_default_service_quotas", "AccessDeniedException", "not allowed")
        code = refresh.main(["--data", str(data)], clients=(sq, None))
    captured = capsys.readouterr()
    assert code == 69
    assert captured.out == ""
    assert captured.err == (
        "refresh_quotas: error: AWS denied access in us-east-1 (AccessDeniedException): not allowed\n"
    )
