"""Turn a validated document into the sections awsref reads at run time.

Everything derivable is computed here once, when the cache is built: name tables for
exact resolution, each service's related terms and comparisons, the completion lists
and the search index. The run-time path then only reads what a command needs.
"""

from __future__ import annotations

from awsref.buckets import name_bucket, prefix_bucket
from awsref.index_lexicon import build_lexicon, code_of, names_of_service, names_of_term
from awsref.index_search import build_search_index
from awsref.schema import Document
from awsref.shape import curated
from awsref.spec import DOMAINS, STATS_KEYS
from awsref.text import key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from awsref.schema import Service, Term

NAMES_PER_BUCKET = 64  # exact name lookups read one bucket (about 3 KB), not every name
KEYS_PER_BUCKET = 64  # the other mappings read one key at a time: a card's labels read a few each


def apply_domains(doc: Document) -> None:
    """Give every entry its effective exam domains, in place.

    An entry's own ``domains`` win; a limit without them has its service's, a term or a
    comparison the union of its services'. Order follows ``DOMAINS``.
    """
    order = {d: i for i, d in enumerate(DOMAINS)}

    def sort(values: Iterable[str]) -> list[str]:
        return sorted(set(values), key=order.__getitem__)

    own: dict[str, list[str]] = {}
    for s in doc["services"]:
        s["domains"] = own[s["id"]] = sort(s.get("domains") or [])
        for lim in s["limits"]:
            lim["domains"] = sort(lim.get("domains") or own[s["id"]])
    for t in doc["terms"]:
        t["domains"] = sort(t.get("domains") or [d for sid in t["services"] for d in own.get(sid, [])])
    for c in doc["comparisons"]:
        inherited = [d for sid in c["services"] for d in own.get(sid, [])]
        c["domains"] = sort(c.get("domains") or inherited)


def build_stats(doc: Document) -> dict[str, object]:
    """Counts of everything, in total, per exam domain and per service (``awsref stats``)."""

    def counter() -> dict[str, int]:
        return dict.fromkeys(STATS_KEYS, 0)

    total = counter()
    per_domain = {d: counter() for d in DOMAINS}
    per_service: dict[str, dict[str, int]] = {}
    for s in doc["services"]:
        mine = per_service[s["id"]] = counter()
        for bucket in (total, mine, *(per_domain[d] for d in s["domains"])):
            bucket["services"] += 1
            bucket["facts"] += len(s["facts"])
        for lim in s["limits"]:
            counts: tuple[str, ...]
            if lim.get("catalogue"):
                counts = ("quotas",)
            else:
                counts = ("limits", "verified" if lim.get("verified", True) else "unverified")
            for bucket in (total, mine, *(per_domain[d] for d in lim["domains"])):
                for count in counts:
                    bucket[count] += 1
    for kind in ("terms", "comparisons"):
        for item in doc[kind]:
            total[kind] += 1
            for d in item["domains"]:
                per_domain[d][kind] += 1
            for sid in item["services"]:
                if sid in per_service:
                    per_service[sid][kind] += 1
    exam = (
        [
            {
                "task": t["id"],
                "domain": d["domain"],
                "title": t["title"],
                "bullets": len(t["items"]),
                "mapped": sum(1 for i in t["items"] if i["refs"]),
                "entries": len({r for i in t["items"] for r in i["refs"]}),
            }
            for d in doc["exam"]["domains"]
            for t in d["tasks"]
        ]
        if "exam" in doc
        else []
    )
    return {"total": total, "domains": per_domain, "services": per_service, "exam": exam}


