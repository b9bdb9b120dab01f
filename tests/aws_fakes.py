"""moto, patched to serve Service Quotas values it does not implement, and fake credentials.

moto implements only part of Service Quotas (the VPC defaults): ``FakeQuotas`` serves the
defaults and applied values a test sets, through moto's own request handling, so boto3,
botocore's retries and awsref's parsing all run for real, offline.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator

import pytest

moto = pytest.importorskip("moto")
from moto import mock_aws  # noqa: E402
from moto.servicequotas.exceptions import NoSuchResource  # noqa: E402
from moto.servicequotas.models import ServiceQuotasBackend  # noqa: E402
from moto.servicequotas.responses import ServiceQuotasResponse  # noqa: E402

FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": "/nonexistent/awsref-test-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/awsref-test-credentials",
}


def quota(service: str, code: str, value: float, name: str = "", **extra: object) -> dict:
    """A Service Quotas ``Quota`` structure as AWS returns it."""
    return {
        "ServiceCode": service,
        "ServiceName": service,
        "QuotaArn": f"arn:aws:servicequotas:us-east-1::{service}/{code}",
        "QuotaCode": code,
        "QuotaName": name or code,
        "Value": value,
        "Unit": "None",
        "Adjustable": True,
        "GlobalQuota": False,
        **extra,
    }


class FakeQuotas:
    """What the patched moto backend serves: defaults and applied values by (service, code)."""

    def __init__(self) -> None:
        self.defaults: dict[tuple[str, str], dict] = {}
        self.applied: dict[tuple[str, str], dict] = {}

    def default(self, service: str, code: str, value: float, **extra: object) -> dict:
        self.defaults[(service, code)] = q = quota(service, code, value, **extra)
        return q

    def apply(self, service: str, code: str, value: float, **extra: object) -> dict:
        self.applied[(service, code)] = q = quota(service, code, value, **extra)
        return q


def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse every name lookup and connection; returns the list of attempts, which the
    caller asserts is empty (botocore would turn the refusal into a connection error)."""
    attempts: list[str] = []

    def refuse_lookup(host: object, *args: object, **kwargs: object) -> None:
        attempts.append(f"lookup {host!r}")
        raise OSError("network refused in tests")

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(f"connect {address!r}")
        raise OSError("network refused in tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse_lookup)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def use_fake_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and a Region; no profile, no config file, no instance metadata."""
    for name in ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        monkeypatch.delenv(name, raising=False)
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)


@contextlib.contextmanager
def mocked_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeQuotas]:
    """moto's ``mock_aws`` with Service Quotas patched to serve a ``FakeQuotas``."""
    fake = FakeQuotas()

    def get_service_quota(self: ServiceQuotasBackend, service_code: str, quota_code: str) -> dict:
        try:
            return fake.applied[(service_code, quota_code)]
        except KeyError:
            raise NoSuchResource from None

    def get_aws_default_service_quota(self: ServiceQuotasBackend, service_code: str, quota_code: str) -> dict:
        try:
            return fake.defaults[(service_code, quota_code)]
        except KeyError:
            raise NoSuchResource from None

    def list_aws_default_service_quotas(self: ServiceQuotasBackend, service_code: str) -> list[dict]:
        found = [q for (svc, _), q in sorted(fake.defaults.items()) if svc == service_code]
        if not found:
            raise NoSuchResource
        return found

    def respond_default(self: ServiceQuotasResponse) -> str:
        params = json.loads(self.body)
        found = get_aws_default_service_quota(self.backend, params["ServiceCode"], params["QuotaCode"])
        return json.dumps({"Quota": found})

    monkeypatch.setattr(ServiceQuotasBackend, "get_service_quota", get_service_quota)
    monkeypatch.setattr(
        ServiceQuotasBackend, "list_aws_default_service_quotas", list_aws_default_service_quotas
    )
    monkeypatch.setattr(
        ServiceQuotasResponse, "get_aws_default_service_quota", respond_default, raising=False
    )
    with mock_aws():
        yield fake
