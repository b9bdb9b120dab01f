"""Your AWS account's quotas, on request: the one module that talks to AWS.

Only ``limit --account`` and ``usage`` import it (and ``scripts/refresh_quotas.py``): the
plain lookup path never imports boto3, and nothing else in awsref opens a socket. The
functions take their clients as arguments and return plain data; ``session`` and
``clients`` make bounded clients (timeouts of a few seconds, 3 attempts) and ``asking``
turns every failure into one ``AwsError`` line (or a ``UsageError`` for a Region that
does not exist), never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from awsref.errors import AwsError, UsageError
from awsref.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

CONNECT_TIMEOUT = 3  # seconds to open a connection to an AWS endpoint
READ_TIMEOUT = 5  # seconds to wait for an answer
RETRIES = 3  # botocore's "standard" retry mode (throttling, transient errors), with backoff
USAGE_WINDOW = 3600  # seconds of CloudWatch data read: the last hour
USAGE_PERIOD = 60  # seconds per CloudWatch data point

INSTALL = "pip install 'awsref[aws]'"
ACCESS_DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "AuthorizationError",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidSignatureException",
    }
)
THROTTLED = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
    }
)
# Service Quotas' units, as multiples of awsref's: sizes may be binary or decimal.
SIZE_UNITS = {"Bytes": 0, "Kilobytes": 1, "Megabytes": 2, "Gigabytes": 3, "Terabytes": 4}
TIME_UNITS = {"Milliseconds": 0.001, "Seconds": 1, "Minutes": 60, "Hours": 3600, "Days": 86400}
PLAIN_UNITS = frozenset(
    {"count", "characters", "percent", "requests-per-second", "operations-per-second", "iops"}
)


def known_regions() -> frozenset[str]:
    """Every Region named in botocore's bundled partition and endpoint data (read offline)."""
    from botocore.loaders import create_loader

    loader = create_loader()
    names: set[str] = set()
    for data in (loader.load_data("partitions"), loader.load_data("endpoints")):
        for partition in data.get("partitions", []):
            names.update(partition.get("regions", {}))
    return frozenset(n for n in names if n[-1:].isdigit())


def check_region(region: str) -> None:
    """A ``UsageError`` unless ``region`` is a Region botocore knows (no network needed)."""
    regions = known_regions()
    if region in regions:
        return
    from rapidfuzz.distance import Levenshtein

    distance = {r: Levenshtein.distance(region.lower(), r) for r in regions}
    best = min(distance.values())
    close = sorted(r for r, d in distance.items() if d == best) if best <= 2 else []
    hint = f" (did you mean {' or '.join(close[:3])}?)" if close else ""
    raise UsageError(f"unknown AWS Region {printable(region)[:60]!r}{hint}")


def _boto3() -> Any:
    try:
        import boto3
    except ImportError:
        raise AwsError(f"--account and usage need boto3, which is not installed: {INSTALL}") from None
    return boto3


def session(profile: str | None, region: str | None) -> Any:
    """A boto3 session for ``profile`` in ``region`` (each None: the AWS SDK's own default)."""
    boto3 = _boto3()
    if region is not None:
        check_region(region)
    with asking(region):
        made = boto3.Session(profile_name=profile, region_name=region)
    if made.region_name is None:
        raise AwsError("no AWS Region configured: pass --region REGION or set AWS_REGION")
    if region is None:
        check_region(made.region_name)
    return made


def open_clients(profile: str | None, region: str | None) -> tuple[Any, Any]:
    """(Service Quotas, CloudWatch) clients for ``profile`` in ``region`` (None: the SDK's default)."""
    return clients(session(profile, region))


GLOBAL_REGION = "us-east-1"  # where Service Quotas keeps the aws partition's global quotas


def reads_global_elsewhere(region: str) -> bool:
    """Whether a global quota (IAM, S3 buckets, CloudFront, Route 53) must be read in
    ``GLOBAL_REGION`` rather than ``region``: in the aws partition, outside us-east-1 (China
    and GovCloud Regions keep their own)."""
    return region != GLOBAL_REGION and not region.startswith(("cn-", "us-gov-", "us-iso"))


def clients(made: Any) -> tuple[Any, Any]:
    """(Service Quotas client, CloudWatch client), with bounded timeouts and retries."""
    from botocore.config import Config

    config = Config(
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        retries={"max_attempts": RETRIES, "mode": "standard"},
    )
    with asking(made.region_name):
        return made.client("service-quotas", config=config), made.client("cloudwatch", config=config)


