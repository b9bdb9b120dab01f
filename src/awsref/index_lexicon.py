"""The resolver's sections, built once with the cache: what ``lexicon`` reads at run time.

One entity per service, term, comparison and limit: its names as token lists and the
context words that may also appear in a query about it (a limit's service, a term's
services) without counting as its name. Every part a query reads is bucketed so that a
query loads only what its words touch, whatever the size of the knowledge base:

- ``lexicon``: the small part (generic words, phrase length, bucket counts, where each
  kind's entities start and end);
- ``lexicon-words/N``: each word's postings (the entities using it), by hash of the word;
- ``lexicon-vocab/C``: the sorted words starting with C (what a typo is corrected against);
- ``lexicon-bigrams/C``: adjacent name words starting with C ("step function");
- ``lexicon-entities/N``: the entities, in chunks of ``ENTITY_CHUNK``;
- ``scope:SID``: the name words of a service's limits and where they are;
- ``lexicon-service-vocab``, ``lexicon-service-keys``: the words of services' names (typos
  of a service's name are corrected against them);
- ``uncovered``: the phrases that name a product awsref does not cover (small: it grows with
  that list, not with the entries);
- ``suggest-KIND/C``: the names of one kind with a word starting with C, for "did you
  mean" (read only on a miss, for the first letters of the query's words).
"""

from __future__ import annotations

from itertools import pairwise

from awsref.buckets import name_bucket
from awsref.text import FILLER, MARK, QUESTION_VERBS, SYNONYMS, filler_marks, normalize, stem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from awsref.schema import Document, Limit, Service, Term

GENERIC_SHARE = 0.02  # a word in more names than this share of entries is generic
GENERIC_MIN = 12
ENTITY_CHUNK = 16  # a query reads the chunks its candidate entities fall in (about 3 KB each)
POSTINGS_PER_BUCKET = 1024  # entity numbers per ``lexicon-words/N`` bucket: with the words, about 8 KB
KINDS = ("service", "term", "comparison", "limit")  # the order of the entities


def names_of_service(service: Service) -> list[str]:
    return [service["id"], service["name"], service["full_name"], *service["aliases"]]


def names_of_term(term: Term) -> list[str]:
    return [term["id"], term["term"], *term["aliases"]]


def code_of(limit: Limit) -> list[str]:
    """The limit's quota code as a list of names: [] when it has none."""
    code = limit.get("quota_code")
    return [code] if code else []


def name_tokens(text: str) -> list[str]:
    """The meaningful words of a name, stemmed: what a query word must match."""
    words = (SYNONYMS.get(w, w) for w in normalize(text).split())
    return list(dict.fromkeys(stem(w) for w in words if w not in FILLER))


def _names(
    values: list[str],
    acronyms: bool = False,
    marked: bool = False,
    taken: Callable[[str], bool] | None = None,
) -> list[list[str]]:
    """Each value as a name's tokens; with ``acronyms``, also its initials, unless ``taken``
    says they are another entry's word ("eb config save" is not "ecs"); ``marked``: with the
    filler it needs."""
    out: list[list[str]] = []
    for v in values:
        t = name_tokens(v)
        if marked and len(t) == 1:  # "Task definition": "task" alone does not name it
            t += [m for m in filler_marks(SYNONYMS.get(w, w) for w in normalize(v).split()) if m not in t]
        if t and t not in out:
            out.append(t)
        # "alb" for "Application Load Balancer": what people type for long names. A
        # qualifier in brackets is not part of it: "Enhanced Monitoring (RDS)" is not "emr".
        bare = name_tokens(v.split("(", 1)[0]) if "(" in v else t
        if acronyms and 3 <= len(bare) <= 5 and all(w[0].isalpha() for w in bare):
            short = ["".join(w[0] for w in bare)]
            if short not in out and not (taken and taken(short[0])):
                out.append(short)
    return out


