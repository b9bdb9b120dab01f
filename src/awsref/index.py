"""Turn a validated document into the sections awsref reads at run time.

Everything derivable is computed here once, when the cache is built: name tables for
exact resolution, each service's related terms and comparisons, the completion lists
and the search index. The run-time path then only reads what a command needs.
"""

from __future__ import annotations

import sys

from awsref.kb import name_bucket
from awsref.schema import Document
from awsref.search import WEIGHTS
from awsref.text import key, prefix_bucket, stem, tokens

NAMES_PER_BUCKET = 2048  # exact name lookups read one bucket, not every name

BODY_WEIGHT, ALIAS_WEIGHT, NAME_WEIGHT = WEIGHTS
WEIGHT_CODES = {w: i for i, w in enumerate(WEIGHTS)}
DOCS_PER_CHUNK = 256


def _names_of_service(service: dict) -> list[str]:
    return [service["id"], service["name"], service["full_name"], *service["aliases"]]


def _names_of_term(term: dict) -> list[str]:
    return [term["id"], term["term"], *term["aliases"]]


def build_sections(doc: Document, warnings: list[str]) -> dict[str, object]:
    """All sections of the cache, keyed by section name."""
    services = doc["services"]
    terms = doc["terms"]
    comparisons = doc["comparisons"]

    names: dict[str, list[str]] = {}
    for service in services:
        for n in _names_of_service(service):
            names.setdefault(key(n), ["service", service["id"]])
    for term in terms:
        for n in _names_of_term(term):
            names.setdefault(key(n), ["term", term["id"]])

    label = {s["id"]: s["name"] for s in services} | {t["id"]: t["term"] for t in terms}
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

    subject_comparisons: dict[str, list[str]] = {}
    for comp in comparisons:
        for ref in comp["subjects"]:
            subject_comparisons.setdefault(ref, []).append(comp["id"])

    buckets = max(1, len(names) // NAMES_PER_BUCKET)
    sections: dict[str, object] = {
        "meta": {"warnings": warnings, "buckets": buckets},
        "list:services": [
            [s["id"], s["name"], s["full_name"], s["category"], len(s["limits"])] for s in services
        ],
        "list:terms": [[t["id"], t["term"], list(t["services"])] for t in terms],
        "list:comparisons": [[c["id"], c["title"], list(c["subjects"])] for c in comparisons],
        "labels": label,
        "names": names,
        "limit-names": [
            [s["id"], lim["id"], [key(n) for n in (lim["id"], lim["name"], *lim["aliases"])]]
            for s in services
            for lim in s["limits"]
        ],
        "subject-comparisons": subject_comparisons,
        "comparison-names": {
            key(n): c["id"] for c in comparisons for n in (c["id"], c["title"], *c["aliases"])
        },
    }
    for b in range(buckets):
        sections[f"names/{b}"] = {}
    for name, ref in names.items():
        sections[f"names/{name_bucket(name, buckets)}"][name] = ref  # type: ignore[index]
    for service in services:
        sections[f"service:{service['id']}"] = dict(
            service,
            terms=related_terms[service["id"]],
            comparisons=related_comparisons[service["id"]],
        )
    for term in terms:
        sections[f"term:{term['id']}"] = term
    for comp in comparisons:
        sections[f"comparison:{comp['id']}"] = comp
    sections.update(build_search_index(doc))
    sections.update(build_completion_buckets(terms))
    return sections


def build_completion_buckets(terms: list) -> dict[str, object]:
    """``terms-by-prefix/XY``: (id, label) of the terms whose id starts with XY."""
    buckets: dict[str, list[list[str]]] = {}
    for t in terms:
        buckets.setdefault(f"terms-by-prefix/{prefix_bucket(t['id'])}", []).append([t["id"], t["term"]])
    return buckets  # type: ignore[return-value]


def _doc(kind: str, ref: list[str], title: str, snippet: str, command: str) -> list:
    return [kind, ref, title, snippet, command]


def build_search_index(doc: Document) -> dict[str, object]:
    """The ``search`` section and its ``search-docs/N`` chunks.

    ``search`` maps each stemmed word to its postings, packed as little-endian 32-bit
    integers ``doc << 2 | weight code`` (bytes, so marshal loads them as one copy and a
    query decodes only the words it touches). Entries live in chunks of DOCS_PER_CHUNK
    so that showing ten hits reads ten entries' chunks, not all of them.
    """
    docs: list[list] = []
    postings: dict[str, dict[int, int]] = {}

    def add(entry: list, fields: list[tuple[str, float]]) -> None:
        n = len(docs)
        docs.append(entry)
        for text, weight in fields:
            words = tokens(text)
            for word in words:
                w = stem(word)
                slot = postings.setdefault(w, {})
                slot[n] = max(slot.get(n, 0), WEIGHT_CODES[weight])

    for s in doc["services"]:
        sid = s["id"]
        add(
            _doc("service", [sid], f"{s['name']} ({s['full_name']})", s["summary"], f"awsref show {sid}"),
            [(n, NAME_WEIGHT) for n in _names_of_service(s)] + [(s["summary"], BODY_WEIGHT)],
        )
        for i, fact in enumerate(s["facts"]):
            add(
                _doc(
                    "fact", [sid, str(i)], f"{s['name']}: {fact['topic']}", fact["text"], f"awsref show {sid}"
                ),
                [
                    (s["name"], BODY_WEIGHT),
                    (fact["topic"], BODY_WEIGHT),
                    (fact["text"], BODY_WEIGHT),
                    (fact.get("notes_said") or "", BODY_WEIGHT),
                ],
            )
        for limit in s["limits"]:
            add(
                _doc(
                    "limit",
                    [sid, limit["id"]],
                    f"{s['name']} {limit['name']}",
                    f"{limit['display']} {limit['scope']}",
                    f"awsref limit {sid} {limit['id']}",
                ),
                [
                    (s["name"], BODY_WEIGHT),
                    (sid, BODY_WEIGHT),
                    (limit["name"], NAME_WEIGHT),
                    (limit["id"], NAME_WEIGHT),
                    (limit["display"], BODY_WEIGHT),
                    (limit["scope"], BODY_WEIGHT),
                ]
                + [(a, ALIAS_WEIGHT) for a in limit["aliases"]]
                + [(limit.get("change") or "", BODY_WEIGHT)],
            )
    for t in doc["terms"]:
        add(
            _doc("term", [t["id"]], t["term"], t["definition"], f"awsref define {t['id']}"),
            [(t["term"], NAME_WEIGHT), (t["id"], NAME_WEIGHT)]
            + [(a, ALIAS_WEIGHT) for a in t["aliases"]]
            + [(t["definition"], BODY_WEIGHT)],
        )
    for c in doc["comparisons"]:
        rows = " ".join(f"{r['aspect']} {' '.join(r['values'])}" for r in c["rows"])
        add(
            _doc(
                "comparison", [c["id"]], c["title"], c["choose"], f"awsref compare {' '.join(c['subjects'])}"
            ),
            [(c["title"], NAME_WEIGHT)]
            + [(a, ALIAS_WEIGHT) for a in c["aliases"]]
            + [(rows, BODY_WEIGHT), (c["choose"], BODY_WEIGHT)],
        )
    from array import array

    packed = {}
    for w, slot in postings.items():
        codes = array("I", sorted(n << 2 | code for n, code in slot.items()))
        if sys.byteorder != "little":
            codes.byteswap()
        packed[w] = codes.tobytes()
    sections: dict[str, object] = {
        "search": {"postings": packed, "vocab": sorted(packed), "docs": len(docs), "chunk": DOCS_PER_CHUNK}
    }
    for start in range(0, len(docs), DOCS_PER_CHUNK):
        sections[f"search-docs/{start // DOCS_PER_CHUNK}"] = docs[start : start + DOCS_PER_CHUNK]
    return sections
