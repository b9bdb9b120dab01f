"""``limit --account`` and ``usage``: your account's quotas, tested offline.

moto serves Service Quotas (patched, see ``aws_fakes``) and CloudWatch; botocore's Stubber
and event hooks produce every error AWS or the network can give. No test opens a socket
to anything: the credentials are fake, instance metadata is off and moto answers in-process.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator

import pytest

pytest.importorskip("boto3")
pytest.importorskip("moto")
import boto3
from botocore import exceptions as bx
from botocore.stub import Stubber

from aws_fakes import FakeQuotas, mocked_aws, no_network, use_fake_env
from awsref import account
from conftest import DATA, typer_run


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test here may look up a name or open a connection."""
    attempts = no_network(monkeypatch)
    yield
    assert attempts == [], attempts


@pytest.fixture
def fake_env(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_env(monkeypatch)


@pytest.fixture
def aws(fake_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeQuotas]:
    with mocked_aws(monkeypatch) as fake:
        yield fake


LAMBDA_METRIC = {
    "MetricNamespace": "AWS/Lambda",
    "MetricName": "ConcurrentExecutions",
    "MetricDimensions": {},
    "MetricStatisticRecommendation": "Maximum",
}


def put_metric(namespace: str, name: str, *values: float, dimensions: dict | None = None) -> None:
    """CloudWatch data points in the last few minutes (through moto)."""
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    now = dt.datetime.now(dt.UTC)
    for i, value in enumerate(values):
        cw.put_metric_data(
            Namespace=namespace,
            MetricData=[
                {
                    "MetricName": name,
                    "Dimensions": [{"Name": k, "Value": v} for k, v in (dimensions or {}).items()],
                    "Timestamp": now - dt.timedelta(minutes=2 + i),
                    "Value": value,
                }
            ],
        )


def lambda_concurrency(aws: FakeQuotas, applied: float | None = None, default: float = 1000) -> None:
    aws.default("lambda", "L-B99A9384", default, UsageMetric=LAMBDA_METRIC)
    if applied is not None:
        aws.apply("lambda", "L-B99A9384", applied, UsageMetric=LAMBDA_METRIC)


# ---- limit --account ----------------------------------------------------------------------


def test_account_shows_the_default_your_value_and_your_usage(
    aws: FakeQuotas, capsys: pytest.CaptureFixture[str]
) -> None:
    lambda_concurrency(aws)
    put_metric("AWS/Lambda", "ConcurrentExecutions", 640, 870, 12)
    result = typer_run("limit", "lambda", "concurrency", "--account", "-o", "markdown")
    assert result.code == 0, result
    assert "- **AWS default:** 1,000 in us-east-1\n" in result.out
    assert "- **Your account:** 1,000 (no increase applied: the default)\n" in result.out
    assert "- **Usage:** 870 of 1,000 (87%)\n" in result.out
    assert "changed since" not in result.out


def test_an_applied_value_is_your_value_and_the_base_of_the_percentage(aws: FakeQuotas) -> None:
    lambda_concurrency(aws, applied=2000)
    put_metric("AWS/Lambda", "ConcurrentExecutions", 1740)
    result = typer_run("limit", "lambda", "concurrency", "--account", "-o", "text")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].split("\t")[2] == "concurrency"
    assert lines[1].split("\t") == [
        "account",
        "lambda",
        "concurrency",
        "L-B99A9384",
        "us-east-1",
        "1000",
        "2000",
        "2000",
        "applied",
        "1740",
        "87",
        "no",
        "None",
    ]


def test_a_default_that_differs_from_the_data_is_marked_changed_since_as_of(aws: FakeQuotas) -> None:
    lambda_concurrency(aws, default=400)
    result = typer_run("limit", "L-B99A9384", "--account", "-o", "table")
    assert result.code == 0, result
    assert "400 in us-east-1 (changed since 2026-11-26: awsref's data says 1,000" in " ".join(
        result.out.split()
    )


