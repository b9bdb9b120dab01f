"""``awsref export anki|csv|markdown|json``: every study card, for other tools.

The Anki deck (genanki) has one note type per kind of card (limit, term, comparison)
with fixed model ids, and each note's GUID is derived from its card id
(``limit:sqs/message-size``): importing an updated deck into Anki updates the notes
already there instead of adding copies. Notes are tagged ``awsref``,
``awsref::KIND``, ``awsref::service::ID`` and ``awsref::domain::DOMAIN``.
``SOURCE_DATE_EPOCH`` fixes the deck's timestamps (and so its note ids) for
reproducible builds.
"""

from __future__ import annotations

import hashlib
import html
import os
import sys
import tempfile

from awsref import cards as deck
from awsref.errors import UsageError
from awsref.kb import KnowledgeBase

DECK_NAME = "AWS Developer Associate (awsref)"
FIELDS = ("id", "kind", "services", "domains", "front", "back", "source", "command")


def stable_id(name: str) -> int:
    """A model or deck id from a name: the same on every machine and every run."""
    digest = hashlib.sha256(f"awsref:{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


# ---- faces ------------------------------------------------------------------------------


def faces(card: dict) -> tuple[str, str, str]:
    """(front, back, source URL or "") of a card, as plain text."""
    e = card["entry"]
    if card["kind"] == "limit":
        front = f"{card['title']} ({e['scope']})?"
        back = e["display"] + f". Adjustable: {'yes' if e['adjustable'] else 'no'}."
        if e.get("notes_value"):
            back += f" Older study material: {e['notes_value']}. {e.get('change') or ''}".rstrip()
        return front, back, e["source"]
    if card["kind"] == "term":
        where = f" ({', '.join(e['service_names'])})" if e["service_names"] else ""
        return f"{e['term']}{where}", e["definition"], ""
    rows = "; ".join(
        f"{r['aspect']}: "
        + ", ".join(f"{s} {v}" for s, v in zip(e["subject_labels"], r["values"], strict=True))
        for r in e["rows"]
    )
    return e["title"], f"{rows}. {e['choose']}".strip(), ""


def records(chosen: list[dict]) -> list[dict]:
    """One flat record per card (``FIELDS``), for csv, markdown and json."""
    out = []
    for card in chosen:
        front, back, source = faces(card)
        out.append(
            {
                "id": card["id"],
                "kind": card["kind"],
                "services": card["services"],
                "domains": card["domains"],
                "front": front,
                "back": back,
                "source": source,
                "command": card["command"],
            }
        )
    return out


# ---- anki -------------------------------------------------------------------------------

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.meta { color: #777; font-size: 14px; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }"""


def _models() -> dict[str, object]:
    import genanki

    meta = '<div class="meta">{{Command}}</div>'

    def model(kind: str, fields: list[str], front: str, back: str) -> object:
        return genanki.Model(
            stable_id(f"model:{kind}:v1"),
            f"awsref {kind}",
            fields=[{"name": f} for f in [*fields, "Command", "Card"]],
            templates=[
                {"name": f"awsref {kind}", "qfmt": front, "afmt": '{{FrontSide}}<hr id="answer">' + back}
            ],
            css=CSS,
        )

    return {
        "limit": model(
            "limit",
            ["Question", "Service", "Limit", "Value", "OlderMaterial", "Source"],
            "{{Question}}",
            "<b>{{Value}}</b>{{#OlderMaterial}}<p>{{OlderMaterial}}</p>{{/OlderMaterial}}"
            "<p>Source: {{Source}}</p>" + meta,
        ),
        "term": model(
            "term",
            ["Term", "Services", "Definition", "Aliases"],
            "{{Term}}<div class='meta'>{{Services}}</div>",
            "{{Definition}}{{#Aliases}}<p class='meta'>Also called: {{Aliases}}</p>{{/Aliases}}" + meta,
        ),
        "comparison": model(
            "comparison",
            ["Title", "Table", "Choose"],
            "{{Title}}",
            "{{Table}}<p>{{Choose}}</p>" + meta,
        ),
    }


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _fields(card: dict) -> list[str]:
    e = card["entry"]
    command = f"<code>{_e(card['command'])}</code>"
    if card["kind"] == "limit":
        older = ""
        if e.get("notes_value"):
            older = _e(f"Older study material: {e['notes_value']}. {e.get('change') or ''}".strip())
        link = f'<a href="{_e(e["source"])}">{_e(e["source"])}</a>'
        front = f"{_e(card['title'])} ({_e(e['scope'])})?"
        value = _e(e["display"]) + f"<br>Adjustable: {'yes' if e['adjustable'] else 'no'}"
        return [front, _e(e["service_name"]), _e(e["name"]), value, older, link, command, card["id"]]
    if card["kind"] == "term":
        return [
            _e(e["term"]),
            _e(", ".join(e["service_names"])),
            _e(e["definition"]),
            _e(", ".join(e["aliases"])),
            command,
            card["id"],
        ]
    head = "".join(f"<th>{_e(x)}</th>" for x in ["", *e["subject_labels"]])
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(x)}</td>" for x in [r["aspect"], *r["values"]]) + "</tr>"
        for r in e["rows"]
    )
    return [_e(e["title"]), f"<table><tr>{head}</tr>{body}</table>", _e(e["choose"]), command, card["id"]]


