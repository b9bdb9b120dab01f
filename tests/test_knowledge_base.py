"""Integrity of the packaged knowledge base: the data is part of the specification."""

from __future__ import annotations

import json
import re

import pytest

from awsref.kb import KnowledgeBase, build
from awsref.schema import UNITS, check_references, check_shape
from awsref.search import search
from awsref.text import key
from conftest import DATA, ROOT

DOC = json.loads(DATA.read_text(encoding="utf-8"))
INDEX = KnowledgeBase(None, build(str(DATA), []))
SEED_SERVICES = [
    "iam",
    "sts",
    "cognito",
    "ebs",
    "ec2",
    "s3",
    "cloudfront",
    "cloudformation",
    "sns",
    "sqs",
    "dynamodb",
    "elastic-beanstalk",
    "codecommit",
    "codedeploy",
    "codebuild",
    "codepipeline",
    "rds",
    "xray",
    "route53",
    "kinesis-data-streams",
    "kinesis-firehose",
    "sam",
    "cloudwatch",
    "kms",
    "elb",
    "swf",
    "api-gateway",
    "lambda",
    "elasticache",
    "ecs",
    "waf",
    "service-catalog",
    "codestar",
    "opsworks",
    "storage-gateway",
    "data-pipeline",
    "redshift",
    "efs",
    "systems-manager",
]
LIMITS = [(s["id"], lim) for s in DOC["services"] for lim in s["limits"]]


def test_packaged_file_matches_the_schema() -> None:
    assert check_shape(DOC) == []


def test_ids_are_unique_and_every_reference_resolves() -> None:
    assert check_references(DOC) == []


def test_every_section_of_the_seed_notes_is_a_service() -> None:
    assert set(SEED_SERVICES) <= {s["id"] for s in DOC["services"]}


def test_every_service_has_a_summary_and_facts() -> None:
    for service in DOC["services"]:
        assert len(service["summary"]) > 40, service["id"]
        assert service["facts"], service["id"]


@pytest.mark.parametrize("sid,limit", LIMITS, ids=[f"{s}/{lim['id']}" for s, lim in LIMITS])
def test_every_limit_has_unit_source_and_date(sid: str, limit: dict) -> None:
    assert limit["unit"] in UNITS
    assert limit["source"].startswith("https://docs.aws.amazon.com/")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", limit["as_of"])
    assert limit["value"] is None or isinstance(limit["value"], int | float)


def test_a_notes_value_always_comes_with_what_changed() -> None:
    for _, limit in LIMITS:
        if limit.get("notes_value"):
            assert limit.get("change"), limit["id"]


def test_no_two_services_or_terms_share_a_name() -> None:
    owner: dict[str, str] = {}
    for kind, items, label in (("service", DOC["services"], "name"), ("term", DOC["terms"], "term")):
        for item in items:
            names = {key(n) for n in (item["id"], item[label], *item["aliases"])}
            for name in names:
                assert owner.setdefault(name, f"{kind}:{item['id']}") == f"{kind}:{item['id']}", name


def test_glossary_has_at_least_150_terms() -> None:
    assert len(DOC["terms"]) >= 150


def test_at_least_30_curated_comparisons() -> None:
    assert len(DOC["comparisons"]) >= 30


@pytest.mark.parametrize(
    "alias,service",
    [
        ("ddb", "dynamodb"),
        ("dynamo", "dynamodb"),
        ("elb", "elb"),
        ("alb", "elb"),
        ("nlb", "elb"),
        ("cfn", "cloudformation"),
        ("eb", "elastic-beanstalk"),
        ("cw", "cloudwatch"),
        ("ps", "systems-manager"),
        ("apigw", "api-gateway"),
        ("kds", "kinesis-data-streams"),
        ("kdf", "kinesis-firehose"),
    ],
)
def test_the_names_people_type_are_aliases(alias: str, service: str) -> None:
    assert INDEX.section("names")[key(alias)] == ["service", service]


def test_every_term_and_comparison_subject_resolves_to_an_entity() -> None:
    ids = {s["id"] for s in DOC["services"]} | {t["id"] for t in DOC["terms"]}
    for comp in DOC["comparisons"]:
        assert set(comp["subjects"]) <= ids, comp["id"]
        for row in comp["rows"]:
            assert len(row["values"]) == len(comp["subjects"]), (comp["id"], row["aspect"])
    for term in DOC["terms"]:
        assert set(term["see_also"]) <= ids, term["id"]


COVERAGE = json.loads((ROOT / "tests" / "data" / "coverage.json").read_text(encoding="utf-8"))


def _keys(hit: dict) -> set[str]:
    if hit["kind"] in ("fact", "service"):
        return {f"fact:{hit['ref']}", f"service:{hit['ref']}"}
    return {f"{hit['kind']}:{hit['ref']}"}


@pytest.mark.parametrize("entry", COVERAGE, ids=[c["keywords"] for c in COVERAGE])
def test_every_bullet_of_the_notes_is_found_by_search_in_the_top_three(entry: dict) -> None:
    expected = entry["expect"] if isinstance(entry["expect"], list) else [entry["expect"]]
    found = set().union(*(_keys(h) for h in search(INDEX, entry["keywords"], 3)))
    assert found & set(expected), f"{entry['keywords']!r}: expected one of {expected}, got {sorted(found)}"
