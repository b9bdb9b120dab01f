"""The search index, built once with the cache: what ``search`` reads at run time."""

from __future__ import annotations

import sys
from array import array
from itertools import pairwise

from awsref.buckets import name_bucket
from awsref.index_lexicon import code_of
from awsref.search_index import K1, word_idf
from awsref.spec import DOMAINS, SEARCH_FIELDS, SEARCH_NORMS, SEARCH_WEIGHTS
from awsref.text import FILLER, camel_words, root, tokens

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from awsref.schema import Document, Limit, Service

FIELD = {name: i for i, name in enumerate(SEARCH_FIELDS)}
BODY, CONTEXT, ALIAS, NAME = FIELD["body"], FIELD["context"], FIELD["alias"], FIELD["name"]
QUESTION = FIELD["question"]
DOCS_PER_CHUNK = 32  # showing ten hits reads at most ten chunks of about 9 KB
POSTING_BYTES_PER_BUCKET = 8192  # a query word reads about this much of the postings
KIND_CODES = {"fact": 1, "limit": 3}  # an entry's byte in ``search-kinds`` (2: the catalogue's)


def domain_mask(domains: list[str]) -> int:
    """The exam domains as bits, in ``DOMAINS`` order (for filtering search hits)."""
    return sum(1 << DOMAINS.index(d) for d in domains)


def _doc(kind: str, ref: list[str], title: str, snippet: str, command: str) -> list[Any]:
    return [kind, ref, title, snippet, command]


def search_words(text: str) -> tuple[list[str], list[str]]:
    """The words search indexes for ``text``: its meaningful words as roots, and the parts
    of its CamelCase names (ThrottlingException: throttling, exception), body text."""
    return [root(w) for w in tokens(text)], [root(w) for w in tokens(" ".join(camel_words(text)))]


NAME_FIELDS = (SEARCH_FIELDS.index("name"), SEARCH_FIELDS.index("alias"))


def _posting(
    slot: list[int], lengths: list[list[int]], averages: list[float], curated: int, total: int
) -> bytes:
    """One word's postings as a query reads them: each entry's BM25F score for the word (its
    fields' counts, weighted and normalised by the field's length, saturated by K1, times the
    word's idf), computed here once rather than on every query, so that a query neither loads
    every entry's field lengths nor does arithmetic per entry.

    Packed little-endian: three 32-bit counts (entries, entries with the word in a name
    or alias, entries before the quota catalogue), the entry numbers ascending, the named
    ones, then one 64-bit float per entry."""
    tf: dict[int, float] = {}
    named: dict[int, None] = {}
    for code in slot:
        n, field, count = code >> 8, (code >> 4) & 15, code & 15
        if field in NAME_FIELDS:
            named[n] = None
        b = SEARCH_NORMS[field]
        norm = 1.0 - b + b * lengths[field][n] / averages[field] if b else 1.0
        tf[n] = tf.get(n, 0.0) + SEARCH_WEIGHTS[field] * count / norm
    df = sum(1 for n in tf if n < curated)
    idf = word_idf(len(tf), df, curated, total)
    ints = array("I", [len(tf), len(named), df, *tf, *named])
    floats = array("d", [idf * t / (K1 + t) for t in tf.values()])
    if sys.byteorder != "little":
        ints.byteswap()
        floats.byteswap()
    return ints.tobytes() + floats.tobytes()


def build_search_index(doc: Document) -> dict[str, object]:
    """The ``search`` section and the buckets and chunks a query reads of the rest.

    Search ranks by BM25F over the fields of ``SEARCH_FIELDS``. ``search-vocab/C`` lists the
    words (as ``root``) starting with C, sorted (for prefixes and typos); ``search-words/C.K``
    maps the K-th run of them to their postings (``_posting``: each entry's BM25F score for
    the word; bytes, so marshal loads them as one copy and a query decodes only the words it
    touches). A run holds about POSTING_BYTES_PER_BUCKET and starts at the index in
    ``search["word_starts"][C]``: a word and the words it is a prefix of ("messag",
    "messageattribut", "messagegroupid") share a bucket or two, not one each.
    ``search-pairs/N`` holds the same postings for pairs of adjacent words (the proximity
    bonus), spread over buckets so that a query reads only the few its pairs fall in.
    Entries and their services live in chunks of DOCS_PER_CHUNK so that showing ten hits
    reads ten entries' chunks, not all of them.
    """
    docs: list[list[Any]] = []
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

    def add(entry: list[Any], fields: list[tuple[str, int]], services: list[str], domains: list[str]) -> None:
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
        asked = sum(1 for _, field in fields if field == QUESTION)
        if asked:  # each question is read on its own: normalised by a question's length
            size[QUESTION] = round(size[QUESTION] / asked)
        for field, count in enumerate(size):
            lengths[field].append(min(count, 65535))

    for entry in _entries(doc):
        add(*entry)
    curated = len(docs) - sum(1 for s in doc["services"] for lim in s["limits"] if lim.get("catalogue"))
    sections = _sections(docs, owners, masks, lengths, postings, pairs, name_sizes, curated)
    sections["search-comparisons"] = _comparison_subjects(doc, docs)
    return sections