@contextlib.contextmanager
def asking(region: str | None) -> Iterator[None]:
    """Turn whatever botocore raises into one clear ``AwsError`` line."""
    from botocore import exceptions as bx

    where = f" in {region}" if region else ""
    try:
        yield
    except bx.ClientError as e:
        error = e.response.get("Error", {})
        code = str(error.get("Code", ""))
        message = printable(str(error.get("Message", "")))[:200]
        if code in ACCESS_DENIED:
            raise AwsError(f"AWS denied access{where} ({code}): {message}") from None
        if code in THROTTLED:
            raise AwsError(f"AWS throttled the requests{where} ({code}) after {RETRIES} retries") from None
        raise AwsError(f"AWS answered{where} with an error ({printable(code)}): {message}") from None
    except bx.ProfileNotFound as e:
        raise AwsError(f"no AWS profile named {printable(str(e.kwargs.get('profile')))!r}") from None
    except (bx.NoCredentialsError, bx.PartialCredentialsError, bx.CredentialRetrievalError):
        raise AwsError(
            "no AWS credentials found: run 'aws configure' or 'aws sso login', or set AWS_PROFILE"
        ) from None
    except bx.NoRegionError:
        raise AwsError("no AWS Region configured: pass --region REGION or set AWS_REGION") from None
    except (bx.ReadTimeoutError, bx.ConnectTimeoutError) as e:
        raise AwsError(
            f"AWS did not answer{where} in time ({CONNECT_TIMEOUT} s to connect, {READ_TIMEOUT} s to read, "
            f"{RETRIES} retries): {printable(str(e))[:160]}"
        ) from None
    except (bx.EndpointConnectionError, bx.ConnectionClosedError, bx.ConnectionError) as e:
        raise AwsError(f"cannot reach AWS{where} (no network?): {printable(str(e))[:160]}") from None
    except bx.BotoCoreError as e:
        raise AwsError(f"AWS could not be asked{where}: {printable(str(e))[:200]}") from None


def _not_found(e: Exception) -> bool:
    from botocore.exceptions import ClientError

    return isinstance(e, ClientError) and e.response.get("Error", {}).get("Code") == "NoSuchResourceException"


def applied_quota(sq: Any, service_code: str, quota_code: str) -> dict[str, Any] | None:
    """Your account's applied quota (GetServiceQuota), or None when none was ever applied."""
    try:
        return sq.get_service_quota(ServiceCode=service_code, QuotaCode=quota_code)["Quota"]
    except Exception as e:
        if _not_found(e):
            return None
        raise


class NotInRegion(AwsError):
    """Service Quotas does not know the quota in this Region."""


def default_quota(sq: Any, service_code: str, quota_code: str) -> dict[str, Any]:
    """AWS's default for the quota in the client's Region (GetAWSDefaultServiceQuota)."""
    try:
        return sq.get_aws_default_service_quota(ServiceCode=service_code, QuotaCode=quota_code)["Quota"]
    except Exception as e:
        if _not_found(e):
            region = sq.meta.region_name
            # Global quotas (IAM, S3 buckets, Route 53...) are read in us-east-1 only.
            hint = (
                ""
                if region == "us-east-1"
                else " (a global quota is read in us-east-1: try --region us-east-1)"
            )
            raise NotInRegion(
                f"Service Quotas has no quota {quota_code} for service {service_code!r} in {region}{hint}"
            ) from None
        raise


def usage(cw: Any, quota: dict[str, Any], now: dt.datetime | None = None) -> float | None:
    """The highest use in the last hour of the CloudWatch metric the quota names, or None.

    Read with the statistic Service Quotas recommends. A ``Sum`` of calls is turned into
    the quota's own period (calls per second) from 60-second data points.
    """
    metric = quota.get("UsageMetric") or {}
    if not metric.get("MetricNamespace") or not metric.get("MetricName"):
        return None
    stat = metric.get("MetricStatisticRecommendation") or "Maximum"
    end = now or dt.datetime.now(dt.UTC)
    dimensions = sorted((metric.get("MetricDimensions") or {}).items())
    answer = cw.get_metric_statistics(
        Namespace=metric["MetricNamespace"],
        MetricName=metric["MetricName"],
        Dimensions=[{"Name": k, "Value": v} for k, v in dimensions],
        StartTime=end - dt.timedelta(seconds=USAGE_WINDOW),
        EndTime=end,
        Period=USAGE_PERIOD,
        Statistics=[stat],
    )
    values = [float(p[stat]) for p in answer.get("Datapoints", []) if stat in p]
    if not values:
        return None
    peak = max(values)
    if stat == "Sum":
        period = quota.get("Period") or {}
        unit = str(period.get("PeriodUnit", "")).title() + "s"  # SECOND -> Seconds
        seconds = period.get("PeriodValue", 1) * TIME_UNITS.get(unit, 1)
        peak = peak * seconds / USAGE_PERIOD
    return peak


