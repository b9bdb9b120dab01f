"""Broken knowledge-base files: one message naming the file and the place, exit 3."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import small_document, typer_run

# Each test here builds from a data file of its own (a cold build): an edited copy of the
# small knowledge base (conftest) costs a tenth of the packaged one.
GOOD = json.loads(small_document())


def run_with(path: Path | str, monkeypatch: pytest.MonkeyPatch, *argv: str):
    monkeypatch.setenv("AWSREF_DATA", str(path))
    return typer_run(*(argv or ("limit", "sqs", "message-size")))


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "kb.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with(tmp_path / "nope.json", monkeypatch)
    assert result.code == 3
    assert "nope.json: no such file" in result.err


def test_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with(tmp_path, monkeypatch)
    assert result.code == 3
    assert "is a directory" in result.err


def test_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with(write(tmp_path, ""), monkeypatch)
    assert result.code == 3
    assert "kb.json: is empty" in result.err


def test_binary_garbage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with(write(tmp_path, bytes(range(256)) * 4), monkeypatch)
    assert result.code == 3
    assert "kb.json" in result.err
    assert "UTF-8" in result.err or "line" in result.err


def test_invalid_json_names_line_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with(write(tmp_path, '{\n  "services": [,]\n}'), monkeypatch)
    assert result.code == 3
    assert "kb.json: line 2, column 16" in result.err


def test_wrong_shape_names_the_json_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with(write(tmp_path, "[1, 2, 3]"), monkeypatch)
    assert result.code == 3
    assert "$: expected object, got array" in result.err


def test_a_bad_field_deep_inside_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.loads(json.dumps(GOOD))
    doc["services"][1]["limits"][0]["unit"] = "furlongs"
    result = run_with(write(tmp_path, json.dumps(doc)), monkeypatch)
    assert result.code == 3
    assert "$.services[1].limits[0].unit: unknown unit 'furlongs'" in result.err


def test_duplicate_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.loads(json.dumps(GOOD))
    doc["terms"].append(dict(doc["terms"][0]))
    result = run_with(write(tmp_path, json.dumps(doc)), monkeypatch)
    assert result.code == 3
    assert "duplicate term id" in result.err


def test_dangling_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.loads(json.dumps(GOOD))
    doc["terms"][0]["services"] = ["no-such-service"]
    result = run_with(write(tmp_path, json.dumps(doc)), monkeypatch)
    assert result.code == 3
    assert "$.terms[0].services[0]: unknown service 'no-such-service'" in result.err


def test_the_data_file_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, small_document())
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    for argv in (["show", "sqs"], ["search", "queue"], ["list", "limits"]):
        assert run_with(path, monkeypatch, *argv).code == 0
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


def test_markup_and_control_characters_in_data_are_shown_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A control character in prose is now refused by validation (issue 24); markup is data.
    doc = json.loads(json.dumps(GOOD))
    doc["terms"][0]["definition"] = "[bold red]not styled[/] and no escape"
    path = write(tmp_path, json.dumps(doc))
    tid = doc["terms"][0]["id"]
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run_with(path, monkeypatch, "define", tid, "-o", "table")
    assert "[bold red]not styled[/]" in result.out
    doc["terms"][0]["definition"] = "[bold red]not styled[/] and \x1b[2J no escape"
    path = write(tmp_path, json.dumps(doc))
    result = run_with(path, monkeypatch, "define", tid, "-o", "table")
    assert result.code == 3
    assert "\x1b[2J" not in result.out + result.err
    assert "$.terms[0].definition: control character U+001B is not allowed" in result.err


def test_a_changed_data_file_is_never_served_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.loads(json.dumps(GOOD))
    path = write(tmp_path, json.dumps(doc))
    sid = doc["services"][0]["id"]
    assert "first summary" not in run_with(path, monkeypatch, "show", sid).out
    doc["services"][0]["summary"] = "A first summary written for this test, long enough to be a summary."
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "first summary" in run_with(path, monkeypatch, "show", sid).out


@pytest.mark.parametrize("cache", ["/proc/awsref-cache", "", "/dev/null/cache"])
def test_an_unusable_cache_dir_only_costs_speed(
    cache: str, monkeypatch: pytest.MonkeyPatch, small_data: Path
) -> None:
    monkeypatch.setenv("AWSREF_DATA", str(small_data))  # no cache: every run is a cold build
    monkeypatch.setenv("AWSREF_CACHE_DIR", cache)
    result = typer_run("limit", "sqs", "message-size")
    assert result.code == 0
    assert result.err == ""


def test_a_corrupt_cache_file_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_data: Path
) -> None:
    monkeypatch.setenv("AWSREF_DATA", str(small_data))
    monkeypatch.setenv("AWSREF_CACHE_DIR", str(tmp_path))
    assert typer_run("show", "sqs").code == 0
    for pack in tmp_path.glob("*.pack"):
        pack.write_bytes(b"AWSREF-PACK-2\n" + b"\xff" * 64)
    result = typer_run("show", "sqs")
    assert result.code == 0
    assert result.err == ""
