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
import sys

from awsref import cards as deck
from awsref.errors import UsageError
from awsref.kb import KnowledgeBase
from awsref.render_markdown import escape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    Card = dict[str, Any]
    Record = dict[str, Any]

DECK_NAME = "AWS Developer Associate (awsref)"
FIELDS = ("id", "kind", "services", "domains", "front", "back", "source", "command")


def stable_id(name: str) -> int:
    """A model or deck id from a name: the same on every machine and every run."""
    digest = hashlib.sha256(f"awsref:{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


# ---- faces ------------------------------------------------------------------------------


def faces(card: dict[str, Any]) -> tuple[str, str, str]:
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


def record(card: Card) -> Record:
    """A card as one flat record (``FIELDS``), for csv, markdown and json."""
    front, back, source = faces(card)
    return {
        "id": card["id"],
        "kind": card["kind"],
        "services": card["services"],
        "domains": card["domains"],
        "front": front,
        "back": back,
        "source": source,
        "command": card["command"],
    }


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


def _fields(card: dict[str, Any]) -> list[str]:
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


def tags(card: dict[str, Any]) -> list[str]:
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


# SOURCE_DATE_EPOCH: whole seconds up to the end of year 9999 (what zip and Anki can store).
MAX_EPOCH = 253402300799
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def build_time() -> float:
    """``SOURCE_DATE_EPOCH`` when set (a UsageError when it is not a sane time), else now."""
    import time

    from awsref.errors import env_number

    return env_number("SOURCE_DATE_EPOCH", time.time(), 0, MAX_EPOCH, whole=True)


def _zip_time(stamp: float) -> tuple[int, int, int, int, int, int]:
    import time

    t = time.gmtime(int(stamp))
    return max(ZIP_EPOCH, (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec))


def anki_package(chosen: Iterable[Card], stamp: float, kinds: Iterable[str]) -> bytes:
    """The .apkg bytes of ``chosen`` (whose ``kinds`` are these, in order of first
    appearance): the collection is built in memory (no temp database in ``$TMPDIR``), one
    note at a time, and every time and id in it comes from ``stamp``, so the same cards and
    stamp give the same bytes."""
    import io
    import itertools
    import sqlite3
    import zipfile

    try:
        import genanki
    except ImportError:
        raise UsageError("export anki needs the genanki package: python -m pip install genanki") from None
    models = _models()
    anki_deck = genanki.Deck(stable_id("deck:v1"), DECK_NAME)
    for kind in kinds:  # as adding the notes would, without holding every note
        anki_deck.add_model(models[kind])
    conn = sqlite3.connect(":memory:")
    try:
        cursor, ids = conn.cursor(), itertools.count(int(stamp * 1000))
        genanki.Package(anki_deck).write_to_db(cursor, stamp, ids)  # the deck and its note types
        for card in chosen:
            note = genanki.Note(
                model=models[card["kind"]], fields=_fields(card), guid=note_guid(card["id"]), tags=tags(card)
            )
            note.write_to_db(cursor, stamp, anki_deck.deck_id, ids)
        conn.commit()
        collection = conn.serialize()
    finally:
        conn.close()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=_zip_time(stamp))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def write_anki(chosen: Iterable[Card], path: str, kinds: Iterable[str], *, force: bool = False) -> None:
    """Write ``chosen`` as an .apkg at ``path`` through the safe writer."""
    from awsref.safe_write import write_file

    write_file(path, anki_package(chosen, build_time(), kinds), force=force)


# ---- csv, markdown, json ----------------------------------------------------------------


