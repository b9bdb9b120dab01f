"""awsref exam: the DVA-C02 outline in the data, mapped to entries, and studying by it."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awsref.exam import parse_id, ref_services, task_refs
from awsref.kb import open_kb
from awsref.schema import check_references, check_shape
from awsref.spec import DOMAINS, EXIT
from conftest import DATA, entry_run, proc, typer_run

RAW = json.loads(DATA.read_text(encoding="utf-8"))
EXAM = RAW["exam"]
ITEMS = [i for d in EXAM["domains"] for t in d["tasks"] for i in t["items"]]
TASKS = [t for d in EXAM["domains"] for t in d["tasks"]]


# ---- the map in the data ------------------------------------------------------------------


def test_the_outline_has_the_four_domains_with_their_weights() -> None:
    assert [d["domain"] for d in EXAM["domains"]] == list(DOMAINS)
    assert [d["weight"] for d in EXAM["domains"]] == [32, 26, 24, 18]


def test_every_task_has_knowledge_and_skill_bullets() -> None:
    for task in TASKS:
        kinds = {i["kind"] for i in task["items"]}
        assert kinds == {"knowledge", "skill"}, task["id"]


def test_every_bullet_maps_to_at_least_one_entry() -> None:
    assert ITEMS
    assert [i["id"] for i in ITEMS if not i["refs"]] == []


def test_every_ref_of_the_map_names_an_entry_that_exists() -> None:
    assert [p for p in check_references(RAW) if p.startswith("$.exam")] == []


def _broken(mutate: object) -> list[str]:
    doc = copy.deepcopy(RAW)
    mutate(doc["exam"]["domains"][0]["tasks"][0]["items"][0])  # type: ignore[operator]
    return check_shape(doc) + check_references(doc)


def test_a_bullet_that_maps_to_nothing_is_invalid() -> None:
    assert any("maps to no entry" in p for p in _broken(lambda i: i.update(refs=[])))


def test_a_bullet_that_maps_to_a_missing_entry_is_invalid() -> None:
    problems = _broken(lambda i: i.update(refs=["term:no-such-term"]))
    assert any("no such entry 'term:no-such-term'" in p for p in problems)


def test_a_bullet_outside_its_task_is_invalid() -> None:
    assert any("is not inside" in p for p in _broken(lambda i: i.update(id="D3.T1.K1")))


def test_a_bullet_id_must_match_its_kind() -> None:
    assert any("does not match its kind" in p for p in _broken(lambda i: i.update(kind="skill")))


# ---- reading ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ident"),
    [
        ("D2.T1", "D2.T1"),
        ("d2.t1", "D2.T1"),
        ("D2T1", "D2.T1"),
        ("2.1", "D2.T1"),
        ("task 2.1", "D2.T1"),
        ("domain 3", "D3"),
        ("d2.t1.s3", "D2.T1.S3"),
        ("2.1.k4", "D2.T1.K4"),
    ],
)
def test_ids_are_read_as_people_type_them(typed: str, ident: str) -> None:
    assert parse_id(typed) == ident


@pytest.mark.parametrize("typed", ["", "security x", "D", "Dx", "2.x", "2.1.Q3", "2.1.S", "٣.١"])
def test_what_is_not_an_id_is_none(typed: str) -> None:
    assert parse_id(typed) is None


@given(st.integers(1, 9), st.integers(1, 99), st.sampled_from("KS"), st.integers(1, 99))
def test_every_written_form_of_an_id_reads_back(domain: int, task: int, kind: str, n: int) -> None:
    ident = f"D{domain}.T{task}.{kind}{n}"
    for typed in (ident, ident.lower(), ident.replace(".", ""), f"{domain}.{task}.{kind}{n}"):
        assert parse_id(typed) == ident


@given(st.text(max_size=30))
def test_any_text_reads_as_an_id_or_none_never_an_error(text: str) -> None:
    result = parse_id(text)
    assert result is None or result.startswith("D")


# ---- the command --------------------------------------------------------------------------


def test_exam_lists_every_task_with_its_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("exam", "-o", "json", capsys=capsys)
    assert result.code == EXIT["OK"]
    tasks = [t for d in json.loads(result.out)["result"]["domains"] for t in d["tasks"]]
    assert [t["id"] for t in tasks] == [t["id"] for t in TASKS]
    assert all(t["mapped"] == t["bullets"] > 0 and t["entries"] > 0 for t in tasks)


def test_exam_task_shows_its_bullets_with_the_commands_that_answer_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = entry_run("exam", "2.3", "-o", "text", capsys=capsys)
    assert result.code == EXIT["OK"]
    lines = [line.split("\t") for line in result.out.splitlines()]
    assert lines[0][:2] == ["exam-task", "D2.T3"]
    items = [f[1] for f in lines if f[0] == "exam-item"]
    assert items and all(i.startswith("D2.T3.") for i in items)
    assert any(f[0] == "exam-ref" and f[5] == "awsref compare systems-manager secrets-manager" for f in lines)


def test_exam_domain_by_name_shows_all_its_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("exam", "security", "-o", "json", capsys=capsys)
    data = json.loads(result.out)["result"]
    assert data["domain"]["id"] == "D2"
    assert [t["id"] for t in data["tasks"]] == ["D2.T1", "D2.T2", "D2.T3"]


def test_exam_bullet_shows_that_bullet_alone(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("exam", "D4.T2.S3", "-o", "json", capsys=capsys)
    tasks = json.loads(result.out)["result"]["tasks"]
    assert [i["id"] for t in tasks for i in t["items"]] == ["D4.T2.S3"]


@pytest.mark.parametrize("typed", ["D9", "D2.T9", "D2.T1.S99", "blockchain"])
def test_an_unknown_part_of_the_outline_is_not_found(typed: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("exam", typed, capsys=capsys)
    assert result.code == EXIT["NOT_FOUND"]
    assert "is not a domain, task or bullet" in result.err
    assert "awsref exam" in result.err


def test_stats_shows_the_outline_coverage_per_task(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("stats", "-o", "text", capsys=capsys)
    rows = [line.split("\t") for line in result.out.splitlines() if line.startswith("exam-task\t")]
    assert [r[1] for r in rows] == [t["id"] for t in TASKS]


# ---- studying by the outline -------------------------------------------------------------


def _task_cards(ident: str) -> set[str]:
    task = next(t for t in TASKS if t["id"] == ident)
    return {r for i in task["items"] for r in i["refs"] if not r.startswith("service:")}


def test_quiz_task_asks_only_about_what_the_task_maps_to() -> None:
    result = typer_run("quiz", "--task", "D2.T3", "-n", "50", "--seed", "1", "--reveal", "-o", "json")
    assert result.code == EXIT["OK"], result.err
    questions = json.loads(result.out)["result"]["questions"]
    asked = {q["card"] for q in questions if q["kind"] != "scenario"}
    assert asked and asked <= _task_cards("D2.T3")
    # Scenario questions: facts of the services the task's entries are about.
    about = ref_services(open_kb(), task_refs(open_kb(), "D2.T3"))
    facts = [q for q in questions if q["kind"] == "scenario"]
    assert facts and all(q["card"].startswith("fact:") and q["services"][0] in about for q in facts)


def test_export_task_writes_only_what_the_task_maps_to() -> None:
    result = proc("export", "json", "--task", "4.2")
    assert result.returncode == EXIT["OK"], result.stderr
    ids = {c["id"] for c in json.loads(result.stdout)["cards"]}
    assert ids == _task_cards("D4.T2")


def test_quiz_with_an_unknown_task_is_not_found() -> None:
    result = typer_run("quiz", "--task", "D7", "--reveal")
    assert result.code == EXIT["NOT_FOUND"]
