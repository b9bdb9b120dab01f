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
  question's distractors);
* ``deck/counts``: how many cards there are, in total, per service and per exam domain,
  of the whole deck (key ``""``) and of each domain (``awsref progress`` starts from
  these and reads only the cards that were answered), and ``buckets``;
* ``deck/where/N``: ``{id: [services, domains]}`` of the cards whose id falls in bucket
  N of ``buckets`` (``buckets.name_bucket``).

A card's exam domains: an entry's own ``domains`` win; a limit without them has its
service's, a term or a comparison the union of its services'.
"""

from __future__ import annotations

from awsref.buckets import name_bucket
from awsref.shape import curated
from awsref.spec import DOMAINS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

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
        for lim in curated(s["limits"]):
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
        for lim in curated(s["limits"]):
            if lim["value"] is not None:
                values.setdefault(lim["unit"], set()).add(lim["value"])
    sections["deck/values"] = {unit: sorted(v) for unit, v in values.items()}
    sections["deck/term-rows"] = [
        [t["id"], t["term"], list(dict.fromkeys(t["services"]))] for t in doc["terms"]
    ]
    sections.update(_counted(rows))
    return sections


ROWS_PER_BUCKET = 512


def _counted(rows: list[Row]) -> dict[str, object]:
    """``deck/counts`` and the ``deck/where/N`` buckets of ``rows``."""
    counts: dict[str, dict[str, Any]] = {}
    buckets = max(1, len(rows) // ROWS_PER_BUCKET)
    where: list[dict[str, object]] = [{} for _ in range(buckets)]
    for _, ident, services, domains in rows:
        assert isinstance(ident, str) and isinstance(services, list) and isinstance(domains, list)
        where[name_bucket(ident, buckets)][ident] = [services, domains]
        for scope in ["", *domains]:
            c = counts.setdefault(scope, {"total": 0, "services": {}, "domains": {}})
            c["total"] += 1
            for sid in services:
                c["services"][sid] = c["services"].get(sid, 0) + 1
            for d in domains:
                c["domains"][d] = c["domains"].get(d, 0) + 1
    out: dict[str, object] = {"deck/counts": {"scopes": counts, "buckets": buckets}}
    out.update((f"deck/where/{b}", table) for b, table in enumerate(where))
    return out