# Cells a spreadsheet would read as a formula (OWASP "CSV injection"): prefixed with "'".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = " ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Sink:
    """UTF-8 bytes written a piece at a time: an export never holds its text twice over."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, text: str) -> int:
        self.data += text.encode("utf-8")
        return len(text)


def to_csv(cards: Iterable[Card]) -> bytes:
    """One line per card; a cell that starts like a formula is quoted as text."""
    import csv

    out = _Sink()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for card in cards:
        r = record(card)
        writer.writerow([_cell(r[f]) for f in FIELDS])
    return bytes(out.data)


# Characters a URL keeps in a Markdown autolink; anything else (<, >, ", spaces, controls)
# is percent-encoded, so a source can never end the link and start raw HTML.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def _md_url(url: str) -> str:
    from urllib.parse import quote

    return f"<{quote(url, safe=_URL_SAFE)}>"


def _md_code(text: str) -> str:
    return f"`{text}`" if text.isprintable() and "`" not in text else escape(text)


def _md_table(entry: dict[str, Any]) -> list[str]:
    """A comparison as a Markdown table: one row per aspect, one column per subject."""
    lines = ["| | " + " | ".join(escape(x) for x in entry["subject_labels"]) + " |"]
    lines.append("|---|" + "---|" * len(entry["subject_labels"]))
    lines.extend(
        f"| {escape(r['aspect'])} | " + " | ".join(escape(v) for v in r["values"]) + " |"
        for r in entry["rows"]
    )
    return lines


def _md_card(card: Card) -> str:
    """One card's Markdown section."""
    r = record(card)
    entry = card["entry"]
    lines = [f"### {escape(r['front'])}", ""]
    if card["kind"] == "comparison":
        lines += [*_md_table(entry), ""]
        if entry.get("choose"):
            lines += [escape(entry["choose"]), ""]
    else:
        lines += [escape(r["back"]), ""]
    if r["source"]:
        lines.append(f"- Source: {_md_url(r['source'])}")
    lines.append(f"- More: {_md_code(r['command'])}")
    tagline = " ".join([*r["services"], *r["domains"]])
    if tagline:
        lines.append(f"- Tags: {escape(tagline)}")
    return "\n".join(lines)


TITLES = {"limit": "Limits", "term": "Terms", "comparison": "Comparisons"}


def to_markdown(cards: Iterable[Card]) -> bytes:
    """One section per card under Limits, Terms and Comparisons (a comparison as a table).

    ``cards`` come in deck order (limits, then terms, then comparisons). Every text is
    escaped (no raw HTML, no Markdown markup from the data); a source is an autolink whose
    unsafe characters are percent-encoded.
    """
    out = _Sink()
    out.write("# awsref study cards")
    kind = ""
    for card in cards:
        if card["kind"] != kind:
            kind = card["kind"]
            out.write(f"\n\n## {TITLES[kind]}")
        out.write("\n\n" + _md_card(card))
    out.write("\n")
    return bytes(out.data)


def to_json(cards: Iterable[Card]) -> bytes:
    """``{"version": 1, "command": "export", "cards": [...]}``, indented, one card at a time."""
    import json

    out = _Sink()
    out.write('{\n  "version": 1,\n  "command": "export",\n  "cards": [')
    sep = "\n    "
    for card in cards:
        out.write(sep + json.dumps(record(card), indent=2, ensure_ascii=True).replace("\n", "\n    "))
        sep = ",\n    "
    out.write("]\n}\n" if sep == "\n    " else "\n  ]\n}\n")
    return bytes(out.data)


def run_export(
    kb: KnowledgeBase,
    words: list[str],
    *,
    fmt: str,
    file: str | None,
    domain: str | None,
    task: str | None = None,
    force: bool = False,
) -> None:
    """``awsref export FORMAT [FILE]``: FILE (``-`` or none: stdout) through the safe writer."""
    from awsref.safe_write import write_file

    light = deck.select_light(kb, words, domain, task)
    cards = deck.whole_cards(kb, light)
    if fmt == "anki":
        if file in (None, "-"):
            raise UsageError("export anki needs a FILE to write, such as deck.apkg")
        assert file is not None
        write_anki(cards, file, dict.fromkeys(c["kind"] for c in light), force=force)
        counts = {k: sum(c["kind"] == k for c in light) for k in deck.KINDS}
        sys.stderr.write(
            f"awsref: wrote {len(light)} notes ({counts['limit']} limits, {counts['term']} terms, "
            f"{counts['comparison']} comparisons) to {file}\n"
        )
        return
    write_file(
        file or "-", {"csv": to_csv, "json": to_json, "markdown": to_markdown}[fmt](cards), force=force
    )
