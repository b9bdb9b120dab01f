"""``awsref compare``: a curated comparison, else the entries (or their facts) side by side.

Splits the words into one phrase per subject, resolves each honestly, and picks the
curated comparison of exactly those subjects when the knowledge base has one.
"""

from __future__ import annotations

from awsref.answer import Answer, Resolution
from awsref.errors import UsageError
from awsref.kb import KnowledgeBase
from awsref.names import (
    exact_entity,
    meaningful,
    not_found,
    resolve_any,
    resolve_honestly,
    split_service,
    suggestions,
)
from awsref.shape import answer_for, curated, curated_data, entry_ref, worst
from awsref.text import key, printable

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from awsref.answer import Quality


SEPARATORS = frozenset({"vs", "versus", "v", "&", "and", "or", "with"})


def compare(kb: KnowledgeBase, subjects: list[str]) -> Answer:
    """``awsref compare A B [C...]``: a curated comparison, else the entries side by side.

    Subjects may be several words without quotes (``user pool identity pool``), separated
    by ``vs``, ``versus``, ``and`` or commas, or be the ids ``list comparisons`` prints.
    Each resolves to an entry first; one that does not is an error naming it.
    """
    cleaned = [s.strip() for s in subjects if s.strip()]
    if not cleaned:
        raise UsageError("compare needs at least two subjects")
    query = " ".join(cleaned)
    whole = exact_entity(kb, query)
    if whole is not None and whole.kind == "comparison":
        return Answer("compare", query, "comparison", curated_data(kb, whole.ref), "exact")
    # The words may name a curated comparison whatever their subjects do ("standard vs
    # express", "compare query scan"): used when the subjects alone do not answer.
    whole_comparison = _whole_comparison(kb, query)
    phrases = _subject_phrases(kb, cleaned)
    if len(phrases) < 2:
        if (whole := whole_comparison()) is not None:
            return answer_for(kb, "compare", query, whole, [])
        raise UsageError(f"compare needs at least two subjects; {printable(query)!r} names one or none")
    resolved: list[Resolution] = []
    for phrase in phrases:
        res = resolve_any(kb, phrase, ("service", "term"))
        if (res is None or res.quality == "ambiguous") and (whole := whole_comparison()) is not None:
            return answer_for(kb, "compare", query, whole, [])
        if res is None or res.quality == "ambiguous":
            sides = _sub_entities(kb, [w for arg in cleaned for w in arg.split()])
            if sides is not None:
                return _sides_answer(kb, query, sides)
            refs = [entry_ref(kb, k, r) for k, r in (res.alternatives if res else [])]
            if res is not None:
                refs.insert(0, entry_ref(kb, res.kind, res.ref))
            refs = refs or suggestions(kb, phrase, ("service", "term"))
            what = "is ambiguous" if res else "matches no service or term"
            raise not_found(kb, f"compare: {printable(phrase)!r} {what}", refs, phrase)
        resolved.append(res)
    _split_shared_names(kb, phrases, resolved)
    _drop_context_services(kb, phrases, resolved)
    entities: list[tuple[str, str]] = []
    quality: Quality = "exact"
    notes: list[str] = []
    for phrase, res in zip(phrases, resolved, strict=True):
        quality = worst(quality, res.quality)
        notes.extend(res.notes)
        if (res.kind, res.ref) in entities:
            raise UsageError(
                f"compare needs different subjects; {kb.label(res.ref)} is given twice "
                f"({printable(phrase)!r})"
            )
        entities.append((res.kind, res.ref))
    cid = _curated_for(kb, [ref for _, ref in entities])
    if cid is not None:
        return Answer("compare", query, "comparison", curated_data(kb, cid), quality, notes=notes)
    if (whole := whole_comparison()) is not None and _about_named(kb, whole.ref, resolved):
        return answer_for(kb, "compare", query, whole, [])
    return _side_by_side(kb, query, entities, quality, notes)


def _about_named(kb: KnowledgeBase, cid: str, resolved: list[Resolution]) -> bool:
    """Whether comparison ``cid`` is about every service named exactly: each is one of its
    subjects or the service one of them belongs to. "dynamodb dax" is not DAX vs ElastiCache,
    which its words name ("dynamodb cache options"). A term matched loosely ("sync": the
    .sync pattern) may be the comparison's own word misread: it does not count."""
    subjects = set((kb.comparison(cid) or {}).get("subjects", []))
    owners = {sid for ref in subjects for sid in (kb.term(ref) or {}).get("services", [])}
    named = [r.ref for r in resolved if r.kind == "service" and r.quality == "exact"]
    return all(ref in subjects or ref in owners for ref in named)


def _whole_comparison(kb: KnowledgeBase, query: str) -> Callable[[], Resolution | None]:
    """The comparison all the words name, resolved on the first call only: two named
    subjects with their curated comparison never need it (the resolver's sections)."""
    found: list[Resolution | None] = []

    def whole() -> Resolution | None:
        if not found:
            res = resolve_honestly(kb, query, ("comparison",), short_ok=True)
            found.append(None if res is not None and res.quality == "ambiguous" else res)
        return found[0]

    return whole