def test_json_carries_the_account_object(aws: FakeQuotas) -> None:
    lambda_concurrency(aws)
    result = typer_run("limit", "lambda", "concurrency", "--account", "--region", "us-east-1", "-o", "json")
    status = json.loads(result.out)["result"]["account"]
    assert status["default"] == 1000 and status["applied"] is None and status["value_from"] == "default"
    assert status["usage"] is None and status["usage_metric"] == "AWS/Lambda ConcurrentExecutions"
    assert status["quota_code"] == "L-B99A9384" and status["changed"] is False


def test_no_data_points_is_said_as_such_never_as_zero(aws: FakeQuotas) -> None:
    lambda_concurrency(aws)
    out = typer_run("limit", "lambda", "concurrency", "--account", "-o", "markdown").out
    assert "- **Usage:** no data in the last hour (AWS/Lambda ConcurrentExecutions)\n" in out


def test_a_quota_without_a_usage_metric_says_it_is_not_measured(aws: FakeQuotas) -> None:
    aws.default("sns", "L-61103206", 100000)
    out = typer_run("limit", "sns", "standard-topics", "--account", "-o", "markdown").out
    assert "not measured: Service Quotas names no usage metric for this quota" in out


def test_sizes_in_another_unit_are_compared_in_either_binary_or_decimal(aws: FakeQuotas) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    lam = next(s for s in data["services"] if s["id"] == "lambda")
    storage = next(lim for lim in lam["limits"] if lim["id"] == "code-storage")["value"]
    aws.default("lambda", "L-2ACBD22F", storage / 1000**3, Unit="Gigabytes")
    status = json.loads(typer_run("limit", "lambda", "code-storage", "--account", "-o", "json").out)
    assert status["result"]["account"]["changed"] is False


def test_a_limit_without_a_quota_code_prints_the_curated_answer_and_one_line(aws: FakeQuotas) -> None:
    result = typer_run("limit", "lambda", "timeout", "--account", "-o", "text")
    assert result.code == 1
    assert result.out.startswith("limit\tlambda\ttimeout\t")
    assert result.err.strip().splitlines() == [
        "awsref: error: Lambda Function timeout has no quota code in awsref, so your account's value "
        "cannot be asked for (the curated value is shown)"
    ]


def test_account_on_a_whole_service_is_a_usage_error(aws: FakeQuotas) -> None:
    result = typer_run("limit", "lambda", "--account")
    assert result.code == 2
    assert "awsref usage SERVICE" in result.err


def test_profile_or_region_without_account_is_a_usage_error() -> None:
    result = typer_run("limit", "lambda", "concurrency", "--region", "us-east-1")
    assert result.code == 2
    assert "--profile and --region go with --account" in result.err


def test_the_fast_path_hands_account_to_typer(capsys: pytest.CaptureFixture[str]) -> None:
    from awsref.entry import parse_fast

    assert parse_fast(["limit", "lambda", "concurrency", "--account"]) is None
    assert parse_fast(["usage"]) is None
    assert parse_fast(["limit", "lambda", "concurrency"]) == ("limit", ["lambda", "concurrency"], None)


# ---- errors: one line each, a documented exit status --------------------------------------


def test_an_unknown_region_is_a_usage_error_found_offline(fake_env: None) -> None:
    result = typer_run("limit", "lambda", "concurrency", "--account", "--region", "us-est-1")
    assert result.code == 2
    assert result.err.strip() == (
        "awsref: error: unknown AWS Region 'us-est-1' (did you mean us-east-1 or us-west-1?)"
    )


