"""Honest resolution: awsref answers only what it knows, in the words people type.

Each test is one behaviour of the resolver, asserted through the real command (fast
path, in-process) so the exit code and the streams are what a user sees.
"""

from __future__ import annotations

import functools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awsref.kb import KnowledgeBase
from conftest import DATA, entry_run

DOC = json.loads(DATA.read_text(encoding="utf-8"))


def ask(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict | None, str]:
    """(exit status, the JSON answer or None for a miss, stderr); a miss's JSON error object
    must carry the same exit status."""
    result = entry_run(*argv, "-o", "json", capsys=capsys)
    doc = json.loads(result.out) if result.out else None
    if doc is not None and doc["kind"] == "error":
        assert doc["error"]["status"] == result.code and doc["result"] is None
        doc = None
    return result.code, doc, result.err


def entry_of(doc: dict) -> str:
    r = doc["result"]
    if doc["kind"] == "limit":
        return f"limit:{r['service']}/{r['id']}"
    if doc["kind"] == "term":
        return f"{'service' if r.get('entity') == 'service' else 'term'}:{r['id']}"
    if doc["kind"] == "comparison":
        return f"comparison:{r['id']}"
    return f"{doc['kind']}:{r.get('id')}"


@pytest.mark.parametrize(
    "argv",
    [
        ["define", "flibbertigibbet"],
        ["show", "kubernetes-operator-xyz"],
        ["show", "bigquery"],
        ["limit", "sqs", "number", "of", "vcpus"],
        ["limit", "s3", "visibility", "timeout"],
        ["define", "azure", "functions"],
        ["compare", "azure", "gcp"],
        ["limit", "sqs", "max", "subscribers", "per", "queue"],
        ["limit", "iam", "role", "password", "length"],  # a fact's subject on IAM's card, not a role's
        ["define", "trigger"],  # a word a dozen names share: the first in data order is no answer
        ["define", "ttl"],  # CloudFront's, DynamoDB's, DNS's: name one
        ["search", "s"],  # a letter or a small number names nothing ("MiB/s", "x-amz")
        ["show", "x"],
        ["42"],
        ["limit", "amazon", "mq", "max", "message", "size"],
        ["search", "asdf", "qwer", "zxcv"],
    ],
    ids=" ".join,
)
def test_what_awsref_does_not_know_is_not_found(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = ask(capsys, *argv)
    assert code == 1 and doc is None
    assert "awsref: error:" in err
    for line in err.splitlines():
        if line.startswith("try: "):  # offered only when that search finds something
            assert ask(capsys, *line.split()[2:])[0] == 0, line


def test_a_product_awsref_does_not_cover_is_named_as_such_without_suggestions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, doc, err = ask(capsys, "show", "bedrock")
    assert code == 1 and doc is None
    assert "awsref does not cover Amazon Bedrock" in err
    assert "did you mean" not in err


def test_a_word_of_the_service_s_everyday_language_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    """Lambda's card speaks of attaching layers: "attach" is no subject of its own."""
    code, doc, _ = ask(capsys, "limit", "lambda", "how", "many", "layers", "can", "i", "attach")
    assert code == 0 and doc is not None
    assert entry_of(doc) == "limit:lambda/layers"


def test_a_word_missing_from_the_names_is_kept_when_the_entry_s_text_has_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, doc, _ = ask(capsys, "limit", "s3", "largest", "object", "i", "can", "store")
    assert code == 0 and doc is not None
    assert entry_of(doc) == "limit:s3/max-object-size"  # "store": the Simple Storage Service
    assert not any("ignored" in n for n in doc.get("notes", []))


@pytest.mark.parametrize("argv", [["define", "flibbertigibbet"], ["show", "bigquery"]], ids=" ".join)
def test_a_miss_offers_no_search_that_would_miss_too(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = ask(capsys, *argv)
    assert code == 1
    assert "try:" not in err


def test_a_miss_offers_the_search_that_finds_something(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = ask(capsys, "limit", "sqs", "kms", "key", "rotation")
    assert code == 1
    assert "try: awsref search sqs kms key rotation" in err


def test_a_word_that_names_another_service_rules_an_entry_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = ask(capsys, "limit", "sqs", "number", "of", "vcpus")
    assert code == 1
    assert "no SQS limit matches" in err
    assert "EC2" in err  # did you mean: the limit that has vCPUs


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["limit", "lambda", "zip", "deployment", "package", "max", "size"], "limit:lambda/zip-upload"),
        (["limit", "sqs", "max", "message", "size"], "limit:sqs/message-size"),
        (["limit", "sqs", "mesage", "size"], "limit:sqs/message-size"),
        (["show", "vcp"], "service:vpc"),
        (["limit", "dynamdb", "item", "size"], "limit:dynamodb/item-size"),
        (["show", "lamda"], "service:lambda"),
        (["show", "cloudfromation"], "service:cloudformation"),
        (["show", "simple", "queue", "service"], "service:sqs"),
        (["define", "visiblity", "timeout"], "term:visibility-timeout"),
        (["show", "dynamodbb"], "service:dynamodb"),  # a doubled last letter
        (["limit", "lambdaa", "timeout"], "limit:lambda/timeout"),
        # A slip beats completing to a much longer word (the alias "LambdaAllAtOnce").
        (["show", "lambdaa"], "service:lambda"),
        (["lambdaa"], "service:lambda"),
        # A limit's alias made of words `key` drops, or after a run that also names the service.
        (["limit", "ecs", "max", "services"], "limit:ecs/services-per-cluster"),
        (["limit", "acm", "certificate", "quota"], "limit:acm/certificates"),
        # A verb's form finds the noun's name: connected, connection.
        (
            ["limit", "api", "gateway", "how", "long", "can", "a", "websocket", "stay", "connected"],
            "limit:api-gateway/websocket-connection-duration",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_typos_and_phrasings_find_the_entry(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *argv)
    assert code == 0 and doc is not None
    assert entry_of(doc) == expected
    assert doc["match"] in ("exact", "fuzzy")


def test_a_three_letter_word_is_only_corrected_when_letters_are_swapped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "sqz" could be sqs, "emr" is another service (not ecr): both are not found, with help.
    code, _, err = ask(capsys, "limit", "sqz", "mesage", "size")
    assert code == 1 and "no service named 'sqz'" in err and "SQS" in err
    code, _, _ = ask(capsys, "show", "emr")
    assert code == 1


def test_a_corrected_typo_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc, _ = ask(capsys, "limit", "dynamdb", "item", "size")
    assert doc is not None and doc["match"] == "fuzzy"
    assert any("dynamdb" in n for n in doc["notes"])


@pytest.mark.parametrize(
    ("argv", "expected", "note"),
    [
        # A letter left out of a word whose root hides it: "lockng" is "locking" (root "lock").
        (["define", "optimistic", "lockng"], "term:optimistic-locking", "'lockng' read as 'locking'"),
        # "chaning" reads as "chaining" or "changing": the entry the other words name picks.
        (["define", "role", "chaning"], "term:role-chaining", "'chaning' read as 'chaining'"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_a_slip_the_word_s_root_hides_is_read_as_the_spelling_the_entry_has(
    argv: list[str], expected: str, note: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *argv)
    assert code == 0 and doc is not None
    assert entry_of(doc) == expected and doc["match"] == "fuzzy"
    assert note in doc["notes"]


def test_a_slip_read_several_ways_with_nothing_to_pick_between_them_is_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = ask(capsys, "define", "chaning")
    assert code == 1 and "Role chaining" in err


@pytest.mark.parametrize("word", ["encryption", "endpoint", "account", "template"])
def test_a_word_a_name_comes_down_to_without_its_filler_does_not_name_the_entry(
    word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The name "EBS encryption by default" without its filler is "encryption", "VPC endpoint
    service"'s alias "endpoint service" is "endpoint": one generic word names neither."""
    code, doc, err = ask(capsys, "define", word)
    assert code == 1 and doc is None and "several entries" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["define", "task", "definition"], "term:task-definition"),
        (["define", "encryption", "by", "default"], "term:ebs-encryption-by-default"),
        (["define", "concurrency", "cap"], "term:reserved-concurrency"),
        (["define", "AWS_MAX_ATTEMPTS"], "term:cli-retry-mode"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_a_name_with_its_filler_typed_still_names_the_entry(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *argv)
    assert code == 0 and doc is not None and entry_of(doc) == expected


def test_a_term_s_initials_that_name_another_service_are_not_its_name() -> None:
    """The initials of "eb config save" are not "ecs" (a service), of "start sync execution"
    not "sse" (other entries' word), of "SES email template" not "set" (a word of questions);
    the ALB keeps "alb", which its own service ELB has as a name."""
    from awsref.index_lexicon import build_entities

    names = {ref: own for kind, ref, own, _ in build_entities(DOC) if kind == "term"}
    assert ["ecs"] not in names["saved-configuration"]
    assert ["sse"] not in names["start-sync-execution"]
    assert ["set"] not in names["ses-email-template"]
    assert ["vpc"] not in names["vpc-peering"]
    assert ["alb"] in names["application-load-balancer"]


def test_a_letter_too_many_is_not_read_through_a_root() -> None:
    """Only a letter left out, two swapped or one mistyped: "lockng" never reads as "locing"
    (root "loc")."""
    from awsref.typos import spelled_slips

    assert spelled_slips("lockng", ["i", "loc", "lock"]) == {"lock": "locking"}


@pytest.mark.parametrize(
    ("argv", "values"),
    [
        (["limit", "kinesis", "shard", "throughput"], ["1 MB/s", "2 MB/s"]),
        (["limit", "lambda", "package", "size"], ["50 MB", "250 MB"]),
        # One word shared by two of a named service's limits: both, not the card's facts.
        (["limit", "dax", "ttl"], ["record-ttl-millis", "query-ttl-millis"]),
    ],
    ids=lambda v: " ".join(v),
)
def test_ambiguous_answers_put_the_note_first_with_the_alternatives_values(
    argv: list[str], values: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *argv)
    assert code == 0 and doc is not None and doc["match"] == "ambiguous"
    table = entry_run(*argv, "-o", "markdown", capsys=capsys).out
    first = table.split("\n\n")[0]
    assert first.startswith("> Ambiguous")
    for value in values:
        assert value in table


def test_define_of_a_service_gives_its_summary_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = ask(capsys, "define", "sam")
    assert code == 0 and doc is not None
    assert entry_of(doc) == "service:sam"
    assert "is a service" in doc["notes"][0]


def test_show_of_a_term_gives_the_glossary_entry_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = ask(capsys, "show", "gsi")
    assert code == 0 and doc is not None
    assert entry_of(doc) == "term:global-secondary-index"
    assert "no service card" in doc["notes"][0]


def test_limit_without_a_matching_limit_gives_the_matching_facts(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = ask(capsys, "limit", "dynamodb", "ttl", "deletion")
    assert code == 0 and doc is not None
    assert doc["kind"] == "hits"
    assert all(h["ref"].startswith("dynamodb") for h in doc["result"]["hits"] if h["kind"] == "fact")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["sqs"], "service:sqs"),
        (["sqs", "message", "size"], "limit:sqs/message-size"),
        (["gsi"], "term:global-secondary-index"),
        (["sqs", "vs", "sns"], "comparison:sqs-vs-sns"),
        # A name typed whole with its service's words is exact, as a one-word limit alias is.
        (["secrets", "manager", "rotation"], "term:secret-rotation"),
        # A service and one of its limits' names word for word: that limit, as `limit` reads it.
        (["iam", "roles", "per", "account"], "limit:iam/roles-per-account"),
        (["cognito", "groups-per-user-pool"], "limit:cognito/groups-per-user-pool"),
        # ... unless those words also name a term, in the plural too.
        (["cognito", "identity", "pools"], "term:cognito-identity-pool"),
        # A name with "vs" in it is that name, not a comparison.
        (["aws", "toolkit", "for", "vs", "code"], "service:aws-toolkit"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_a_bare_query_answers_like_the_best_command(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *argv)
    assert code == 0 and doc is not None
    assert entry_of(doc) == expected


def test_a_bare_query_that_names_nothing_falls_back_to_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = ask(capsys, "exponential", "backoff", "jitter")
    assert code == 0 and doc is not None
    assert doc["kind"] == "hits"


def test_a_bare_word_many_names_share_equally_lists_the_entries_that_have_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`awsref trigger` is not the policy statement, first in data order of a dozen names."""
    code, doc, _ = ask(capsys, "trigger")
    assert code == 0 and doc is not None
    assert doc["kind"] == "hits" and len(doc["result"]["hits"]) > 1


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["compare", "user", "pool", "identity", "pool"], "comparison:cognito-user-pools-vs-identity-pools"),
        (["compare", "kinesis", "vs", "firehose"], "comparison:kinesis-data-streams-vs-firehose"),
        (["compare", "memcached", "and", "redis"], "comparison:memcached-vs-redis"),
        (["compare", "sqs,", "sns"], "comparison:sqs-vs-sns"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_compare_reads_multi_word_subjects_and_separators(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *argv)
    assert code == 0 and doc is not None
    assert entry_of(doc) == expected


def test_compare_of_one_entity_under_two_names_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = ask(capsys, "compare", "sqs", "simple-queue-service")
    assert code == 2
    assert "twice" in err


def test_compare_names_the_subject_it_cannot_resolve(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = ask(capsys, "compare", "sqs", "bigquery")
    assert code == 1
    assert "'bigquery'" in err


def test_search_finds_presigned_urls_from_everyday_words(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc, _ = ask(capsys, "search", "share", "an", "s3", "object", "temporarily")
    assert doc is not None
    top = [f"{h['kind']}:{h['ref']}" for h in doc["result"]["hits"][:3]]
    assert any("presigned" in t for t in top), top


def test_filler_words_alone_find_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = ask(capsys, "search", "what", "is", "the", "maximum")
    assert code == 1


IDS = [s["id"] for s in DOC["services"]] + [t["id"] for t in DOC["terms"]]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(IDS))
def test_every_service_and_term_id_resolves_to_itself(ident: str) -> None:
    from awsref.kb import open_kb
    from awsref.lookup import define

    answer = define(open_kb(), [ident])
    assert answer.data["id"] == ident
    assert answer.match == "exact"


@pytest.mark.parametrize("command", ["define", "show"])
@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="bcdfghjklmnpqrvwxz", min_size=6, max_size=14))
def test_consonant_nonsense_is_never_answered(command: str, word: str) -> None:
    from awsref import lookup
    from awsref.errors import NotFound

    with pytest.raises(NotFound):
        getattr(lookup, command)(shared_kb(), [word])


@functools.cache
def shared_kb() -> KnowledgeBase:
    """One knowledge base for the property tests' many examples (sections stay loaded)."""
    from awsref.kb import open_kb

    return open_kb()


def test_a_mistyped_command_suggests_the_lookup_it_probably_meant(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = ask(capsys, "shwo", "dynamodb")
    assert code == 2
    assert "unknown command 'shwo'; did you mean: awsref show dynamodb" in err


def test_a_mistyped_command_with_nothing_to_answer_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = ask(capsys, "defien", "flibbertigibbet")
    assert code == 2
    assert "did you mean: awsref define flibbertigibbet" in err


@pytest.mark.parametrize("word", ["flibbertigibbet", "qwerty", "kubernetes operator"])
def test_a_short_name_inside_a_long_word_is_not_a_suggestion(word: str) -> None:
    from awsref.kb import open_kb
    from awsref.resolve import suggest

    refs = [ref for _, ref in suggest(word, open_kb().lexicon(), ("service", "term", "comparison", "limit"))]
    assert not {"bisect-batch-on-error", "q-developer", "opsworks", "iam-database-authentication"} & set(refs)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("dynmodb", "dynamodb"),
        ("kinesiss firehouse", "kinesis-firehose"),
        ("elastic beenstalk", "elastic-beanstalk"),
        ("prtition key", "partition-key"),
        ("exponentail backoff", "exponential-backoff"),
    ],
)
def test_a_typo_is_suggested_what_it_meant_first(typed: str, meant: str) -> None:
    from awsref.kb import open_kb
    from awsref.resolve import suggest

    refs = [ref for _, ref in suggest(typed, open_kb().lexicon(), ("service", "term", "comparison", "limit"))]
    assert refs[:1] == [meant]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lambda layers max", "limit:lambda/layers"),
        ("how many gsi per table", "limit:dynamodb/gsi-per-table"),
        ("default visibility timeout sqs", "limit:sqs/visibility-timeout"),
        ("lambda default concurrency", "limit:lambda/concurrency"),
        ("max receive count", "term:max-receive-count"),  # "max" is part of the term's name
        ("default vpc", "service:vpc"),  # one thing named, no number asked about
        ("lambda layers", "term:lambda-layer"),  # no number asked: the glossary entry
    ],
)
def test_a_bare_query_that_asks_for_a_number_gets_the_limit(
    query: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *query.split())
    assert code == 0 and doc is not None
    assert entry_of(doc) == expected


@pytest.mark.parametrize(
    ("argv", "comparison"),
    [
        (["compare", "sqs", "standard", "queue", "sqs", "fifo", "queue"], "sqs-standard-vs-fifo"),
        (
            [
                "compare",
                "step",
                "functions",
                "standard",
                "workflow",
                "step",
                "functions",
                "express",
                "workflow",
            ],
            "step-functions-standard-vs-express",
        ),
        (["difference", "between", "sqs", "and", "sns"], "sqs-vs-sns"),
        (["what's", "the", "difference", "between", "user", "pools", "and", "identity", "pools"], None),
        (["kinesis", "or", "firehose"], "kinesis-data-streams-vs-firehose"),
        (
            ["compare", "http", "proxy", "integration", "non-proxy", "integration"],
            "proxy-vs-non-proxy-integration",
        ),
        (["compare", "sns", "fifo", "topic", "standard", "topic"], "sns-standard-vs-fifo-topic"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_a_service_beside_its_own_parts_is_their_context_and_questions_of_two_are_compares(
    argv: list[str], comparison: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *argv)
    assert code == 0 and doc is not None and doc["kind"] == "comparison"
    assert doc["result"]["curated"]
    if comparison:
        assert doc["result"]["id"] == comparison


@pytest.mark.parametrize(
    ("argv", "kinds"),
    [
        (["compare", "sqs", "purge", "queue", "delete", "queue"], ["term: SQS", "fact: SQS"]),
        (["compare", "s3", "inventory", "report", "s3", "storage", "lens"], ["term: S3", "fact: S3"]),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_parts_of_one_thing_without_entries_are_compared_side_by_side(
    argv: list[str], kinds: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc, _ = ask(capsys, *argv)
    assert code == 0 and doc is not None and not doc["result"]["curated"]
    row = next(r for r in doc["result"]["rows"] if r["aspect"] == "Kind")
    assert all(value.startswith(kind) for value, kind in zip(row["values"], kinds, strict=True))
    assert any("not a curated comparison" in n for n in doc["notes"])


def test_define_without_a_term_gives_the_facts_that_name_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = ask(capsys, "define", "queue", "depth")
    assert code == 0 and doc is not None and doc["kind"] == "hits"
    assert doc["result"]["hits"][0]["kind"] == "fact"
    assert "not a term" in doc["notes"][0]


def test_two_products_awsref_does_not_know_are_not_compared_through_facts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert ask(capsys, "compare", "glue", "vs", "emr")[0] == 1
    assert ask(capsys, "define", "access", "point", "alias")[0] == 1


def test_a_word_no_limit_accounts_for_is_never_dropped(capsys: pytest.CaptureFixture[str]) -> None:
    """'joins': DynamoDB has none. Not the Query page size with the word dropped: the
    facts that speak of joins, said to be facts, or nothing."""
    code, doc, _ = ask(capsys, "limit", "dynamodb", "max", "joins", "per", "query")
    assert code == 1 or (doc is not None and doc["kind"] == "hits" and "(not limits)" in doc["notes"][0])


def test_a_limit_question_answered_by_facts_says_they_are_not_limits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, doc, _ = ask(capsys, "limit", "dynamodb", "ttl", "deletion")
    assert code == 0 and doc is not None and doc["kind"] == "hits"
    assert "(not limits)" in doc["notes"][0]