def build_entities(doc: Document) -> list[list[Any]]:
    """[kind, ref, names as token lists, context words] per entry, in ``KINDS`` order."""
    entities: list[list[Any]] = []
    service_words: dict[str, list[str]] = {}
    for s in doc["services"]:
        own = _names(names_of_service(s), acronyms=True)
        service_words[s["id"]] = sorted({w for n in own for w in n})
        entities.append(["service", s["id"], own, []])
    # A term's initials are not its name when they are a word of a question or of another
    # entry's names, unless its own service has them as another name (ELB's "alb" for the ALB):
    # "sse" is not StartSyncExecution, "ecs" not "eb config save", "kcl" not the iterator age.
    users: dict[str, list[tuple[str, bool]]] = {}
    plain = {t["id"]: _names(names_of_term(t)) for t in doc["terms"]}  # no initials, no filler
    named = [(e[1], e[2]) for e in entities] + list(plain.items())
    for ref, own in named:
        for name in own:
            for w in name:
                users.setdefault(w, []).append((ref, name == [w]))
    for t in doc["terms"]:
        context = sorted({w for sid in t["services"] for w in service_words.get(sid, [])})
        ours = frozenset(t["services"])

        def taken(short: str, ref: str = t["id"], ours: frozenset[str] = ours) -> bool:
            others = [(who, whole) for who, whole in users.get(short, []) if who != ref]
            vouched = any(whole and who in ours and who != short for who, whole in others)  # ELB's "alb"
            return short in FILLER or short in QUESTION_VERBS or (bool(others) and not vouched)

        names = _names(names_of_term(t), acronyms=True, marked=True, taken=taken)
        entities.append(["term", t["id"], names, context])
    subject_words = {ref: sorted({w for n in own for w in n}) for ref, own in plain.items()}
    for c in doc["comparisons"]:
        # A comparison is also found by its subjects' names ("iam user group role").
        context = sorted(
            {w for sid in c["services"] for w in service_words.get(sid, [])}
            | {w for ref in c["subjects"] for w in subject_words.get(ref, service_words.get(ref, []))}
        )
        entities.append(["comparison", c["id"], _names([c["id"], c["title"], *c["aliases"]]), context])
    for s in doc["services"]:
        for lim in s["limits"]:
            own = _names([lim["id"], lim["name"], *lim["aliases"]])
            entities.append(["limit", f"{s['id']}/{lim['id']}", own, service_words[s["id"]]])
    return entities


def _synonyms(doc: Document) -> dict[str, list[str]]:
    synonyms: dict[str, list[str]] = {}
    for syn in doc.get("synonyms", []):
        phrase = " ".join(normalize(syn["phrase"]).split())
        # Each meaning is a word or a phrase of stemmed words ("identity center").
        synonyms[phrase] = list(
            dict.fromkeys(" ".join(stem(w) for w in normalize(m).split()) for m in syn["means"])
        )
    return synonyms


