"""The quota catalogue (``quotas.json`` beside the knowledge base): AWS's quota tables merged
in as limits, looked up and listed like any limit, but kept off cards, tables and decks
(issue 22). Rendered from the frozen fixture knowledge base with a small catalogue beside it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from awsref.errors import DataError
from awsref.loader import load_document
from awsref.spec import EXIT
from conftest import FIXTURE, entry_run

SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"


def quota(qid: str, name: str, value: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "name": name,
        "aliases": [],
        "value": value,
        "unit": "count",
        "display": f"{value:,}",
        "scope": "per account per Region",
        "adjustable": True,
        "source": SOURCE,
        "as_of": "2026-12-07",
        "verified": True,
        **extra,
    }


CATALOGUE = {
    "schema_version": 1,
    "services": [
        {
            "id": "lambda",
            "limits": [
                quota("event-source-mappings", "Event source mappings per account", 500),
                quota("capacity-providers", "Capacity providers per account", 1000, quota_code="L-AB12CD34"),
            ],
        }
    ],
}


def write_kb(folder: Path, catalogue: object = CATALOGUE) -> Path:
    data = folder / "notes.json"
    shutil.copyfile(FIXTURE, data)
    (folder / "quotas.json").write_text(json.dumps(catalogue), encoding="utf-8")
    return data


@pytest.fixture(autouse=True)
def kb_with_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = write_kb(tmp_path)
    monkeypatch.setenv("AWSREF_DATA", str(data))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AWSREF_PAGER", "never")
    return data


def json_of(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    result = entry_run(*argv, "-o", "json", capsys=capsys)
    assert result.code == EXIT["OK"], result.err
    return json.loads(result.out)["result"]


def test_a_catalogue_quota_is_a_limit_of_its_service(capsys: pytest.CaptureFixture[str]) -> None:
    got = json_of(capsys, "limit", "lambda", "event source mappings per account")
    assert (got["id"], got["value"], got["source"]) == ("event-source-mappings", 500, SOURCE)


def test_a_catalogue_quota_is_found_by_its_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert json_of(capsys, "limit", "lambda", "L-AB12CD34")["id"] == "capacity-providers"


def test_list_quotas_of_a_service_holds_its_catalogue_quotas(capsys: pytest.CaptureFixture[str]) -> None:
    ids = [i["id"] for i in json_of(capsys, "list", "quotas", "lambda")["items"]]
    assert ids[-2:] == ["event-source-mappings", "capacity-providers"]


def test_list_quotas_of_every_service_holds_catalogue_quotas_with_a_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = [i["id"] for i in json_of(capsys, "list", "quotas")["items"]]
    assert "capacity-providers" in ids and "event-source-mappings" not in ids


def test_list_limits_holds_only_the_curated_limits(capsys: pytest.CaptureFixture[str]) -> None:
    ids = {i["id"] for i in json_of(capsys, "list", "limits")["items"]}
    assert ids and not ids & {"capacity-providers", "event-source-mappings"}


def test_the_card_leaves_catalogue_quotas_out_and_says_where_they_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    card = json_of(capsys, "show", "lambda")
    assert "capacity-providers" not in {lim["id"] for lim in card["limits"]}
    assert card["more_quotas"] == 2
    records = entry_run("show", "lambda", capsys=capsys).out.splitlines()
    assert "more-quotas\tlambda\t2\tawsref list quotas lambda" in records
    shown = entry_run("show", "lambda", "-o", "markdown", capsys=capsys).out
    assert "2 more quotas from AWS's quota tables" in shown and "awsref list quotas lambda" in shown


def test_the_service_limit_table_leaves_them_out_too(capsys: pytest.CaptureFixture[str]) -> None:
    table = json_of(capsys, "limit", "lambda")
    assert table["more_quotas"] == 2
    assert "capacity-providers" not in {lim["id"] for lim in table["limits"]}


def test_stats_count_catalogue_quotas_apart_from_limits(capsys: pytest.CaptureFixture[str]) -> None:
    curated = sum(len(s["limits"]) for s in json.loads(FIXTURE.read_text(encoding="utf-8"))["services"])
    total = json_of(capsys, "stats")["total"]
    assert (total["limits"], total["quotas"]) == (curated, 2)


def test_quizzes_never_ask_about_catalogue_quotas(capsys: pytest.CaptureFixture[str]) -> None:
    from awsref.kb import open_kb

    rows = open_kb().section("deck/rows/lambda")
    assert rows and not any("capacity-providers" in str(row) for row in rows)


def test_a_catalogue_added_later_rebuilds_the_cache(
    kb_with_catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_with_catalogue.parent / "quotas.json").unlink()
    entry_run("limit", "lambda", capsys=capsys)  # builds and writes a pack without it
    result = entry_run("limit", "lambda", "L-AB12CD34", capsys=capsys)
    assert result.code == EXIT["NOT_FOUND"]
    write_kb(kb_with_catalogue.parent)
    assert json_of(capsys, "limit", "lambda", "L-AB12CD34")["id"] == "capacity-providers"


def test_a_catalogue_service_the_knowledge_base_lacks_is_a_data_error(tmp_path: Path) -> None:
    bad = {"schema_version": 1, "services": [{"id": "azure-functions", "limits": []}]}
    with pytest.raises(DataError) as e:
        load_document(str(write_kb(tmp_path, bad)))
    assert "no service 'azure-functions'" in e.value.problems[0]


def test_a_catalogue_quota_may_not_take_a_curated_name(tmp_path: Path) -> None:
    taken = {
        "schema_version": 1,
        "services": [{"id": "lambda", "limits": [quota("timeout", "Timeout", 900)]}],
    }
    with pytest.raises(DataError) as e:
        load_document(str(write_kb(tmp_path, taken)))
    assert "already has a limit 'timeout'" in " ".join(e.value.problems)


def test_a_catalogue_with_a_bad_field_names_the_file_and_field(tmp_path: Path) -> None:
    bad = {
        "schema_version": 1,
        "services": [{"id": "lambda", "limits": [dict(quota("x", "X", 1), unit="parsecs")]}],
    }
    with pytest.raises(DataError) as e:
        load_document(str(write_kb(tmp_path, bad)))
    assert e.value.path.endswith("quotas.json") and "unknown unit 'parsecs'" in e.value.problems[0]


def test_a_catalogue_quota_may_leave_adjustable_and_scope_unsaid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unsaid = {
        "schema_version": 1,
        "services": [{"id": "lambda", "limits": [quota("x-y", "X Y", 1, adjustable=None, scope="")]}],
    }
    write_kb(tmp_path, unsaid)
    got = json_of(capsys, "limit", "lambda", "x-y")
    assert (got["adjustable"], got["scope"]) == (None, "")
    card = entry_run("limit", "lambda", "x-y", "-o", "markdown", capsys=capsys).out
    assert "not stated" in card and "Scope" not in card


def test_a_curated_limit_must_say_adjustable_and_scope(tmp_path: Path) -> None:
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    doc["services"][0]["limits"][0].update(adjustable=None, scope="")
    data = tmp_path / "notes.json"
    data.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_document(str(data))
    assert any("says whether it is adjustable" in p for p in e.value.problems)
    assert any(p.endswith(".scope: must not be blank") for p in e.value.problems)


def curated_hits(capsys: pytest.CaptureFixture[str], *words: str) -> list[str]:
    result = entry_run("search", *words, "-o", "json", capsys=capsys)
    hits = json.loads(result.out)["result"]["hits"] if result.code == EXIT["OK"] else []
    return [h["ref"] for h in hits if "capacity-providers" not in h["ref"] and "event-source" not in h["ref"]]


# Quota names full of the words curated entries use, for every service of the fixture.
WORDY = {
    "schema_version": 1,
    "services": [
        {
            "id": sid,
            "limits": [
                quota(f"wordy-{i}", f"Concurrent message batch size retry executions {i} per stream", i)
                for i in range(1, 40)
            ],
        }
        for sid in ("sqs", "lambda", "dynamodb", "kinesis-data-streams", "sns")
    ],
}


@pytest.mark.parametrize(
    "query", ["message size", "concurrent executions", "event source mapping batch", "retry"]
)
def test_a_catalogue_leaves_how_curated_entries_rank_alone(
    query: str, kb_with_catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Search's statistics (idf, field lengths) are the curated entries': 195 quotas full of
    # their words never reorder the curated hits or turn an answer into a refusal.
    write_kb(kb_with_catalogue.parent, WORDY)
    with_it = [ref for ref in curated_hits(capsys, *query.split()) if "wordy" not in ref]
    (kb_with_catalogue.parent / "quotas.json").unlink()
    without = curated_hits(capsys, *query.split())
    assert with_it and with_it == without[: len(with_it)]


def test_search_finds_a_catalogue_quota_by_its_name(capsys: pytest.CaptureFixture[str]) -> None:
    refs = [h["ref"] for h in json_of(capsys, "search", "lambda", "capacity", "providers")["hits"]]
    assert refs[0] == "lambda/capacity-providers"


def test_a_question_a_catalogue_quota_names_only_in_part_is_not_answered_with_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Ignoring the words an entry lacks ("dynamodb tables") is for curated limits: among a
    # thousand quota names from AWS's tables some name would always seem to fit.
    result = entry_run("limit", "lambda", "capacity", "providers", "for", "dynamodb", "tables", capsys=capsys)
    assert result.code == EXIT["NOT_FOUND"] and "no Lambda limit matches" in result.err