def same_value(ours: float | None, unit: str, theirs: float, their_unit: str | None) -> bool | None:
    """Whether the data's value and AWS's agree, in either's unit; None when they cannot be compared."""
    if ours is None:
        return None
    their_unit = their_unit or "None"
    if unit in PLAIN_UNITS and their_unit in ("None", "Count", "Percent", "Count/Second"):
        return float(ours) == float(theirs)
    if unit == "bytes" and their_unit in SIZE_UNITS:
        power = SIZE_UNITS[their_unit]
        return any(float(ours) == float(theirs) * base**power for base in (1000, 1024))
    if unit == "seconds" and their_unit in TIME_UNITS:
        return float(ours) == float(theirs) * TIME_UNITS[their_unit]
    return None


def _percent(used: float | None, value: float | None) -> float | None:
    if used is None or not value:
        return None
    return round(100 * used / value, 1)


def quota_status(
    sq: Any, cw: Any, service_code: str, limit: dict[str, Any], *, with_default: bool = True
) -> dict[str, Any]:
    """The default, your applied value and your usage of one curated limit with a quota code."""
    code = limit["quota_code"]
    applied = applied_quota(sq, service_code, code)
    default = default_quota(sq, service_code, code) if with_default or applied is None else None
    quota = applied or default or {}
    value = quota.get("Value")
    metric = quota.get("UsageMetric") or {}
    used = usage(cw, quota)
    status: dict[str, Any] = {
        "quota_service": service_code,
        "quota_code": code,
        "region": sq.meta.region_name,
        "quota_name": quota.get("QuotaName", ""),
        "unit": quota.get("Unit") or "None",
        "adjustable": quota.get("Adjustable"),
        "global": quota.get("GlobalQuota"),
        "default": default.get("Value") if default else None,
        "applied": applied.get("Value") if applied else None,
        "value": value,
        "value_from": "applied" if applied else "default",
        "usage_metric": " ".join(x for x in (metric.get("MetricNamespace"), metric.get("MetricName")) if x),
        "usage": used,
        "percent": _percent(used, value),
        "changed": None,
    }
    if default is not None:
        curated = limit.get("default") if limit.get("default") is not None else limit["value"]
        same = same_value(curated, limit["unit"], default["Value"], default.get("Unit"))
        status["changed"] = None if same is None else not same
    return status


def report(
    sq: Any,
    cw: Any,
    limits: list[tuple[str, dict[str, Any]]],
    threshold: float,
    global_clients: tuple[Any, Any] | None = None,
) -> dict[str, Any]:
    """``awsref usage``: the status of every (quota service, limit) pair, and which are at or
    above ``threshold`` percent of your account's value. A quota Service Quotas does not
    know in this Region is counted, not fatal. ``global_clients`` (us-east-1's) read the
    global quotas when the Region asked is another."""
    rows: list[dict[str, Any]] = []
    missing: list[str] = []
    with asking(sq.meta.region_name):
        for service_code, limit in limits:
            here = global_clients if global_clients and limit.get("global") else (sq, cw)
            try:
                status = quota_status(*here, service_code, limit, with_default=False)
            except NotInRegion:
                missing.append(limit["quota_code"])
                continue
            status.update(service=limit["service"], id=limit["id"], name=limit["name"])
            status["over"] = status["percent"] is not None and status["percent"] >= threshold
            rows.append(status)
    return {
        "region": sq.meta.region_name,
        "threshold": threshold,
        "checked": len(rows),
        "measured": sum(1 for r in rows if r["percent"] is not None),
        "not_in_region": missing,
        "quotas": [r for r in rows if r["over"]],
    }