def _by_first(words: list[str], prefix: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(f"{prefix}/{w[0]}", []).append(w)
    return out


def _scopes(entities: list[list[Any]], catalogue: set[str]) -> dict[str, dict[str, Any]]:
    """``scope:SID``: the sorted name words (of 3 letters or more) of a service's limits, the
    span of entity numbers they hold (a service's limits are contiguous) and where its curated
    ones end (``curated``: the quota catalogue's come after them)."""
    scopes: dict[str, dict[str, Any]] = {}
    for n, (kind, ref, names, _) in enumerate(entities):
        if kind != "limit":
            continue
        scope = scopes.setdefault(f"scope:{ref.partition('/')[0]}", {"words": set(), "span": [n, n]})
        scope["words"].update(w for name in names for w in name)
        scope["span"][1] = n + 1
        if ref not in catalogue:
            scope["curated"] = n + 1
    for scope in scopes.values():
        scope["words"] = sorted(w for w in scope["words"] if len(w) >= 3)
    return scopes


def build_lexicon(doc: Document) -> dict[str, object]:
    """Every section the resolver reads (see the module's docstring)."""
    entities = build_entities(doc)
    postings: dict[str, list[int]] = {}
    name_df: dict[str, int] = {}
    for n, (_, _, own, context) in enumerate(entities):
        words = {w for name in own for w in name}
        for w in words:
            name_df[w] = name_df.get(w, 0) + 1
        for w in sorted(words.union(context)):
            postings.setdefault(w, []).append(n)
    threshold = max(GENERIC_MIN, int(GENERIC_SHARE * len(entities)))
    spans: dict[str, list[int]] = {}
    for n, entity in enumerate(entities):
        span = spans.setdefault(entity[0], [n, n])
        span[1] = n + 1
    service_names = [names for kind, _, names, _ in entities if kind == "service"]
    buckets = max(1, sum(len(p) for p in postings.values()) // POSTINGS_PER_BUCKET)
    sections: dict[str, object] = {
        "lexicon": {
            "generic": sorted(w for w, count in name_df.items() if count > threshold),
            "longest_phrase": max((len(p.split()) for p in _synonyms(doc)), default=1),
            "word_buckets": buckets,
            "entity_chunk": ENTITY_CHUNK,
            "spans": spans,
        },
        "lexicon-service-vocab": sorted(
            {w for names in service_names for n in names for w in n if len(w) >= 3}
        ),
        "lexicon-service-keys": sorted({n[0] for names in service_names for n in names if len(n) == 1}),
        "synonyms": _synonyms(doc),
    }
    tables: list[dict[str, list[int]]] = [{} for _ in range(buckets)]
    for w, slot in postings.items():
        tables[name_bucket(w, buckets)][w] = slot
    sections.update((f"lexicon-words/{b}", table) for b, table in enumerate(tables))
    sections.update(_by_first(sorted(postings), "lexicon-vocab"))
    # Two words a curated name has in a row let a typed compound split ("stepfunctions"); the
    # catalogue's long quota names ("resource data syncs") would split other products' names.
    catalogue = {
        f"{s['id']}/{lim['id']}" for s in doc["services"] for lim in s["limits"] if lim.get("catalogue")
    }
    bigrams = sorted(
        {
            f"{a} {b}"
            for kind, ref, own, _ in entities
            if kind != "limit" or ref not in catalogue
            for name in own
            for a, b in pairwise(name)
        }
    )
    sections.update((name, frozenset(group)) for name, group in _by_first(bigrams, "lexicon-bigrams").items())
    for start in range(0, len(entities), ENTITY_CHUNK):
        sections[f"lexicon-entities/{start // ENTITY_CHUNK}"] = entities[start : start + ENTITY_CHUNK]
    sections.update(_scopes(entities, catalogue))
    sections.update(_suggestions(entities))
    sections["uncovered"] = build_uncovered(doc, entities)
    return sections


def _suggestions(entities: list[list[Any]]) -> dict[str, list[Any]]:
    """``suggest-KIND/C``: [position, name, ref] of each name of an entry of KIND that has a word
    starting with C (a name is in the bucket of each of its words' first letters)."""
    out: dict[str, list[Any]] = {}
    position = 0
    for kind, ref, names, _ in entities:
        for name in names:
            words = [w for w in name if not w.startswith(MARK)]
            for letter in sorted({w[0] for w in words}):
                out.setdefault(f"suggest-{kind}/{letter}", []).append([position, " ".join(words), ref])
            position += 1
    return out


def build_uncovered(doc: Document, entities: list[list[Any]]) -> dict[str, str]:
    """Each phrase that names a product awsref does not cover, normalised, with the product's
    name; a phrase that is also the name of an entry (a user's note may add one) is covered."""
    named = {" ".join(w for w in name if not w.startswith(MARK)) for _, _, own, _ in entities for name in own}
    phrases: dict[str, str] = {}
    for product in doc.get("uncovered", []):
        for phrase in product["match"]:
            words = normalize(phrase)
            if words and " ".join(name_tokens(phrase)) not in named:
                phrases[words] = product["name"]
    return phrases
