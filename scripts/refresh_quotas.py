#!/usr/bin/env python3
"""What Service Quotas says now, against awsref's data: a reviewable diff for a maintainer.

For every service in the knowledge base that names its Service Quotas service code
(``quota_service``), list AWS's default quotas (ListAWSDefaultServiceQuotas, every page)
in one Region and print what differs from the data:

    ~ changed default   a limit's code whose AWS default is not the data's value
    ? not comparable    the same code, in a unit awsref cannot convert (check by hand)
    - removed           a code Service Quotas no longer lists
    + new               a code Service Quotas lists that no limit has yet

The data is the knowledge base with its quota catalogue (``quotas.json`` beside it): curated
limits and catalogue quotas alike. Nothing is written: a changed value needs its AWS
documentation page checked, and a new quota needs its source, scope and as_of before it goes
into data/notes.json or data/quotas.json.

    python scripts/refresh_quotas.py [--region us-east-1] [--profile P] [--data FILE] [--no-new] [--json]

Needs network, AWS credentials allowed servicequotas:ListAWSDefaultServiceQuotas, and boto3
(pip install 'awsref[aws]'). Exit 0: no difference; 1: differences printed; 2: usage
error; 69: AWS could not be asked (one line says why).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, cast

from awsref import account
from awsref.errors import EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, AwsrefError
from awsref.loader import load_document

DATA = Path(__file__).resolve().parent.parent / "data" / "notes.json"


def covered(doc: dict) -> dict[str, list[tuple[str, dict]]]:
    """Service Quotas service code -> [(awsref service id, limit with a quota code)], in data order."""
    out: dict[str, list[tuple[str, dict]]] = {}
    for service in doc["services"]:
        code = service.get("quota_service")
        if code:
            mine = out.setdefault(code, [])
            mine.extend((service["id"], lim) for lim in service["limits"] if lim.get("quota_code"))
    return out


def listing(sq: Any, service_code: str) -> list[dict] | None:
    """Every default quota of one service in the client's Region, all pages; None when
    Service Quotas does not know the service there."""
    pages = sq.get_paginator("list_aws_default_service_quotas").paginate(ServiceCode=service_code)
    try:
        return [quota for page in pages for quota in page.get("Quotas", [])]
    except Exception as e:
        if getattr(e, "response", {}).get("Error", {}).get("Code") == "NoSuchResourceException":
            return None
        raise


def differences(doc: dict, listings: dict[str, list[dict] | None], with_new: bool = True) -> list[dict]:
    """The changes between the data and AWS's listings, one dict per line of the diff."""
    changes: list[dict] = []
    for service_code, limits in covered(doc).items():
        listed = listings.get(service_code)
        if listed is None:
            changes.append({"change": "unknown-service", "quota_service": service_code, "quota_code": ""})
            continue
        quotas = {q["QuotaCode"]: q for q in listed}
        for sid, lim in limits:
            code = lim["quota_code"]
            where = {"quota_service": service_code, "quota_code": code, "limit": f"{sid}/{lim['id']}"}
            quota = quotas.get(code)
            if quota is None:
                changes.append({"change": "removed", **where, "name": lim["name"]})
                continue
            ours = lim.get("default") if lim.get("default") is not None else lim["value"]
            same = account.same_value(ours, lim["unit"], quota["Value"], quota.get("Unit"))
            if same is not True:
                changes.append(
                    {
                        "change": "changed" if same is False else "not-comparable",
                        **where,
                        "name": lim["name"],
                        "data": ours,
                        "data_unit": lim["unit"],
                        "aws": quota["Value"],
                        "aws_unit": quota.get("Unit") or "None",
                        "as_of": lim["as_of"],
                        "source": lim["source"],
                    }
                )
        if with_new:
            known = {lim["quota_code"] for _, lim in limits}
            for code, quota in sorted(quotas.items(), key=lambda item: item[1].get("QuotaName", "")):
                if code not in known:
                    changes.append(
                        {
                            "change": "new",
                            "quota_service": service_code,
                            "quota_code": code,
                            "name": quota.get("QuotaName", ""),
                            "aws": quota["Value"],
                            "aws_unit": quota.get("Unit") or "None",
                            "adjustable": quota.get("Adjustable"),
                            "global": quota.get("GlobalQuota"),
                        }
                    )
    return changes


def _value(value: object, unit: str) -> str:
    number = int(value) if isinstance(value, float) and value.is_integer() else value
    return f"{number}" if unit in ("None", "count") else f"{number} {unit}"


def render(changes: list[dict], region: str) -> str:
    """The diff as text, one section per Service Quotas service."""
    lines: list[str] = []
    current = None
    for c in changes:
        if c["quota_service"] != current:
            current = c["quota_service"]
            lines.append(f"# {current} (Service Quotas defaults in {region})")
        code, kind = c["quota_code"], c["change"]
        if kind == "unknown-service":
            lines.append(f"! Service Quotas does not know the service code {current!r} in {region}")
        elif kind == "removed":
            lines.append(f"- {code}  {c['limit']}  {c['name']}: not listed by Service Quotas any more")
        elif kind in ("changed", "not-comparable"):
            mark = "~" if kind == "changed" else "?"
            what = "data" if kind == "changed" else "data (units differ: check by hand)"
            lines.append(
                f"{mark} {code}  {c['limit']}  {c['name']}: {what} {_value(c['data'], c['data_unit'])} "
                f"(as_of {c['as_of']}), AWS default {_value(c['aws'], c['aws_unit'])}"
            )
        else:
            flags = ", ".join(
                word for word, on in (("adjustable", c["adjustable"]), ("global", c["global"])) if on
            )
            lines.append(
                f"+ {code}  {c['name']}: {_value(c['aws'], c['aws_unit'])}" + (f" ({flags})" if flags else "")
            )
    kinds = ("changed", "not-comparable", "removed", "new", "unknown-service")
    counts = {k: sum(1 for c in changes if c["change"] == k) for k in kinds}
    lines.append(
        f"{counts['changed']} changed, {counts['not-comparable']} not comparable, "
        f"{counts['removed']} removed, {counts['new']} new, {counts['unknown-service']} unknown services"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None, clients: tuple[Any, Any] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--region", default="us-east-1", help="Region whose defaults to read (default us-east-1)"
    )
    parser.add_argument("--profile", help="AWS profile (default: the AWS SDK's)")
    parser.add_argument("--data", default=str(DATA), help="knowledge-base file (default: data/notes.json)")
    parser.add_argument("--no-new", action="store_true", help="leave out the quotas no curated limit has")
    parser.add_argument("--json", action="store_true", help="the changes as JSON, one object each")
    args = parser.parse_args(argv)
    try:
        # The knowledge base with its quota catalogue (quotas.json beside it), validated.
        doc = cast("dict[str, Any]", load_document(args.data))
        sq, _ = clients or account.open_clients(args.profile, args.region)
        with account.asking(sq.meta.region_name):
            listings = {code: listing(sq, code) for code in covered(doc)}
    except OSError as e:
        print(f"refresh_quotas: error: {args.data}: {e.strerror or e}", file=sys.stderr)
        return EXIT_USAGE
    except AwsrefError as e:
        print(f"refresh_quotas: error: {e.message}", file=sys.stderr)
        return e.exit_code
    changes = differences(doc, listings, with_new=not args.no_new)
    if args.json:
        sys.stdout.write(json.dumps(changes, indent=2) + "\n")
    else:
        sys.stdout.write(render(changes, sq.meta.region_name))
    return EXIT_NOT_FOUND if changes else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
