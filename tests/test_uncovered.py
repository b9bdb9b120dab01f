"""A product awsref knows by name but has no entry for (the data's ``uncovered`` list) is
answered "not covered", never with the entries that mention it in passing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awsref import lookup
from awsref.errors import NotFound
from awsref.kb import KnowledgeBase, build
from awsref.schema import check_shape
from awsref.search import search, uncovered_named
from conftest import DATA

REAL = KnowledgeBase(None, build(str(DATA), []))


def _kb(tmp_path: Path, uncovered: list[dict], extra_term: dict | None = None) -> KnowledgeBase:
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    doc["uncovered"] = uncovered
    if extra_term:
        doc["terms"].append(extra_term)
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return KnowledgeBase(None, build(str(path), []))


def test_a_question_about_an_uncovered_product_finds_nothing_and_names_it() -> None:
    with pytest.raises(NotFound) as caught:
        lookup.search(REAL, ["deploy", "a", "model", "with", "amazon", "bedrock", "and", "invoke", "it"])
    assert "awsref does not cover Amazon Bedrock" in str(caught.value)


def test_a_product_mentioned_in_passing_no_longer_answers_for_it(tmp_path: Path) -> None:
    query = "aurora bedrock model calls"
    without = _kb(tmp_path, [])
    assert search(without, query, 3), "the data mentions Bedrock beside Aurora: found without the list"
    with_list = _kb(tmp_path, [{"name": "Amazon Bedrock", "match": ["bedrock"]}])
    assert search(with_list, query, 3) == []


def test_a_phrase_is_matched_whole_not_word_by_word() -> None:
    found = uncovered_named(REAL, "lake formation column permissions")
    assert found == {"lake formation": "AWS Lake Formation"}
    assert uncovered_named(REAL, "cloudformation stack formation order") == {}


def test_a_product_the_knowledge_base_names_is_covered(tmp_path: Path) -> None:
    term = {
        "id": "amazon-bedrock",
        "term": "Amazon Bedrock",
        "aliases": ["bedrock"],
        "services": ["lambda"],
        "definition": "A managed service for foundation models, called through an API.",
        "see_also": [],
    }
    kb = _kb(tmp_path, [{"name": "Amazon Bedrock", "match": ["bedrock"]}], extra_term=term)
    assert uncovered_named(kb, "what is bedrock") == {}
    assert search(kb, "what is bedrock", 1)[0]["ref"] == "amazon-bedrock"


def test_the_list_is_part_of_the_schema() -> None:
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    assert doc["uncovered"] and check_shape(doc) == []
    doc["uncovered"].append({"name": "Amazon Example"})
    assert any("uncovered" in p and "match" in p for p in check_shape(doc))


def test_a_word_found_nowhere_is_part_of_the_question_not_a_product() -> None:
    # "borrowing" is in no entry: a student's own word, not a name. The rest of the
    # question still finds its entry; the same question naming a product awsref does not
    # cover (Firebase, of Google Cloud) is refused.
    refs = [hit["ref"] for hit in search(REAL, "sqs message retention period borrowing")[:3]]
    assert {"message-retention-period", "sqs/message-retention"} & set(refs)
    with pytest.raises(NotFound) as caught:
        lookup.search(REAL, ["sqs", "message", "retention", "period", "firebase"])
    assert "awsref does not cover Google Cloud" in str(caught.value)
