"""The user's own notes: merged over the packaged knowledge base, marked as theirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import typer_run as run

NEW_SERVICE = {
    "services": [
        {
            "id": "myqueue",
            "name": "MyQueue",
            "full_name": "Our in-house queue",
            "aliases": ["house queue"],
            "category": "Application integration",
            "summary": "The team's own wrapper around SQS, with retries and tracing built in.",
            "facts": [{"topic": "Basics", "text": "Wraps SQS with retries."}],
            "limits": [],
        },
        {
            "id": "sqs",
            "aliases": ["team queue"],
            "facts": [{"topic": "Team", "text": "Our queues always have a dead-letter queue."}],
        },
    ],
    "terms": [
        {
            "id": "poison-message",
            "term": "Poison message",
            "aliases": [],
            "services": ["sqs"],
            "definition": "A message that fails every time it is processed.",
            "see_also": [],
        }
    ],
}


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_data: Path) -> Path:
    folder = tmp_path / "notes.d"
    folder.mkdir()
    monkeypatch.setenv("AWSREF_NOTES_DIR", str(folder))
    # Notes merge over the small knowledge base (conftest: SQS, SNS, DynamoDB): every test
    # here is a cold build, a tenth the cost of the packaged one's.
    monkeypatch.setenv("AWSREF_DATA", str(small_data))
    return folder


def test_a_user_service_is_found_and_marked_as_theirs(notes: Path) -> None:
    (notes / "team.json").write_text(json.dumps(NEW_SERVICE))
    doc = json.loads(run("show", "house", "queue", "-o", "json").out)
    assert doc["result"]["id"] == "myqueue"
    assert doc["result"]["origin"] == "team.json"
    assert "[your note: team.json]" in run("show", "myqueue", "-o", "table").out


def test_user_facts_and_aliases_extend_a_packaged_service(notes: Path) -> None:
    (notes / "team.json").write_text(json.dumps(NEW_SERVICE))
    result = run("show", "team", "queue", "-o", "text")
    assert result.out.startswith("service\tsqs\t")
    mine = [
        line for line in result.out.splitlines() if "dead-letter queue." in line and line.startswith("fact")
    ]
    assert mine and mine[0].endswith("\tteam.json")


def test_a_user_term_is_marked_in_every_format(notes: Path) -> None:
    (notes / "team.json").write_text(json.dumps(NEW_SERVICE))
    assert json.loads(run("define", "poison", "message", "-o", "json").out)["result"]["origin"] == "team.json"
    assert run("define", "poison-message", "-o", "text").out.rstrip("\n").endswith("\tteam.json")
    assert "your note: team.json" in run("define", "poison-message", "-o", "markdown").out


def test_a_broken_user_file_warns_once_and_hides_nothing(notes: Path) -> None:
    (notes / "broken.json").write_text("{ not json")
    (notes / "team.json").write_text(json.dumps(NEW_SERVICE))
    result = run("limit", "sqs", "message-size", "-o", "text")
    assert result.code == 0
    assert result.out.startswith("limit\tsqs\tmessage-size")
    assert result.err.count("broken.json") == 1
    assert "line 1, column 3" in result.err
    assert run("show", "myqueue").code == 0


def test_a_user_file_may_not_change_a_packaged_summary(notes: Path) -> None:
    (notes / "bad.json").write_text(json.dumps({"services": [{"id": "sqs", "summary": "mine now"}]}))
    result = run("show", "sqs", "-o", "json")
    assert "mine now" not in result.out
    assert "can only add aliases, facts and limits" in result.err


def test_a_user_alias_may_not_steal_a_packaged_name(notes: Path) -> None:
    stolen = {"services": [{"id": "sns", "aliases": ["ddb"]}]}
    (notes / "steal.json").write_text(json.dumps(stolen))
    result = run("show", "ddb", "-o", "json")
    assert json.loads(result.out)["result"]["id"] == "dynamodb"
    assert "steal.json" in result.err


def test_validate_accepts_a_good_file(notes: Path) -> None:
    (notes / "team.json").write_text(json.dumps(NEW_SERVICE))
    result = run("validate")
    assert result.code == 0
    assert "team.json\tvalid" in result.out


def test_validate_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "terms": [
                    {
                        "id": "Not A Slug",
                        "term": "",
                        "aliases": [],
                        "services": ["nope"],
                        "definition": "x",
                        "see_also": [],
                    }
                ]
            }
        )
    )
    result = run("validate", str(bad), "-o", "text")
    assert result.code == 3
    assert f"problem\t{bad}\t$.terms[0].id: 'Not A Slug' is not a slug" in result.out
    assert "$.terms[0].term: must not be blank" in result.out


def test_validate_reports_unreadable_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"terms": [}')
    result = run("validate", str(bad), "-o", "text")
    assert result.code == 3
    assert "line 1, column 12" in result.out


def test_validate_with_no_notes_says_so(notes: Path) -> None:
    result = run("validate", "-o", "text")
    assert result.code == 0
    assert "no notes files" in result.out


def test_changed_user_notes_are_picked_up(notes: Path) -> None:
    path = notes / "team.json"
    path.write_text(json.dumps(NEW_SERVICE))
    assert run("show", "myqueue").out.startswith("service\tmyqueue\t")
    path.write_text(json.dumps({"terms": []}))
    assert not run("show", "myqueue").out.startswith("service\tmyqueue\t")