def _drop_context_services(kb: KnowledgeBase, phrases: list[str], resolved: list[Resolution]) -> None:
    """A service named beside its own sub-entities is their context, not a subject:
    "sqs standard queue sqs fifo queue" compares the two queue types."""
    owners: set[str] = set()
    for r in resolved:
        if r.kind == "term":
            owners.update((kb.term(r.ref) or {}).get("services", []))
    keep = [i for i, r in enumerate(resolved) if not (r.kind == "service" and r.ref in owners)]
    if len(keep) >= 2 and len(keep) < len(resolved):
        phrases[:] = [phrases[i] for i in keep]
        resolved[:] = [resolved[i] for i in keep]


Side = tuple[str, str, str, str]  # (label, what it is, what it says, command)


def _side_of(kb: KnowledgeBase, phrase: str, service: str | None) -> tuple[int, set[str], Side] | None:
    """What one side of a comparison names: a service or term (2), or else the one fact
    of the service in context that has every word of it (1); and the services it is of."""
    from awsref.search import search as run_search

    res = resolve_any(kb, f"{kb.label(service)} {phrase}" if service else phrase, ("service", "term"))
    if res is not None and res.quality != "ambiguous" and not res.ignored and res.ref != service:
        if res.kind == "service":
            card = kb.service(res.ref) or {}
            side = (kb.label(res.ref), "service", card.get("summary", ""), f"awsref show {res.ref}")
            return 2, {res.ref}, side
        t = kb.term(res.ref) or {}
        what = "term: " + ", ".join(kb.label(x) for x in t.get("services", []))
        side = (t.get("term", res.ref), what, t.get("definition", ""), f"awsref define {res.ref}")
        return 2, set(t.get("services", [])), side
    if not meaningful(phrase):
        return None
    hits = [h for h in run_search(kb, phrase, 5, service=service, require_all=True) if h["kind"] == "fact"]
    if not hits:
        return None
    h = hits[0]
    return 1, {h["ref"]}, (printable(phrase), f"fact: {h['title']}", h["snippet"], h["command"])


def _sub_entities(kb: KnowledgeBase, words: list[str]) -> list[Side] | None:
    """Two parts of one thing that are not entries of their own ("sns fifo topic standard
    topic", "http proxy integration non-proxy integration"): the split of the words into
    two sides that each name an entry or a fact: entries first, sides that end alike
    ("X topic | Y topic"), then the most even split. A service named first is the context
    of both sides; else one side must be an entry, and both of one service."""
    words = [w for w in words if w.casefold() not in SEPARATORS and w != ","]
    service = None
    split = split_service(kb, words) if words else None
    if split is not None and split[1] == "exact" and len(split[2]) >= 2:
        service, words = split[0], split[2]
    best: tuple[tuple[int, int], list[Side]] | None = None
    for i in range(1, len(words)):
        left = _side_of(kb, " ".join(words[:i]), service)
        right = _side_of(kb, " ".join(words[i:]), service) if left else None
        if left is None or right is None or left[2][2] == right[2][2]:
            continue
        if service is None and (left[0] + right[0] < 3 or not left[1] & right[1]):
            continue  # not two parts of one service's thing ("glue vs emr", "azure functions lambda")
        parallel = key(words[i - 1]) == key(words[-1])  # "fifo topic | standard topic"
        rank = (left[0] + right[0] + 2 * parallel, -abs(len(words) - 2 * i))
        if best is None or rank > best[0]:
            best = rank, [left[2], right[2]]
    return best[1] if best else None


def _sides_answer(kb: KnowledgeBase, query: str, sides: list[Side]) -> Answer:
    """Two sides that are not both entries, side by side, each saying what it is."""
    data = {
        "id": "-vs-".join(key(label).replace(" ", "-") for label, *_ in sides),
        "title": " vs ".join(label for label, *_ in sides),
        "subjects": [label for label, *_ in sides],
        "subject_labels": [label for label, *_ in sides],
        "rows": [
            {"aspect": "What it is", "values": [said for _, _, said, _ in sides]},
            {"aspect": "Kind", "values": [what for _, what, _, _ in sides]},
            {"aspect": "More", "values": [command for *_, command in sides]},
        ],
        "choose": "",
        "curated": False,
    }
    notes = ["not a curated comparison: what awsref holds on each side, side by side"]
    return Answer("compare", query, "comparison", data, "fuzzy", notes=notes)


def _split_shared_names(kb: KnowledgeBase, phrases: list[str], resolved: list[Resolution]) -> None:
    """Subjects that all name one service ("alb", "nlb": both ELB's aliases) are read as the
    glossary entries they also name (the load balancer types), when each names a different one."""
    refs = [(r.kind, r.ref) for r in resolved]
    for shared in {ref for ref in refs if refs.count(ref) > 1}:
        where = [i for i, ref in enumerate(refs) if ref == shared]
        terms = [resolve_honestly(kb, phrases[i], ("term",)) for i in where]
        sure = [t for t in terms if t is not None and t.quality != "ambiguous"]
        if len(sure) == len(terms) and len({t.ref for t in sure}) == len(sure):
            for i, t in zip(where, sure, strict=True):
                resolved[i] = t


