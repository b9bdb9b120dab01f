"""awsref export: a real Anki package with stable ids, and CSV, Markdown and JSON."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from awsref import export
from conftest import DATA, proc

RAW = json.loads(DATA.read_text(encoding="utf-8"))
CARD_IDS = (
    {f"limit:{s['id']}/{lim['id']}" for s in RAW["services"] for lim in s["limits"]}
    | {f"term:{t['id']}" for t in RAW["terms"]}
    | {f"comparison:{c['id']}" for c in RAW["comparisons"]}
)


def collection(apkg: Path, tmp_path: Path) -> sqlite3.Connection:
    """The Anki collection inside an .apkg, opened."""
    assert zipfile.is_zipfile(apkg)
    with zipfile.ZipFile(apkg) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        target = tmp_path / f"{apkg.stem}.anki2"
        target.write_bytes(z.read("collection.anki2"))
    return sqlite3.connect(target)


def notes(conn: sqlite3.Connection) -> dict[str, tuple]:
    """card id (the last field) -> (note id, guid, model id, tags, fields)."""
    out = {}
    for nid, guid, mid, tags, flds in conn.execute("SELECT id, guid, mid, tags, flds FROM notes"):
        fields = flds.split("\x1f")
        out[fields[-1]] = (nid, guid, mid, tags.split(), fields)
    return out


def export_anki(path: Path, *args: str, env: dict[str, str] | None = None) -> None:
    result = proc("export", "anki", str(path), *args, env=env)
    assert result.returncode == 0, result.stderr
    assert f"to {path}" in result.stderr


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("anki")
    path = folder / "deck.apkg"
    export_anki(path)
    return path, folder


def test_apkg_is_an_anki_collection_with_every_card(deck: tuple[Path, Path]) -> None:
    path, folder = deck
    conn = collection(path, folder)
    found = notes(conn)
    assert set(found) == CARD_IDS
    assert conn.execute("SELECT count(*) FROM cards").fetchone() == (len(CARD_IDS),)
    assert conn.execute("SELECT count(DISTINCT nid) FROM cards").fetchone() == (len(CARD_IDS),)
    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    names = {m["name"]: int(mid) for mid, m in models.items()}
    assert names == {
        f"awsref {k}": export.stable_id(f"model:{k}:v1") for k in ("limit", "term", "comparison")
    }
    decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    assert export.DECK_NAME in {d["name"] for d in decks.values()}
    for card_id, (_, guid, mid, tags, _) in found.items():
        kind = card_id.split(":")[0]
        assert mid == names[f"awsref {kind}"]
        assert guid == export.note_guid(card_id)
        assert "awsref" in tags and f"awsref::{kind}" in tags


def test_notes_carry_values_sources_and_tags(deck: tuple[Path, Path]) -> None:
    path, folder = deck
    found = notes(collection(path, folder))
    _, _, _, tags, fields = found["limit:sqs/message-size"]
    assert "awsref::service::sqs" in tags
    assert "1 MiB" in fields[3]
    assert "256 KB" in fields[4]
    assert '<a href="https://docs.aws.amazon.com/AWSSimpleQueueService/' in fields[5]
    assert "awsref limit sqs message-size" in fields[6]
    tagged = {s["id"]: s["domains"] for s in RAW["services"] if s.get("domains")}
    sid, domains = next(iter(tagged.items()))
    limit_cards = [c for c in found if c.startswith(f"limit:{sid}/")]
    for card in limit_cards:
        assert {f"awsref::domain::{d}" for d in domains} <= set(found[card][3])
    _, _, _, _, fields = found["term:visibility-timeout"]
    assert fields[0] == "Visibility timeout" and "hidden" in fields[2]
    _, _, _, _, fields = found["comparison:" + RAW["comparisons"][0]["id"]]
    assert fields[1].startswith("<table>")


def test_exporting_twice_gives_the_same_note_identities(deck: tuple[Path, Path], tmp_path: Path) -> None:
    path, folder = deck
    again = tmp_path / "again.apkg"
    export_anki(again)
    first = {c: v[1:3] for c, v in notes(collection(path, folder)).items()}
    second = {c: v[1:3] for c, v in notes(collection(again, tmp_path)).items()}
    assert first == second


def test_source_date_epoch_makes_the_collection_reproducible(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    export_anki(tmp_path / "a.apkg", "-s", "sqs", env=env)
    export_anki(tmp_path / "b.apkg", "-s", "sqs", env=env)
    a = notes(collection(tmp_path / "a.apkg", tmp_path))
    b = notes(collection(tmp_path / "b.apkg", tmp_path))
    assert a == b  # note ids too


def test_export_leaves_no_temporary_files(tmp_path: Path) -> None:
    export_anki(tmp_path / "deck.apkg", "-s", "lambda")
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


def test_narrowing_by_service_and_domain(tmp_path: Path) -> None:
    path = tmp_path / "sqs.apkg"
    export_anki(path, "--service", "sqs", "--domain", "development")
    found = notes(collection(path, tmp_path))
    assert found
    for _, _, _, tags, _ in found.values():
        assert "awsref::service::sqs" in tags and "awsref::domain::development" in tags


def test_anki_needs_a_file() -> None:
    result = proc("export", "anki")
    assert result.returncode == 2
    assert "needs a FILE" in result.stderr


def test_csv_has_one_row_per_card() -> None:
    result = proc("export", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"] for r in rows} == CARD_IDS
    sqs = next(r for r in rows if r["id"] == "limit:sqs/message-size")
    assert sqs["kind"] == "limit" and sqs["services"] == "sqs"
    assert "1 MiB" in sqs["back"] and sqs["source"].startswith("https://")
    assert sqs["command"] == "awsref limit sqs message-size"


def test_json_and_markdown(tmp_path: Path) -> None:
    target = tmp_path / "cards.json"
    assert proc("export", "json", str(target), "-s", "dynamodb").returncode == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["version"] == 1
    ids = [c["id"] for c in doc["cards"]]
    assert len(ids) == len(set(ids)) and "limit:dynamodb/item-size" in ids
    assert all("dynamodb" in c["services"] for c in doc["cards"])
    md = proc("export", "markdown", "-s", "sqs").stdout
    assert md.startswith("# awsref study cards")
    assert "## Limits" in md and "## Terms" in md and "`awsref limit sqs message-size`" in md


def test_unknown_format_is_a_usage_error() -> None:
    assert proc("export", "pdf").returncode == 2