def test_no_region_configured(fake_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    result = typer_run("usage")
    assert result.code == 69
    assert (
        result.err.strip()
        == "awsref: error: no AWS Region configured: pass --region REGION or set AWS_REGION"
    )


def test_boto3_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # import boto3 -> ImportError
    result = typer_run("limit", "lambda", "concurrency", "--account")
    assert result.code == 69
    assert "pip install 'awsref[aws]'" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_no_credentials(fake_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    result = typer_run("limit", "lambda", "concurrency", "--account")
    assert result.code == 69
    assert result.err.startswith("awsref: error: no AWS credentials found")


def test_an_unknown_profile(fake_env: None) -> None:
    result = typer_run("usage", "--profile", "nobody")
    assert result.code == 69
    assert result.err.strip() == "awsref: error: no AWS profile named 'nobody'"


def stubbed(monkeypatch: pytest.MonkeyPatch) -> tuple[Stubber, Stubber]:
    """Route awsref's clients through Stubbers (every response is the test's)."""
    sq = boto3.client("service-quotas", region_name="us-east-1")
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    stubs = Stubber(sq), Stubber(cw)
    for stub in stubs:
        stub.activate()
    monkeypatch.setattr(account, "clients", lambda made: (sq, cw))
    return stubs


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            "AccessDeniedException",
            "awsref: error: AWS denied access in us-east-1 (AccessDeniedException): no",
        ),
        ("UnrecognizedClientException", "awsref: error: AWS denied access in us-east-1"),
        (
            "ThrottlingException",
            "awsref: error: AWS throttled the requests in us-east-1 (ThrottlingException)",
        ),
        ("TooManyRequestsException", "awsref: error: AWS throttled the requests in us-east-1"),
        ("ServiceException", "awsref: error: AWS answered in us-east-1 with an error (ServiceException): no"),
    ],
)
def test_aws_errors_are_one_line(
    fake_env: None, monkeypatch: pytest.MonkeyPatch, error: str, line: str
) -> None:
    sq, _ = stubbed(monkeypatch)
    sq.add_client_error(
        "get_service_quota", service_error_code=error, service_message="no", http_status_code=400
    )
    result = typer_run("limit", "lambda", "concurrency", "--account")
    assert result.code == 69
    assert result.err.startswith(line)
    assert len(result.err.strip().splitlines()) == 1