def _subject_phrases(kb: KnowledgeBase, args: list[str]) -> list[str]:
    """Split compare's arguments into one phrase per subject."""
    words: list[str] = []
    for arg in args:
        words.extend(arg.replace(",", " , ").split())
    # Explicit separators win ("kinesis vs firehose", "a, b and c").
    if any(w.casefold() in SEPARATORS or w == "," for w in words):
        phrases: list[str] = []
        current: list[str] = []
        for w in words:
            if w.casefold() in SEPARATORS or w == ",":
                if current:
                    phrases.append(" ".join(current))
                current = []
            else:
                current.append(w)
        if current:
            phrases.append(" ".join(current))
        if len(phrases) >= 2 and all(resolve_any(kb, p, ("service", "term")) for p in phrases):
            return phrases
    plain = [w for w in words if w.casefold() not in ("vs", "versus", ",")]
    # The segmentation of the words into the fewest exactly named entries
    # ("lambda@edge cloudfront functions" is two subjects, not three).
    best = _segment(kb, plain)
    if best and len(best) >= 2:
        return best
    # Else the arguments as given, when each names an entry.
    if len(args) >= 2 and all(exact_entity(kb, a) for a in args):
        return list(args)
    return args if len(args) >= 2 else plain if len(plain) == 2 else [" ".join(plain)]


def _segment(kb: KnowledgeBase, words: list[str]) -> list[str] | None:
    """The fewest consecutive phrases that each name a service or term exactly."""
    n = len(words)
    if n > 16:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 5), end):
            prefix = best[start]
            if prefix is None:
                continue
            phrase = " ".join(words[start:end])
            hit = exact_entity(kb, phrase)
            if hit is None or hit.kind == "comparison":
                continue
            candidate = [*prefix, phrase]
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    return best[n]


def _curated_for(kb: KnowledgeBase, refs: list[str]) -> str | None:
    """The curated comparison of exactly these subjects, or the one with the fewest extra.

    A service given beside terms of a comparison about it ("rds multi-az read replicas")
    is taken as context, not as a subject.
    """
    by_subject = kb.section("subject-comparisons")
    order = {c[0]: i for i, c in enumerate(kb.comparisons)}
    sizes = {c[0]: len(c[2]) for c in kb.comparisons}

    def covering(wanted: list[str]) -> set[str]:
        sets = [set(by_subject.get(r, ())) for r in wanted]
        return set.intersection(*sets) if sets else set()

    common = covering(refs)
    if not common:
        services = {c[0] for c in kb.services}
        subjects = [r for r in refs if r not in services]
        context = [r for r in refs if r in services]
        if len(subjects) >= 2 and context:
            common = {
                cid
                for cid in covering(subjects)
                if set(context) <= set((kb.comparison(cid) or {}).get("services", []))
            }
    if not common:
        return None
    return min(common, key=lambda c: (sizes[c], order[c]))


def _side_by_side(
    kb: KnowledgeBase, query: str, entities: list[tuple[str, str]], quality: Quality, notes: list[str]
) -> Answer:
    """No curated comparison: the entries' own facts side by side, labelled as such."""
    labels = [kb.label(ref) for _, ref in entities]
    rows: list[dict[str, Any]] = []
    if all(kind == "service" for kind, _ in entities):
        services: list[dict[str, Any]] = []
        for _, ref in entities:
            card = kb.service(ref)
            assert card is not None  # the subjects were resolved against this knowledge base
            services.append(card)
        rows = [
            {"aspect": "Full name", "values": [s["full_name"] for s in services]},
            {"aspect": "Category", "values": [s["category"] for s in services]},
            {"aspect": "Summary", "values": [s["summary"] for s in services]},
        ]
        key_limits = [curated(s["limits"])[:5] for s in services]
        for i in range(max(map(len, key_limits))):
            rows.append(
                {
                    "aspect": f"Key limit {i + 1}",
                    "values": [
                        f"{lims[i]['name']}: {lims[i]['display']}" if i < len(lims) else "-"
                        for lims in key_limits
                    ],
                }
            )
    else:
        values = []
        kinds = []
        for kind, ref in entities:
            if kind == "service":
                s = kb.service(ref)
                values.append(s["summary"] if s else "")
                kinds.append("service")
            else:
                t = kb.term(ref)
                values.append(t["definition"] if t else "")
                kinds.append("term: " + ", ".join(kb.label(x) for x in (t or {}).get("services", [])))
        rows = [{"aspect": "What it is", "values": values}, {"aspect": "Kind", "values": kinds}]
    ids = [ref for _, ref in entities]
    data = {
        "id": "-vs-".join(ids),
        "title": " vs ".join(labels),
        "subjects": ids,
        "subject_labels": labels,
        "rows": rows,
        "choose": "",
        "curated": False,
    }
    notes = ["not a curated comparison: the entries side by side", *notes]
    return Answer("compare", query, "comparison", data, quality, notes=notes)
