"""The study deck's sections of the cache, built with the rest of it (``index.build_sections``).

``quiz``, ``progress`` and ``export`` read these instead of every service, term and
comparison, so what they load grows with the cards a command is about, not with the
knowledge base:

* ``deck/rows/SERVICE``: a row for each limit, term and comparison card about SERVICE
  (``deck/rows/`` for cards about no service), ``[position, id, services, domains]``, the
  position being the card's place in the whole deck (limits, then terms, then
  comparisons, each in data order);
* ``deck/rows``: every row, in deck order (a command about the whole deck);
* ``deck/values``: each limit unit's distinct values, sorted (a limit question's
  distractors are the nearest of these);
* ``deck/term-rows``: ``[id, term, services]`` of every term, in data order (a term
  question's distractors).

A card's exam domains: an entry's own ``domains`` win; a limit without them has its
service's, a term or a comparison the union of its services'.
"""

from __future__ import annotations

from awsref.spec import DOMAINS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from awsref.schema import Document

    Row = list[object]


def ordered(domains: Iterable[str] | None) -> list[str]:
    """``domains`` once each, in the order of ``DOMAINS``."""
    values = set(domains or [])
    return [d for d in DOMAINS if d in values]


def deck_rows(doc: Document) -> list[Row]:
    """Every limit, term and comparison card as ``[position, id, services, domains]``."""
    own = {s["id"]: ordered(s.get("domains")) for s in doc["services"]}
    rows: list[Row] = []
    for s in doc["services"]:
        for lim in s["limits"]:
            rows.append(
                [f"limit:{s['id']}/{lim['id']}", [s["id"]], ordered(lim.get("domains") or own[s["id"]])]
            )

    def inherited(entry: dict[str, object], services: list[str]) -> list[str]:
        mine = entry.get("domains")
        return ordered(
            mine if isinstance(mine, list) and mine else [d for s in services for d in own.get(s, [])]
        )

    for t in doc["terms"]:
        services = list(dict.fromkeys(t["services"]))
        rows.append([f"term:{t['id']}", services, inherited(dict(t), services)])
    for c in doc["comparisons"]:
        services = list(dict.fromkeys([*c["services"], *(s for s in c["subjects"] if s in own)]))
        rows.append([f"comparison:{c['id']}", services, inherited(dict(c), services)])
    return [[i, *row] for i, row in enumerate(rows)]


def deck_sections(doc: Document) -> dict[str, object]:
    """The ``deck/...`` sections of ``doc`` (see the module's docstring)."""
    rows = deck_rows(doc)
    sections: dict[str, object] = {"deck/rows": rows, "deck/rows/": []}
    for s in doc["services"]:
        sections[f"deck/rows/{s['id']}"] = []
    for row in rows:
        services = row[2]
        assert isinstance(services, list)
        for sid in services or [""]:
            bucket = sections.setdefault(f"deck/rows/{sid}", [])
            assert isinstance(bucket, list)
            bucket.append(row)
    values: dict[str, set[float]] = {}
    for s in doc["services"]:
        for lim in s["limits"]:
            if lim["value"] is not None:
                values.setdefault(lim["unit"], set()).add(lim["value"])
    sections["deck/values"] = {unit: sorted(v) for unit, v in values.items()}
    sections["deck/term-rows"] = [
        [t["id"], t["term"], list(dict.fromkeys(t["services"]))] for t in doc["terms"]
    ]
    return sections