def test_a_quota_service_quotas_does_not_know_in_the_region(
    fake_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sq, _ = stubbed(monkeypatch)
    for method in ("get_service_quota", "get_aws_default_service_quota"):
        sq.add_client_error(method, service_error_code="NoSuchResourceException", http_status_code=400)
    result = typer_run("limit", "lambda", "concurrency", "--account")
    assert result.code == 69
    assert result.err.strip() == (
        "awsref: error: Service Quotas has no quota L-B99A9384 for service 'lambda' in us-east-1"
    )


@pytest.mark.parametrize(
    ("failure", "line"),
    [
        (
            bx.EndpointConnectionError(endpoint_url="https://servicequotas.us-east-1.amazonaws.com/"),
            "cannot reach AWS in us-east-1 (no network?)",
        ),
        (
            bx.ConnectTimeoutError(endpoint_url="https://servicequotas.us-east-1.amazonaws.com/"),
            "AWS did not answer in us-east-1 in time (3 s to connect, 5 s to read, 3 retries)",
        ),
        (
            bx.ReadTimeoutError(endpoint_url="https://servicequotas.us-east-1.amazonaws.com/"),
            "AWS did not answer in us-east-1 in time",
        ),
    ],
    ids=["unreachable", "connect-timeout", "read-timeout"],
)
def test_network_failures_are_retried_then_one_line(
    fake_env: None, monkeypatch: pytest.MonkeyPatch, failure: Exception, line: str
) -> None:
    attempts = []

    def fail(**kwargs: object) -> None:
        attempts.append(1)
        raise failure

    monkeypatch.setattr("time.sleep", lambda seconds: None)  # retries without their backoff wait
    real = account.clients

    def hooked(made: object) -> tuple:
        sq, cw = real(made)
        sq.meta.events.register("before-send", fail)
        return sq, cw

    monkeypatch.setattr(account, "clients", hooked)
    result = typer_run("limit", "lambda", "concurrency", "--account")
    assert result.code == 69
    assert result.err.startswith(f"awsref: error: {line}")
    assert len(result.err.strip().splitlines()) == 1
    assert len(attempts) == 1 + account.RETRIES


def test_clients_are_bounded() -> None:
    made = boto3.Session(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
    sq, cw = account.clients(made)
    for client in (sq, cw):
        config = client.meta.config
        assert (config.connect_timeout, config.read_timeout) == (
            account.CONNECT_TIMEOUT,
            account.READ_TIMEOUT,
        )
        assert config.retries["mode"] == "standard"
        assert config.retries["total_max_attempts"] == 1 + 3  # max_attempts 3: three retries
    assert account.CONNECT_TIMEOUT <= 5 and account.READ_TIMEOUT <= 10


# ---- usage --------------------------------------------------------------------------------


def busy_account(aws: FakeQuotas) -> None:
    """Lambda concurrency at 87% of an applied 2,000; DynamoDB tables at 10%; ENIs unmeasured."""
    lambda_concurrency(aws, applied=2000)
    put_metric("AWS/Lambda", "ConcurrentExecutions", 1740)
    tables = {**LAMBDA_METRIC, "MetricNamespace": "AWS/Usage", "MetricName": "ResourceCount"}
    tables["MetricDimensions"] = {"Service": "DynamoDB", "Resource": "TableCount"}
    aws.default("dynamodb", "L-F98FE922", 2500, UsageMetric=tables)
    put_metric(
        "AWS/Usage", "ResourceCount", 250, dimensions={"Service": "DynamoDB", "Resource": "TableCount"}
    )


def test_usage_lists_the_quotas_at_or_above_the_threshold_and_exits_1(aws: FakeQuotas) -> None:
    busy_account(aws)
    result = typer_run("usage", "lambda", "dynamodb", "-o", "text")
    assert result.code == 1, result
    lines = [line.split("\t") for line in result.out.splitlines()]
    assert [(r[0], r[1], r[2], r[9], r[10]) for r in lines[:-1]] == [
        ("account", "lambda", "concurrency", "1740", "87")
    ]
    # 3 Lambda codes and 3 DynamoDB codes were asked; 2 had usage data; 4 are not in this Region's fake.
    assert lines[-1] == ["usage-summary", "us-east-1", "80", "2", "2", "1"]


def test_usage_exits_0_when_nothing_reaches_the_threshold(aws: FakeQuotas) -> None:
    busy_account(aws)
    result = typer_run("usage", "lambda", "dynamodb", "--threshold", "90%", "-o", "markdown")
    assert result.code == 0, result
    assert "No quota is at or above 90%." in result.out
    assert "2 quotas checked, 2 with usage data in the last hour; not in this Region:" in result.out


def test_usage_with_a_low_threshold_finds_both(aws: FakeQuotas) -> None:
    busy_account(aws)
    answer = json.loads(typer_run("usage", "--threshold", "10", "-o", "json").out)
    assert answer["kind"] == "usage"
    found = {(q["service"], q["id"], q["percent"]) for q in answer["result"]["quotas"]}
    assert found == {("lambda", "concurrency", 87.0), ("dynamodb", "tables-per-region", 10.0)}


def test_usage_table_shows_the_usage_line(aws: FakeQuotas) -> None:
    busy_account(aws)
    out = typer_run("usage", "lambda", "-o", "table").out
    assert "Quotas at or above 80% in us-east-1" in out
    assert "1,740 of 2,000 (87%)" in out


@pytest.mark.parametrize("value", ["101", "-1", "lots", ""])
def test_a_threshold_that_is_not_a_percentage_is_a_usage_error(value: str) -> None:
    result = typer_run("usage", "--threshold", value)
    assert result.code == 2
    assert "--threshold takes a percentage from 0 to 100" in result.err


@pytest.mark.parametrize(
    ("service", "line"),
    [
        ("sqs", "awsref has no quota codes for SQS, so usage cannot check it"),
        ("azure", "'azure' is not a service"),
    ],
)
def test_usage_of_a_service_it_cannot_check_is_a_usage_error(service: str, line: str) -> None:
    result = typer_run("usage", service)
    assert result.code == 2
    assert line in result.err


def test_usage_reads_the_sum_of_calls_per_second_of_a_rate_quota(aws: FakeQuotas) -> None:
    calls = {
        "MetricNamespace": "AWS/Usage",
        "MetricName": "CallCount",
        "MetricDimensions": {"Service": "Lambda", "Type": "API"},
        "MetricStatisticRecommendation": "Sum",
    }
    quota = aws.default(
        "lambda", "L-B99A9384", 10, UsageMetric=calls, Period={"PeriodValue": 1, "PeriodUnit": "SECOND"}
    )
    put_metric("AWS/Usage", "CallCount", 540, dimensions={"Service": "Lambda", "Type": "API"})
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    assert account.usage(cw, quota) == 9.0  # 540 calls in a minute: 9 per second


def test_a_quota_missing_outside_us_east_1_hints_at_global_quotas(
    fake_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sq = boto3.client("service-quotas", region_name="eu-west-1")
    cw = boto3.client("cloudwatch", region_name="eu-west-1")
    with Stubber(sq) as stub:
        for method in ("get_service_quota", "get_aws_default_service_quota"):
            stub.add_client_error(method, service_error_code="NoSuchResourceException", http_status_code=400)
        monkeypatch.setattr(account, "clients", lambda made: (sq, cw))
        result = typer_run("limit", "lambda", "concurrency", "--account", "--region", "eu-west-1")
    assert result.code == 69
    assert result.err.strip() == (
        "awsref: error: Service Quotas has no quota L-B99A9384 for service 'lambda' in eu-west-1 "
        "(a global quota is read in us-east-1: try --region us-east-1)"
    )


def test_a_global_quota_is_read_in_us_east_1_whatever_the_region(aws: FakeQuotas) -> None:
    aws.default("iam", "L-FE177D64", 1000)
    result = typer_run(
        "limit", "iam", "roles-per-account", "--account", "--region", "eu-west-1", "-o", "json"
    )
    assert result.code == 0, result
    assert json.loads(result.out)["result"]["account"]["region"] == "us-east-1"
    lambda_concurrency(aws)
    regional = typer_run("limit", "lambda", "concurrency", "--account", "--region", "eu-west-1", "-o", "json")
    assert json.loads(regional.out)["result"]["account"]["region"] == "eu-west-1"


def test_a_china_region_keeps_its_own_global_quotas() -> None:
    assert account.reads_global_elsewhere("eu-west-1")
    assert not account.reads_global_elsewhere("us-east-1")
    assert not account.reads_global_elsewhere("cn-north-1")
    assert not account.reads_global_elsewhere("us-gov-west-1")


def test_usage_reads_global_quotas_in_us_east_1(aws: FakeQuotas) -> None:
    roles = {
        "MetricNamespace": "AWS/Usage",
        "MetricName": "ResourceCount",
        "MetricDimensions": {"Service": "IAM", "Resource": "Role"},
        "MetricStatisticRecommendation": "Maximum",
    }
    aws.default("iam", "L-FE177D64", 1000, UsageMetric=roles)
    put_metric("AWS/Usage", "ResourceCount", 900, dimensions={"Service": "IAM", "Resource": "Role"})
    result = typer_run("usage", "iam", "--region", "eu-west-1", "-o", "json")
    assert result.code == 1, result  # 90%: read in us-east-1, where the usage data is
    answer = json.loads(result.out)["result"]
    assert answer["region"] == "eu-west-1"
    assert [(q["id"], q["region"], q["percent"]) for q in answer["quotas"]] == [
        ("roles-per-account", "us-east-1", 90.0)
    ]