def _comparison_subjects(doc: Document, docs: list[list[Any]]) -> bytes:
    """Each comparison's entry number -> the entry numbers of its subjects' cards and terms,
    packed as ``search_index.Subjects`` reads them: the count, the comparisons' numbers
    (ascending), where each one's subjects start, then the subjects (unsigned 32-bit, little
    endian). A search reads it whole: as arrays, it loads without building a list per comparison."""
    number = {(entry[0], entry[1][0]): n for n, entry in enumerate(docs) if entry[0] in ("service", "term")}
    subjects = {c["id"]: c["subjects"] for c in doc["comparisons"]}
    numbers, starts, flat = [], [0], []
    for n, entry in enumerate(docs):
        if entry[0] == "comparison":
            numbers.append(n)
            refs = [(kind, ref) for ref in subjects[entry[1][0]] for kind in ("service", "term")]
            flat += [number[k] for k in refs if k in number]
            starts.append(len(flat))
    ints = array("I", [len(numbers), *numbers, *starts, *flat])
    if sys.byteorder != "little":
        ints.byteswap()
    return ints.tobytes()


def _runs(words: list[str], packed: dict[str, bytes]) -> list[int]:
    """Where each bucket of the sorted ``words`` starts: runs of about POSTING_BYTES_PER_BUCKET."""
    starts, size = [0], 0
    for i, word in enumerate(words):
        more = len(word) + len(packed[word]) + 10  # 10: marshal's framing
        if size and size + more > POSTING_BYTES_PER_BUCKET:
            starts.append(i)
            size = 0
        size += more
    return starts