def _entry_ref(doc: Document, ref: str) -> dict[str, str]:
    """What an exam bullet's ``ref`` ("term:gsi") points at: kind, id, label and command."""
    kind, _, ident = ref.partition(":")
    if kind == "service":
        s = next(s for s in doc["services"] if s["id"] == ident)
        return {"kind": kind, "id": ident, "label": s["name"], "command": f"awsref show {ident}"}
    if kind == "term":
        t = next(t for t in doc["terms"] if t["id"] == ident)
        return {"kind": kind, "id": ident, "label": t["term"], "command": f"awsref define {ident}"}
    if kind == "comparison":
        c = next(c for c in doc["comparisons"] if c["id"] == ident)
        return {
            "kind": kind,
            "id": ident,
            "label": c["title"],
            "command": "awsref compare " + " ".join(c["subjects"]),
        }
    sid, _, lid = ident.partition("/")
    s = next(s for s in doc["services"] if s["id"] == sid)
    lim = next(x for x in s["limits"] if x["id"] == lid)
    return {
        "kind": kind,
        "id": ident,
        "label": f"{s['name']} · {lim['name']}",
        "command": f"awsref limit {sid} {lid}",
    }


def build_exam(doc: Document) -> dict[str, object] | None:
    """The exam map with every bullet's entries resolved (``awsref exam``), or None without one."""
    exam = doc.get("exam")
    if exam is None:
        return None
    return {
        "code": exam["code"],
        "title": exam["title"],
        "source": exam["source"],
        "as_of": exam["as_of"],
        "domains": [
            {
                "id": d["id"],
                "domain": d["domain"],
                "title": d["title"],
                "weight": d["weight"],
                "tasks": [
                    {
                        "id": t["id"],
                        "title": t["title"],
                        "items": [
                            {
                                "id": i["id"],
                                "kind": i["kind"],
                                "text": i["text"],
                                "refs": [_entry_ref(doc, r) for r in i["refs"]],
                            }
                            for i in t["items"]
                        ],
                    }
                    for t in d["tasks"]
                ],
            }
            for d in exam["domains"]
        ],
    }


def _names(services: list[Service], terms: list[Term]) -> dict[str, list[str]]:
    """Each normalised name of a service or term -> [kind, id] (the first entry to claim it)."""
    names: dict[str, list[str]] = {}
    for service in services:
        for n in names_of_service(service):
            names.setdefault(key(n), ["service", service["id"]])
    for term in terms:
        for n in names_of_term(term):
            names.setdefault(key(n), ["term", term["id"]])
    for name, ref in list(names.items()):
        if " " in name:  # "event bridge" finds "eventbridge" and "eventbridge" finds "event bridge"
            names.setdefault(name.replace(" ", ""), ref)
    return names


def _cards(doc: Document) -> dict[str, object]:
    """``service:ID`` (with its related terms' and comparisons' ids), ``term:ID``, ``comparison:ID``."""
    services, terms, comparisons = doc["services"], doc["terms"], doc["comparisons"]
    related_terms: dict[str, list[str]] = {s["id"]: [] for s in services}
    for term in terms:
        for sid in term["services"]:
            related_terms[sid].append(term["id"])
    related_comparisons: dict[str, list[str]] = {s["id"]: [] for s in services}
    for comp in comparisons:
        for sid in dict.fromkeys(
            [*comp["services"], *(s for s in comp["subjects"] if s in related_comparisons)]
        ):
            related_comparisons[sid].append(comp["id"])
    sections: dict[str, object] = {}
    for service in services:
        sid = service["id"]
        sections[f"service:{sid}"] = dict(
            service, terms=related_terms[sid], comparisons=related_comparisons[sid]
        )
    sections.update((f"term:{term['id']}", term) for term in terms)
    sections.update((f"comparison:{comp['id']}", comp) for comp in comparisons)
    return sections


def _tables(doc: Document) -> dict[str, dict[str, Any]]:
    """The mappings read one key at a time (``kb.TABLES``): stored as ``NAME/N`` buckets."""
    services, terms, comparisons = doc["services"], doc["terms"], doc["comparisons"]
    subject_comparisons: dict[str, list[str]] = {}
    for comp in comparisons:
        for subject in comp["subjects"]:
            subject_comparisons.setdefault(subject, []).append(comp["id"])
    return {
        "labels": {s["id"]: s["name"] for s in services} | {t["id"]: t["term"] for t in terms},
        # A limit's Service Quotas code is one more of its names, and one that names it alone:
        # "L-B99A9384" -> ["lambda/concurrency", its description for completion].
        "quota-codes": {
            lim["quota_code"]: [f"{s['id']}/{lim['id']}", f"{s['name']} {lim['name']}: {lim['display']}"]
            for s in services
            for lim in s["limits"]
            if lim.get("quota_code")
        },
        "subject-comparisons": subject_comparisons,
        "comparison-names": {
            key(n): c["id"] for c in comparisons for n in (c["id"], c["title"], *c["aliases"])
        },
    }


