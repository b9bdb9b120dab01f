"""Every command and every output format, through the Typer app, asserting real content."""

from __future__ import annotations

import json

import pytest

from conftest import typer_run as run

FORMATS = ["table", "text", "json", "markdown"]
LOOKUPS = [
    ["limit", "sqs", "message-size"],
    ["limit", "sqs"],
    ["limit", "dynamo", "item", "size"],
    ["limit", "lambda", "timeout"],
    ["compare", "memcached", "redis"],
    ["define", "visibility", "timeout"],
    ["show", "s3"],
    ["search", "long", "polling"],
    ["list", "services"],
    ["list", "limits"],
    ["list", "terms"],
    ["list", "comparisons"],
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("argv", LOOKUPS, ids=" ".join)
def test_every_lookup_succeeds_in_every_format(argv: list[str], fmt: str) -> None:
    result = run(*argv, "-o", fmt)
    assert result.code == 0, result
    assert result.out.strip()
    if fmt == "json":
        doc = json.loads(result.out)
        assert doc["version"] == 1
        assert doc["command"] == argv[0]


def test_sqs_message_size_shows_current_value_and_the_notes_value() -> None:
    result = run("limit", "sqs", "message-size", "-o", "table")
    assert "1 MiB" in result.out
    assert "256 KB" in result.out
    assert "quotas-messages.html" in result.out


def test_sqs_message_size_json_is_structured() -> None:
    doc = json.loads(run("limit", "sqs", "message-size", "-o", "json").out)
    limit = doc["result"]
    assert doc["kind"] == "limit"
    assert limit["value"] == 1048576
    assert limit["unit"] == "bytes"
    assert limit["notes_value"] == "256 KB"
    assert limit["source"].startswith("https://docs.aws.amazon.com/")
    assert limit["as_of"]


def test_limit_text_is_one_tab_separated_record() -> None:
    lines = run("limit", "sqs", "message-size", "-o", "text").out.splitlines()
    fields = lines[0].split("\t")
    assert fields[:5] == ["limit", "sqs", "message-size", "Maximum message size", "1048576"]
    assert fields[5] == "bytes"


@pytest.mark.parametrize(
    "phrase", [["message", "size"], ["max", "message", "size"], ["size", "of", "a", "message"]]
)
def test_natural_phrasings_find_the_message_size_limit(phrase: list[str]) -> None:
    doc = json.loads(run("limit", "sqs", *phrase, "-o", "json").out)
    assert doc["result"]["id"] == "message-size"


@pytest.mark.parametrize("name", ["dynamo", "ddb", "dynamdb", "DynamoDB", "Amazon DynamoDB"])
def test_service_aliases_and_typos_resolve(name: str) -> None:
    doc = json.loads(run("show", name, "-o", "json").out)
    assert doc["result"]["id"] == "dynamodb"


def test_multi_word_service_name_resolves() -> None:
    doc = json.loads(run("limit", "simple", "queue", "service", "message", "size", "-o", "json").out)
    assert doc["result"]["service"] == "sqs"
    assert doc["result"]["id"] == "message-size"


@pytest.mark.parametrize("name", ["elb", "alb"])
def test_load_balancer_abbreviations_resolve(name: str) -> None:
    assert json.loads(run("show", name, "-o", "json").out)["result"]["id"] == "elb"


def test_lambda_timeout_is_the_current_900_seconds() -> None:
    doc = json.loads(run("limit", "lambda", "timeout", "-o", "json").out)
    assert doc["result"]["value"] == 900
    assert doc["result"]["unit"] == "seconds"
    assert doc["result"]["default"] == 3


def test_limit_without_words_lists_the_service_limits() -> None:
    doc = json.loads(run("limit", "sqs", "-o", "json").out)
    assert doc["kind"] == "limits"
    assert "message-size" in {lim["id"] for lim in doc["result"]["limits"]}


def test_limit_query_without_a_service_searches_every_service() -> None:
    doc = json.loads(run("limit", "item", "size", "-o", "json").out)
    assert doc["result"]["service"] == "dynamodb"
    assert any("every service" in n for n in doc["notes"])


def test_unknown_limit_exits_1_with_suggestions_on_stderr() -> None:
    result = run("limit", "sqs", "banana")
    assert result.code == 1
    assert result.out == ""
    assert "did you mean" in result.err
    assert "awsref limit sqs" in result.err


def test_compare_curated_table_has_both_subjects() -> None:
    out = run("compare", "memcached", "redis", "-o", "table").out
    assert "Memcached" in out and "Redis" in out
    assert "Threading" in out or "thread" in out.lower()


def test_compare_in_reverse_order_finds_the_same_comparison() -> None:
    a = json.loads(run("compare", "memcached", "redis", "-o", "json").out)
    b = json.loads(run("compare", "redis", "memcached", "-o", "json").out)
    assert a["result"]["id"] == b["result"]["id"]


def test_compare_two_services_without_curated_comparison_uses_cards() -> None:
    doc = json.loads(run("compare", "iam", "redshift", "-o", "json").out)
    assert doc["result"]["curated"] is False
    assert doc["notes"] and "not a curated comparison" in doc["notes"][0]


def test_compare_of_two_services_is_not_a_comparison_of_one_of_them_with_a_third() -> None:
    """DAX vs ElastiCache mentions DynamoDB ("dynamodb cache options"), but does not compare it."""
    doc = json.loads(run("compare", "dynamodb", "dax", "-o", "json").out)
    assert doc["result"]["curated"] is False
    assert doc["result"]["subjects"] == ["dynamodb", "dax"]


def test_compare_needs_two_subjects() -> None:
    assert run("compare", "sqs").code == 2


def test_compare_the_same_subject_twice_is_a_usage_error() -> None:
    result = run("compare", "sqs", "SQS")
    assert result.code == 2
    assert "twice" in result.err


def test_define_shows_definition_service_and_see_also() -> None:
    out = run("define", "visibility", "timeout", "-o", "table").out
    assert "Visibility timeout" in out
    assert "SQS" in out
    assert "See also" in out


def test_show_card_has_summary_facts_limits_terms() -> None:
    doc = json.loads(run("show", "sqs", "-o", "json").out)["result"]
    assert doc["summary"]
    assert doc["facts"]
    assert doc["limits"]
    assert doc["terms"]
    assert doc["comparisons"]


def test_show_markdown_is_pasteable() -> None:
    out = run("show", "sqs", "-o", "markdown").out
    assert out.startswith("## SQS")
    assert "| Limit |" in out


def test_search_hits_say_what_they_are_and_how_to_show_them() -> None:
    doc = json.loads(run("search", "long", "polling", "-o", "json").out)
    hits = doc["result"]["hits"]
    assert hits[0]["kind"] in {"term", "limit", "comparison", "fact", "service"}
    assert all(h["command"].startswith("awsref ") for h in hits)
    assert any("long-polling" in h["command"] or "long-poll" in h["command"] for h in hits[:3])


def test_search_exponential_backoff_finds_the_term() -> None:
    doc = json.loads(run("search", "exponential", "backoff", "-o", "json").out)
    assert doc["result"]["hits"][0]["kind"] == "term"


def test_search_with_nothing_matching_exits_1() -> None:
    assert run("search", "zzqqxx").code == 1


def test_list_unknown_kind_is_a_usage_error() -> None:
    result = run("list", "bananas")
    assert result.code == 2
    assert "one of services, limits, quotas, terms, comparisons" in result.err


def test_unknown_output_format_is_a_usage_error() -> None:
    assert run("limit", "sqs", "message-size", "-o", "yaml").code == 2


def test_limit_without_a_service_is_a_usage_error() -> None:
    assert run("limit").code == 2


def test_version_is_printed() -> None:
    from awsref import __version__

    assert run("--version").out.strip() == f"awsref {__version__}"


def test_weak_match_says_so_and_offers_alternatives() -> None:
    doc = json.loads(run("limit", "sqs", "size", "-o", "json").out)
    assert doc["match"] in {"ambiguous", "fuzzy", "exact"}
    if doc["match"] == "ambiguous":
        assert doc["also"]