def _bucket_count(table: dict[str, bytes]) -> int:
    """How many buckets hold ``table`` in about POSTING_BYTES_PER_BUCKET each (keys included)."""
    size = sum(len(k) + len(blob) + 10 for k, blob in table.items())  # 10: marshal's framing
    return max(1, size // POSTING_BYTES_PER_BUCKET)


def _entries(doc: Document) -> Iterator[tuple[list[Any], list[tuple[str, int]], list[str], list[str]]]:
    """(entry, its fields as (text, field), its services, its domains) for every entry search finds."""
    service_ids = {s["id"] for s in doc["services"]}
    service_names = {s["id"]: s["name"] for s in doc["services"]}
    for s in doc["services"]:
        sid = s["id"]
        yield (
            _doc("service", [sid], f"{s['name']} ({s['full_name']})", s["summary"], f"awsref show {sid}"),
            [(n, NAME) for n in (s["name"], s["full_name"])]
            + [(n, ALIAS) for n in (sid, *s["aliases"])]
            + [(s["summary"], BODY)]
            + [(q, QUESTION) for q in s.get("questions", [])],
            [sid],
            s["domains"],
        )
        for i, fact in enumerate(s["facts"]):
            yield (
                _doc(
                    "fact", [sid, str(i)], f"{s['name']}: {fact['topic']}", fact["text"], f"awsref show {sid}"
                ),
                [
                    (s["name"], CONTEXT),
                    (fact["topic"], BODY),
                    (fact["text"], BODY),
                    (fact.get("notes_said") or "", BODY),
                ]
                + [(q, QUESTION) for q in fact.get("questions", [])],
                [sid],
                s["domains"],
            )
        for limit in s["limits"]:
            if not limit.get("catalogue"):
                yield _limit_entry(s, limit)
    for t in doc["terms"]:
        yield (
            _doc("term", [t["id"]], t["term"], t["definition"], f"awsref define {t['id']}"),
            [(t["term"], NAME), (t["id"], ALIAS)]
            + [(a, ALIAS) for a in t["aliases"]]
            + [(t["definition"], BODY)]
            + [(service_names.get(sid, sid), CONTEXT) for sid in t["services"]]
            + [(q, QUESTION) for q in t.get("questions", [])],
            t["services"],
            t["domains"],
        )
    for c in doc["comparisons"]:
        rows = " ".join(f"{r['aspect']} {' '.join(r['values'])}" for r in c["rows"])
        yield (
            _doc(
                "comparison", [c["id"]], c["title"], c["choose"], f"awsref compare {' '.join(c['subjects'])}"
            ),
            [(c["title"], NAME)]
            + [(a, ALIAS) for a in c["aliases"]]
            + [(rows, BODY), (c["choose"], BODY)]
            + [(service_names.get(sid, sid), CONTEXT) for sid in c["services"]]
            + [(q, QUESTION) for q in c.get("questions", [])],
            [*c["services"], *(x for x in c["subjects"] if x in service_ids)],
            c["domains"],
        )

    # The quota catalogue's entries come last: search's statistics (idf, average lengths)
    # are the curated entries', which a thousand quota names would otherwise shift.
    for s in doc["services"]:
        for limit in s["limits"]:
            if limit.get("catalogue"):
                yield _limit_entry(s, limit)


def _limit_entry(s: Service, limit: Limit) -> tuple[list[Any], list[tuple[str, int]], list[str], list[str]]:
    sid = s["id"]
    return (
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
        + [(c, ALIAS) for c in code_of(limit)]
        + [(limit.get("change") or "", BODY)]
        + [(q, QUESTION) for q in limit.get("questions", [])],
        [sid],
        limit["domains"],
    )


def _sections(
    docs: list[list[Any]],
    owners: list[str],
    masks: list[int],
    lengths: list[list[int]],
    postings: dict[str, list[int]],
    pairs: dict[str, list[int]],
    name_sizes: list[int],
    curated: int,
) -> dict[str, object]:
    averages = [sum(column[:curated]) / max(1, curated) or 1.0 for column in lengths]
    total = len(docs) or 1
    packed = {w: _posting(slot, lengths, averages, curated, total) for w, slot in postings.items()}
    packed_pairs = {pair: _posting(slot, lengths, averages, curated, total) for pair, slot in pairs.items()}
    buckets = _bucket_count(packed_pairs)
    vocab: dict[str, list[str]] = {}
    for word in sorted(packed):
        vocab.setdefault(word[0], []).append(word)
    word_starts = {letter: _runs(words, packed) for letter, words in vocab.items()}
    sections: dict[str, object] = {
        "search": {
            "word_starts": word_starts,
            "docs": len(docs),
            "curated": curated,  # entries before the quota catalogue's: the statistics are theirs
            "chunk": DOCS_PER_CHUNK,
            "pair_buckets": buckets,
            "name_sizes": bytes(name_sizes),
            # The entries of no service (exponential backoff, CORS): few, read without owners.
            "general": [n for n, owner in enumerate(owners) if not owner],
        },
        "search-domains": masks,
        "search-cards": {entry[1][0]: n for n, entry in enumerate(docs) if entry[0] == "service"},
        # One byte per entry: 1 a fact, 2 a quota from the catalogue, 3 a curated limit (search
        # weighs facts and quotas, and limits when a question asks for a number).
        "search-kinds": bytes(
            2 if n >= curated else KIND_CODES.get(entry[0], 0) for n, entry in enumerate(docs)
        ),
        # How many services each entry belongs to (a named service's prior is shared by them).
        "search-owner-counts": bytes(min(255, len(owner.split())) for owner in owners),
    }
    # Each service's entries, so that the prior of a service a query names reads one list
    # instead of the owners of every entry its words found.
    by_service: dict[str, list[int]] = {}
    for n, owner in enumerate(owners):
        for sid in owner.split():
            by_service.setdefault(sid, []).append(n)
    for sid, entries in by_service.items():
        sections[f"search-by-service/{sid}"] = array("I", entries).tobytes()
    for letter, words in vocab.items():
        sections[f"search-vocab/{letter}"] = words
        starts = word_starts[letter]
        for k, (start, end) in enumerate(zip(starts, [*starts[1:], len(words)], strict=True)):
            sections[f"search-words/{letter}.{k}"] = {w: packed[w] for w in words[start:end]}
    pair_tables: list[dict[str, bytes]] = [{} for _ in range(buckets)]
    for pair, blob in packed_pairs.items():
        pair_tables[name_bucket(pair, buckets)][pair] = blob
    for b, table in enumerate(pair_tables):
        sections[f"search-pairs/{b}"] = table
    for start in range(0, len(docs), DOCS_PER_CHUNK):
        sections[f"search-docs/{start // DOCS_PER_CHUNK}"] = docs[start : start + DOCS_PER_CHUNK]
    return sections