def tags(card: dict) -> list[str]:
    """Anki tags: awsref, its kind, each service and each exam domain."""
    return [
        "awsref",
        f"awsref::{card['kind']}",
        *(f"awsref::service::{s}" for s in card["services"]),
        *(f"awsref::domain::{d}" for d in card["domains"]),
    ]


def note_guid(card_id: str) -> str:
    """The Anki note GUID of a card: derived from its id alone."""
    import genanki

    return genanki.guid_for("awsref", card_id)


def write_anki(chosen: list[dict], path: str) -> None:
    """Write ``chosen`` as an .apkg at ``path`` (atomically: a temp file, then a rename)."""
    import itertools
    import sqlite3
    import time
    import zipfile

    try:
        import genanki
    except ImportError:
        raise UsageError("export anki needs the genanki package: python -m pip install genanki") from None
    models = _models()
    anki_deck = genanki.Deck(stable_id("deck:v1"), DECK_NAME)
    for card in chosen:
        anki_deck.add_note(
            genanki.Note(
                model=models[card["kind"]], fields=_fields(card), guid=note_guid(card["id"]), tags=tags(card)
            )
        )
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    stamp = float(epoch) if epoch.isdigit() else time.time()
    folder = os.path.dirname(os.path.abspath(path))
    fd, db_path = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        conn = sqlite3.connect(db_path)
        try:
            genanki.Package(anki_deck).write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(db_path, "collection.anki2")
            z.writestr("media", "{}")
        os.replace(tmp, path)
    finally:
        for leftover in (db_path, tmp):
            try:
                os.unlink(leftover)
            except OSError:
                pass


# ---- csv, markdown, json ----------------------------------------------------------------


def to_csv(rows: list[dict]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    for r in rows:
        writer.writerow([" ".join(r[f]) if isinstance(r[f], list) else r[f] for f in FIELDS])
    return buf.getvalue()


def to_markdown(rows: list[dict]) -> str:
    from awsref.render_markdown import _md

    parts = ["# awsref study cards"]
    for kind, title in (("limit", "Limits"), ("term", "Terms"), ("comparison", "Comparisons")):
        mine = [r for r in rows if r["kind"] == kind]
        if not mine:
            continue
        parts.append(f"## {title}")
        for r in mine:
            lines = [f"### {_md(r['front'])}", "", _md(r["back"]), ""]
            if r["source"]:
                lines.append(f"- Source: <{r['source']}>")
            lines.append(f"- More: `{r['command']}`")
            tagline = " ".join([*r["services"], *r["domains"]])
            if tagline:
                lines.append(f"- Tags: {_md(tagline)}")
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def to_json(rows: list[dict]) -> str:
    import json

    return json.dumps({"version": 1, "command": "export", "cards": rows}, indent=2, ensure_ascii=True) + "\n"


def _write_text(text: str, path: str | None) -> None:
    if path in (None, "-"):
        sys.stdout.write(text)
        return
    assert path is not None
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror or e}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def run_export(
    kb: KnowledgeBase,
    words: list[str],
    *,
    fmt: str,
    file: str | None,
    domain: str | None,
    task: str | None = None,
) -> None:
    """``awsref export FORMAT [FILE]``."""
    chosen, _ = deck.select(kb, words, domain, task)
    if fmt == "anki":
        if file in (None, "-"):
            raise UsageError("export anki needs a FILE to write, such as deck.apkg")
        assert file is not None
        try:
            write_anki(chosen, file)
        except OSError as e:
            raise UsageError(f"cannot write {file}: {e.strerror or e}") from None
        counts = {k: sum(c["kind"] == k for c in chosen) for k in deck.KINDS}
        sys.stderr.write(
            f"awsref: wrote {len(chosen)} notes ({counts['limit']} limits, {counts['term']} terms, "
            f"{counts['comparison']} comparisons) to {file}\n"
        )
        return
    rows = records(chosen)
    text = {"csv": to_csv, "markdown": to_markdown, "json": to_json}[fmt](rows)
    _write_text(text, file)
