"""Integrity of the packaged knowledge base: the data is part of the specification."""

from __future__ import annotations

import json
import re

import pytest

from awsref.kb import KnowledgeBase
from awsref.schema import UNITS, check_references, check_shape
from awsref.search import search
from awsref.text import key
from conftest import DATA, ROOT, packaged_sections

DOC = json.loads(DATA.read_text(encoding="utf-8"))
INDEX = KnowledgeBase(None, packaged_sections())
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


def _row_problems(limit: dict) -> list[str]:
    """What is wrong with one limit's unit, source, date and value (empty: nothing)."""
    problems = []
    if limit["unit"] not in UNITS:
        problems.append(f"unit {limit['unit']!r} is not one of UNITS")
    if not limit["source"].startswith("https://docs.aws.amazon.com/"):
        problems.append(f"source {limit['source']!r} is not an AWS documentation page")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", limit["as_of"]):
        problems.append(f"as_of {limit['as_of']!r} is not a YYYY-MM-DD date")
    if not (limit["value"] is None or isinstance(limit["value"], int | float)):
        problems.append(f"value {limit['value']!r} is neither a number nor null")
    if not isinstance(limit.get("verified"), bool):
        problems.append(f"verified {limit.get('verified')!r} is not true or false")
    return problems


# One test over every row (it was one test per row: over a thousand items): it names every
# limit that fails and what is wrong with it.
def test_every_limit_has_unit_source_date_and_says_whether_it_was_verified() -> None:
    bad = {f"{sid}/{limit['id']}": p for sid, limit in LIMITS if (p := _row_problems(limit))}
    assert LIMITS and not bad, "\n".join(f"{row}: {'; '.join(p)}" for row, p in bad.items())


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


def test_the_knowledge_base_holds_the_exam_depth() -> None:
    """At least 2,500 facts, 900 terms and 120 curated comparisons (the exam-depth issue)."""
    assert sum(len(s["facts"]) for s in DOC["services"]) >= 2500
    assert len(DOC["terms"]) >= 900
    assert len(DOC["comparisons"]) >= 120


# The DVA-C02 exam guide's in-scope services (its appendix), by their ids here.
IN_SCOPE = (
    "athena kinesis-data-streams kinesis-firehose opensearch appsync eventbridge sns sqs step-functions "
    "ec2 elastic-beanstalk lambda sam copilot ecr ecs eks aurora dynamodb elasticache memorydb rds "
    "amplify cloud9 cloudshell codeartifact codebuild codecommit codedeploy codeguru codepipeline "
    "codestar xray q-developer appconfig cdk cloudformation cli cloudtrail cloudwatch cloudwatch-logs "
    "systems-manager api-gateway cloudfront elb route53 vpc acm private-ca cognito iam kms "
    "secrets-manager sts waf ebs efs s3 s3-glacier"
).split()


@pytest.mark.parametrize("sid", IN_SCOPE)
def test_every_in_scope_service_has_a_card_with_at_least_15_facts(sid: str) -> None:
    service = next((s for s in DOC["services"] if s["id"] == sid), None)
    assert service is not None, f"no card for {sid}"
    assert len(service["facts"]) >= 15


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