def _bucketed(name: str, table: dict[str, Any], buckets: int) -> dict[str, dict[str, Any]]:
    """``NAME/N`` sections: the keys of ``table`` spread by ``name_bucket``."""
    parts: list[dict[str, Any]] = [{} for _ in range(buckets)]
    for k, value in table.items():
        parts[name_bucket(k, buckets)][k] = value
    return {f"{name}/{b}": part for b, part in enumerate(parts)}


def _service_names(names: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """``service-names/C``: each name of a service by its first character, with the service's
    id; a name of something else whose words run together name a service ("cloud watch" if
    a term had it) is kept with "", so that search does not try it run together. Search reads
    one small section per letter its words start with, not a names bucket per run of words."""
    out: dict[str, dict[str, str]] = {}
    for k, (kind, ident) in names.items():
        joined = names.get(k.replace(" ", ""))
        if kind == "service" or (" " in k and joined is not None and joined[0] == "service"):
            out.setdefault(f"service-names/{k[:1]}", {})[k] = ident if kind == "service" else ""
    return out


def build_sections(doc: Document, warnings: list[str]) -> dict[str, object]:
    """All sections of the cache, keyed by section name."""
    apply_domains(doc)
    services = doc["services"]
    terms = doc["terms"]
    comparisons = doc["comparisons"]
    names = _names(services, terms)
    tables = _tables(doc)
    buckets = max(1, len(names) // NAMES_PER_BUCKET)
    sizes = {name: max(1, len(table) // KEYS_PER_BUCKET) for name, table in tables.items()}
    sections: dict[str, object] = {
        "meta": {"warnings": warnings, "buckets": buckets, "tables": sizes},
        "list:services": [
            [s["id"], s["name"], s["full_name"], s["category"], len(curated(s["limits"])), s["domains"]]
            for s in services
        ],
        "list:terms": [[t["id"], t["term"], list(t["services"]), t["domains"]] for t in terms],
        "list:comparisons": [[c["id"], c["title"], list(c["subjects"]), c["domains"]] for c in comparisons],
        "stats": build_stats(doc),
        "exam": build_exam(doc),
        "names": names,  # whole, for completion by prefix; an exact name reads names/N
        "limit-names": [
            [s["id"], lim["id"], [key(n) for n in (lim["id"], lim["name"], *lim["aliases"], *code_of(lim))]]
            for s in services
            for lim in s["limits"]
        ],
    }
    sections.update(_bucketed("names", names, buckets))
    sections.update(_service_names(names))
    for name, table in tables.items():
        sections.update(_bucketed(name, table, sizes[name]))
    sections.update(_cards(doc))
    sections.update(build_lexicon(doc))
    sections.update(build_search_index(doc))
    sections.update(build_completion_buckets(terms))
    for name, ref in names.items():  # completion by a name's prefix: names-by-prefix/XY
        sections.setdefault(f"names-by-prefix/{prefix_bucket(name)}", {})[name] = ref  # type: ignore[index]
    from awsref.deck_index import deck_sections  # the study deck's sections: see deck_index

    sections.update(deck_sections(doc))
    return sections


def build_completion_buckets(terms: list[Term]) -> dict[str, list[list[str]]]:
    """``terms-by-prefix/XY``: (id, label) of the terms whose id starts with XY."""
    buckets: dict[str, list[list[str]]] = {}
    for t in terms:
        buckets.setdefault(f"terms-by-prefix/{prefix_bucket(t['id'])}", []).append([t["id"], t["term"]])
    return buckets
