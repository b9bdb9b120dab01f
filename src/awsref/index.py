"""Turn a validated document into the sections awsref reads at run time.

Everything derivable is computed here once, when the cache is built: name tables for
exact resolution, each service's related terms and comparisons, the completion lists
and the search index. The run-time path then only reads what a command needs.
"""

from __future__ import annotations

import sys
from array import array
from itertools import pairwise

from awsref.buckets import name_bucket, prefix_bucket
from awsref.schema import Document
from awsref.spec import DOMAINS, SEARCH_FIELDS, STATS_KEYS
from awsref.text import FILLER, SYNONYMS, camel_words, key, normalize, root, stem, tokens

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from awsref.schema import Limit, Service, Term

NAMES_PER_BUCKET = 2048  # exact name lookups read one bucket, not every name

FIELD = {name: i for i, name in enumerate(SEARCH_FIELDS)}
BODY, CONTEXT, ALIAS, NAME = FIELD["body"], FIELD["context"], FIELD["alias"], FIELD["name"]
DOCS_PER_CHUNK = 256
PAIRS_PER_BUCKET = 4096


def _names_of_service(service: Service) -> list[str]:
    return [service["id"], service["name"], service["full_name"], *service["aliases"]]


def _code_of(limit: Limit) -> list[str]:
    """The limit's quota code as a list of names: [] when it has none."""
    code = limit.get("quota_code")
    return [code] if code else []


def _names_of_term(term: Term) -> list[str]:
    return [term["id"], term["term"], *term["aliases"]]


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
            verified = "verified" if lim.get("verified", True) else "unverified"
            for bucket in (total, mine, *(per_domain[d] for d in lim["domains"])):
                bucket["limits"] += 1
                bucket[verified] += 1
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


def domain_mask(domains: list[str]) -> int:
    """The exam domains as bits, in ``DOMAINS`` order (for filtering search hits)."""
    return sum(1 << DOMAINS.index(d) for d in domains)


def build_sections(doc: Document, warnings: list[str]) -> dict[str, object]:
    """All sections of the cache, keyed by section name."""
    apply_domains(doc)
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
    for name, ref in list(names.items()):
        if " " in name:  # "event bridge" finds "eventbridge" and "eventbridge" finds "event bridge"
            names.setdefault(name.replace(" ", ""), ref)

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
        for subject in comp["subjects"]:
            subject_comparisons.setdefault(subject, []).append(comp["id"])

    buckets = max(1, len(names) // NAMES_PER_BUCKET)
    sections: dict[str, object] = {
        "meta": {"warnings": warnings, "buckets": buckets},
        "list:services": [
            [s["id"], s["name"], s["full_name"], s["category"], len(s["limits"]), s["domains"]]
            for s in services
        ],
        "list:terms": [[t["id"], t["term"], list(t["services"]), t["domains"]] for t in terms],
        "list:comparisons": [[c["id"], c["title"], list(c["subjects"]), c["domains"]] for c in comparisons],
        "stats": build_stats(doc),
        "exam": build_exam(doc),
        "labels": label,
        "names": names,
        "limit-names": [
            [s["id"], lim["id"], [key(n) for n in (lim["id"], lim["name"], *lim["aliases"], *_code_of(lim))]]
            for s in services
            for lim in s["limits"]
        ],
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
    name_tables: list[dict[str, list[str]]] = [{} for _ in range(buckets)]
    for b, table in enumerate(name_tables):
        sections[f"names/{b}"] = table
    for name, ref in names.items():
        name_tables[name_bucket(name, buckets)][name] = ref
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
    lexicon = build_lexicon(doc)
    sections["lexicon"] = lexicon
    sections["synonyms"] = lexicon["synonyms"]
    sections["uncovered"] = build_uncovered(doc, lexicon["entities"])  # type: ignore[arg-type]
    sections.update(build_search_index(doc))
    sections.update(build_completion_buckets(terms))
    from awsref.deck_index import deck_sections  # the study deck's sections: see deck_index

    sections.update(deck_sections(doc))
    return sections


GENERIC_SHARE = 0.02  # a word in more names than this share of entries is generic
GENERIC_MIN = 12


def name_tokens(text: str) -> list[str]:
    """The meaningful words of a name, stemmed: what a query word must match."""
    words = (SYNONYMS.get(w, w) for w in normalize(text).split())
    return list(dict.fromkeys(stem(w) for w in words if w not in FILLER))


def build_lexicon(doc: Document) -> dict[str, object]:
    """The ``lexicon`` section that ``resolve`` matches queries against.

    One entity per service, term, comparison and limit: its names as token lists and the
    context words that may also appear in a query about it (a limit's service, a term's
    services) without counting as its name. Postings map each word to the entities using
    it; ``generic`` lists the words too common to rule an entity out.
    """
    entities: list[list] = []
    service_words: dict[str, list[str]] = {}

    def names(values: list[str], acronyms: bool = False) -> list[list[str]]:
        out: list[list[str]] = []
        for v in values:
            t = name_tokens(v)
            if t and t not in out:
                out.append(t)
            # "alb" for "Application Load Balancer": what people type for long names. A
            # qualifier in brackets is not part of it: "Enhanced Monitoring (RDS)" is not "emr".
            bare = name_tokens(v.split("(", 1)[0]) if "(" in v else t
            if acronyms and 3 <= len(bare) <= 5 and all(w[0].isalpha() for w in bare):
                short = ["".join(w[0] for w in bare)]
                if short not in out:
                    out.append(short)
        return out

    for s in doc["services"]:
        own = names(_names_of_service(s), acronyms=True)
        service_words[s["id"]] = sorted({w for n in own for w in n})
        entities.append(["service", s["id"], own, []])
    for t in doc["terms"]:
        context = sorted({w for sid in t["services"] for w in service_words.get(sid, [])})
        entities.append(["term", t["id"], names(_names_of_term(t), acronyms=True), context])
    subject_words = {t["id"]: sorted({w for n in names(_names_of_term(t)) for w in n}) for t in doc["terms"]}
    for c in doc["comparisons"]:
        # A comparison is also found by its subjects' names ("iam user group role").
        context = sorted(
            {w for sid in c["services"] for w in service_words.get(sid, [])}
            | {w for ref in c["subjects"] for w in subject_words.get(ref, service_words.get(ref, []))}
        )
        entities.append(["comparison", c["id"], names([c["id"], c["title"], *c["aliases"]]), context])
    for s in doc["services"]:
        for lim in s["limits"]:
            own = names([lim["id"], lim["name"], *lim["aliases"]])
            entities.append(["limit", f"{s['id']}/{lim['id']}", own, service_words[s["id"]]])
    postings: dict[str, list[int]] = {}
    name_df: dict[str, int] = {}
    for n, (_, _, own, context) in enumerate(entities):
        words = {w for name in own for w in name}
        for w in words:
            name_df[w] = name_df.get(w, 0) + 1
        for w in sorted(words.union(context)):
            postings.setdefault(w, []).append(n)
    threshold = max(GENERIC_MIN, int(GENERIC_SHARE * len(entities)))
    synonyms: dict[str, list[str]] = {}
    for syn in doc.get("synonyms", []):
        phrase = " ".join(normalize(syn["phrase"]).split())
        # Each meaning is a word or a phrase of stemmed words ("identity center").
        synonyms[phrase] = list(
            dict.fromkeys(" ".join(stem(w) for w in normalize(m).split()) for m in syn["means"])
        )
    bigrams = sorted({f"{a} {b}" for _, _, own, _ in entities for name in own for a, b in pairwise(name)})
    return {
        "bigrams": bigrams,
        "entities": entities,
        "postings": postings,
        "vocab": sorted(postings),
        "generic": sorted(w for w, count in name_df.items() if count > threshold),
        "synonyms": synonyms,
        "longest_phrase": max((len(p.split()) for p in synonyms), default=1),
    }


def build_uncovered(doc: Document, entities: list[list]) -> dict[str, str]:
    """Each phrase that names a product awsref does not cover, normalised, with the product's
    name; a phrase that is also the name of an entry (a user's note may add one) is covered."""
    named = {" ".join(name) for _, _, own, _ in entities for name in own}
    phrases: dict[str, str] = {}
    for product in doc.get("uncovered", []):
        for phrase in product["match"]:
            words = normalize(phrase)
            if words and " ".join(name_tokens(phrase)) not in named:
                phrases[words] = product["name"]
    return phrases


def build_completion_buckets(terms: list[Term]) -> dict[str, list[list[str]]]:
    """``terms-by-prefix/XY``: (id, label) of the terms whose id starts with XY."""
    buckets: dict[str, list[list[str]]] = {}
    for t in terms:
        buckets.setdefault(f"terms-by-prefix/{prefix_bucket(t['id'])}", []).append([t["id"], t["term"]])
    return buckets


def _doc(kind: str, ref: list[str], title: str, snippet: str, command: str) -> list:
    return [kind, ref, title, snippet, command]


def search_words(text: str) -> tuple[list[str], list[str]]:
    """The words search indexes for ``text``: its meaningful words as roots, and the parts
    of its CamelCase names (ThrottlingException: throttling, exception), body text."""
    return [root(w) for w in tokens(text)], [root(w) for w in tokens(" ".join(camel_words(text)))]


def _pack(slot: list[int]) -> bytes:
    codes = array("I", slot)  # in the order of the entries, as they were added
    if sys.byteorder != "little":
        codes.byteswap()
    return codes.tobytes()


def build_search_index(doc: Document) -> dict[str, object]:
    """The ``search`` section, its ``search-pairs/N`` buckets and ``search-docs/N`` chunks.

    Search ranks by BM25F over the fields of ``SEARCH_FIELDS``. ``search`` maps each word
    (as ``root``) to its postings, packed as little-endian 32-bit integers
    ``doc << 8 | field << 4 | min(count, 15)``, one per field the word is in (bytes, so
    marshal loads them as one copy and a query decodes only the words it touches), and
    holds each field's lengths. ``search-pairs/N`` holds the same postings for pairs of
    adjacent words (the proximity bonus), spread over buckets so that a query reads only
    the few its pairs fall in. Entries live in chunks of DOCS_PER_CHUNK so that showing
    ten hits reads ten entries' chunks, not all of them.
    """
    docs: list[list] = []
    owners: list[str] = []
    lengths: list[list[int]] = [[] for _ in SEARCH_FIELDS]
    postings: dict[str, list[int]] = {}
    pairs: dict[str, list[int]] = {}
    cache: dict[str, tuple[list[str], list[str]]] = {}
    masks: list[int] = []
    name_sizes: list[int] = []  # how many words the entry's own name has

    def post(table: dict[str, list[int]], counts: dict[tuple[str, int], int], n: int) -> None:
        for (word, field), count in counts.items():
            code = n << 8 | field << 4 | (count if count < 15 else 15)
            slot = table.get(word)
            if slot is None:
                table[word] = [code]
            else:
                slot.append(code)

    def add(entry: list, fields: list[tuple[str, int]], services: list[str], domains: list[str]) -> None:
        n = len(docs)
        docs.append(entry)
        name = next((text for text, field in fields if field == NAME), "")  # a fact has none
        name_sizes.append(min(255, len({root(w) for w in tokens(name) if w not in FILLER})))
        masks.append(domain_mask(domains))
        owners.append(" ".join(dict.fromkeys(services)))
        size = [0] * len(SEARCH_FIELDS)
        counts: dict[tuple[str, int], int] = {}
        pair_counts: dict[tuple[str, int], int] = {}
        for text, field in fields:
            found = cache.get(text)
            if found is None:  # a service's name is a field of each of its facts and limits
                found = cache[text] = search_words(text) if text else ([], [])
            words, parts = found
            size[field] += len(words)
            for word in words:
                counts[word, field] = counts.get((word, field), 0) + 1
            for word in parts:
                counts[word, BODY] = counts.get((word, BODY), 0) + 1
            for a, b in pairwise(words):
                if a != b:
                    pair = f"{a} {b}", field
                    pair_counts[pair] = pair_counts.get(pair, 0) + 1
        post(postings, counts, n)
        post(pairs, pair_counts, n)
        asked = sum(1 for _, field in fields if field == questions)
        if asked:  # each question is read on its own: normalised by a question's length
            size[questions] = round(size[questions] / asked)
        for field, count in enumerate(size):
            lengths[field].append(min(count, 65535))

    questions = FIELD["question"]
    service_ids = {s["id"] for s in doc["services"]}
    service_names = {s["id"]: s["name"] for s in doc["services"]}
    for s in doc["services"]:
        sid = s["id"]
        add(
            _doc("service", [sid], f"{s['name']} ({s['full_name']})", s["summary"], f"awsref show {sid}"),
            [(n, NAME) for n in (s["name"], s["full_name"])]
            + [(n, ALIAS) for n in (sid, *s["aliases"])]
            + [(s["summary"], BODY)]
            + [(q, questions) for q in s.get("questions", [])],
            [sid],
            s["domains"],
        )
        for i, fact in enumerate(s["facts"]):
            add(
                _doc(
                    "fact", [sid, str(i)], f"{s['name']}: {fact['topic']}", fact["text"], f"awsref show {sid}"
                ),
                [
                    (s["name"], CONTEXT),
                    (fact["topic"], BODY),
                    (fact["text"], BODY),
                    (fact.get("notes_said") or "", BODY),
                ]
                + [(q, questions) for q in fact.get("questions", [])],
                [sid],
                s["domains"],
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
                    (s["name"], CONTEXT),
                    (sid, CONTEXT),
                    (limit["name"], NAME),
                    (limit["id"], ALIAS),
                    (limit["display"], BODY),
                    (limit["scope"], BODY),
                ]
                + [(a, ALIAS) for a in limit["aliases"]]
                + [(c, ALIAS) for c in _code_of(limit)]
                + [(limit.get("change") or "", BODY)]
                + [(q, questions) for q in limit.get("questions", [])],
                [sid],
                limit["domains"],
            )
    for t in doc["terms"]:
        add(
            _doc("term", [t["id"]], t["term"], t["definition"], f"awsref define {t['id']}"),
            [(t["term"], NAME), (t["id"], ALIAS)]
            + [(a, ALIAS) for a in t["aliases"]]
            + [(t["definition"], BODY)]
            + [(service_names.get(sid, sid), CONTEXT) for sid in t["services"]]
            + [(q, questions) for q in t.get("questions", [])],
            t["services"],
            t["domains"],
        )
    for c in doc["comparisons"]:
        rows = " ".join(f"{r['aspect']} {' '.join(r['values'])}" for r in c["rows"])
        add(
            _doc(
                "comparison", [c["id"]], c["title"], c["choose"], f"awsref compare {' '.join(c['subjects'])}"
            ),
            [(c["title"], NAME)]
            + [(a, ALIAS) for a in c["aliases"]]
            + [(rows, BODY), (c["choose"], BODY)]
            + [(service_names.get(sid, sid), CONTEXT) for sid in c["services"]]
            + [(q, questions) for q in c.get("questions", [])],
            [*c["services"], *(x for x in c["subjects"] if x in service_ids)],
            c["domains"],
        )
    packed = {w: _pack(slot) for w, slot in postings.items()}
    sizes = []
    for column in lengths:
        values = array("H", column)
        if sys.byteorder != "little":
            values.byteswap()
        sizes.append(values.tobytes())
    buckets = max(1, len(pairs) // PAIRS_PER_BUCKET)
    sections: dict[str, object] = {
        "search": {
            "postings": packed,
            "vocab": sorted(packed),
            "docs": len(docs),
            "chunk": DOCS_PER_CHUNK,
            "lengths": sizes,
            "averages": [sum(column) / max(1, len(column)) or 1.0 for column in lengths],
            "pair_buckets": buckets,
            "name_sizes": bytes(name_sizes),
        },
        "search-owners": owners,
        "search-domains": masks,
        "search-cards": {entry[1][0]: n for n, entry in enumerate(docs) if entry[0] == "service"},
        "search-comparisons": [n for n, entry in enumerate(docs) if entry[0] == "comparison"],
        "search-facts": [n for n, entry in enumerate(docs) if entry[0] == "fact"],
    }
    pair_tables: list[dict[str, bytes]] = [{} for _ in range(buckets)]
    for pair, slot in pairs.items():
        pair_tables[name_bucket(pair, buckets)][pair] = _pack(slot)
    for b, table in enumerate(pair_tables):
        sections[f"search-pairs/{b}"] = table
    for start in range(0, len(docs), DOCS_PER_CHUNK):
        sections[f"search-docs/{start // DOCS_PER_CHUNK}"] = docs[start : start + DOCS_PER_CHUNK]
    return sections
