"""The six lookups: arguments in, an ``Answer`` out. Pure: no printing, no argv.

Every path into awsref (the Typer app and the fast path of ``entry``) calls these same
functions, so output can never depend on the path a command took.
"""

from __future__ import annotations

from awsref.errors import NotFound, UsageError
from awsref.kb import KnowledgeBase
from awsref.resolve import (
    judge,
    limit_pairs,
    name_pairs,
    rank,
    resolve_service,
    split_service,
    suggestions,
)
from awsref.text import key, printable

LIST_KINDS = ("services", "limits", "terms", "comparisons")
MARGIN_ANY = 1.0  # limits of other services scoring this close are shown as "also"


class Answer:
    """What a lookup found: a kind, its JSON-ready data, and how sure the match was."""

    __slots__ = ("also", "command", "data", "kind", "match", "notes", "query")

    def __init__(
        self,
        command: str,
        query: str,
        kind: str,
        data: dict,
        match: str = "exact",
        also: list[dict] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        self.command = command
        self.query = query
        self.kind = kind
        self.data = data
        self.match = match
        self.also = also or []
        self.notes = notes or []


def _worst(*qualities: str) -> str:
    """The least sure of several match qualities (exact < fuzzy < weak)."""
    return max(qualities, key=("exact", "fuzzy", "weak").index)


def _query(words: list[str]) -> str:
    text = " ".join(w.strip() for w in words).strip()
    if not text:
        raise UsageError("the query is empty")
    return text


def _ref(kind: str, ident: str, label: str, command: str) -> dict:
    return {"kind": kind, "id": ident, "label": label, "command": command}


def _service_ref(kb: KnowledgeBase, sid: str) -> dict:
    return _ref("service", sid, kb.label(sid), f"awsref show {sid}")


def _term_ref(kb: KnowledgeBase, tid: str) -> dict:
    return _ref("term", tid, kb.label(tid), f"awsref define {tid}")


def _limit_ref(kb: KnowledgeBase, sid: str, lid: str) -> dict:
    return _ref("limit", f"{sid}/{lid}", f"{kb.label(sid)} {lid}", f"awsref limit {sid} {lid}")


def _not_found(what: str, query: str, refs: list[dict]) -> NotFound:
    hints = [f"{r['label']} ({r['command']})" for r in refs]
    return NotFound(f"no {what} matches {printable(query)!r}", hints=hints)


def limit_data(kb: KnowledgeBase, service: dict, limit: dict) -> dict:
    """A limit as printed: its own fields plus the service it belongs to."""
    return {"service": service["id"], "service_name": service["name"], **limit}


def limit(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref limit SERVICE [WORDS...]``: one limit, or a service's limits table."""
    query = _query(words)
    parts = query.split()
    service_match, rest = split_service(kb, parts)
    if service_match is None:
        return _limit_anywhere(kb, query)
    service = kb.service(service_match.ref)  # type: ignore[arg-type]
    assert service is not None
    notes = []
    if service_match.quality != "exact":
        notes.append(f"{printable(parts[0])!r} taken as {service['name']}")
    if not rest:
        data = {
            "service": service["id"],
            "service_name": service["name"],
            "limits": [limit_data(kb, service, lim) for lim in service["limits"]],
        }
        return Answer("limit", query, "limits", data, service_match.quality, notes=notes)
    ranked = rank(" ".join(rest), limit_pairs(service))
    match = judge(ranked)
    if match is None:
        refs = [_limit_ref(kb, service["id"], lid) for lid in suggestions(ranked)]  # type: ignore[arg-type]
        raise _not_found(f"{service['name']} limit", " ".join(rest), refs)
    chosen = next(lim for lim in service["limits"] if lim["id"] == match.ref)
    quality = _worst(match.quality, service_match.quality)
    also = [_limit_ref(kb, service["id"], lid) for lid in match.also]  # type: ignore[arg-type]
    return Answer("limit", query, "limit", limit_data(kb, service, chosen), quality, also, notes)


def _limit_anywhere(kb: KnowledgeBase, query: str) -> Answer:
    pairs = [(n, (sid, lid)) for sid, lid, names in kb.section("limit-names") for n in names]  # type: ignore[union-attr]
    ranked = rank(query, pairs)
    match = judge(ranked)
    if match is None:
        service_hits = rank(query.split()[0], name_pairs(kb, "service"))[:2]
        refs = [_service_ref(kb, sid) for sid, _ in service_hits]  # type: ignore[arg-type]
        refs += [_limit_ref(kb, *ref) for ref in suggestions(ranked, 2)]  # type: ignore[misc]
        raise _not_found("service or limit", query, refs)
    sid, lid = match.ref  # type: ignore[misc]
    service = kb.service(sid)
    assert service is not None
    chosen = next(lim for lim in service["limits"] if lim["id"] == lid)
    # A hit found among every service's limits is never "exact": the service was a guess.
    tied = [ref for ref, score in ranked[1:4] if score >= max(match.score - MARGIN_ANY, 60)]
    quality = "weak" if tied or match.quality == "weak" else "fuzzy"
    also = [_limit_ref(kb, *ref) for ref in (tied or match.also)]  # type: ignore[misc]
    notes = [f"no service named {printable(query.split()[0])!r}; searched the limits of every service"]
    return Answer("limit", query, "limit", limit_data(kb, service, chosen), quality, also, notes)


def define(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref define TERM...``: a glossary entry."""
    query = _query(words)
    ranked = rank(query, name_pairs(kb, "term"))
    match = judge(ranked)
    if match is None:
        refs = [_term_ref(kb, tid) for tid in suggestions(ranked)]  # type: ignore[arg-type]
        service_match, _ = resolve_service(kb, query)
        if service_match:
            refs.insert(0, _service_ref(kb, service_match.ref))  # type: ignore[arg-type]
        raise _not_found("term", query, refs)
    term = kb.term(match.ref)  # type: ignore[arg-type]
    assert term is not None
    data = dict(term)
    data["service_names"] = [kb.label(s) for s in term["services"]]
    data["see_also_labels"] = [kb.label(t) for t in term["see_also"]]
    also = [_term_ref(kb, t) for t in match.also]  # type: ignore[arg-type]
    return Answer("define", query, "term", data, match.quality, also)


def show(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref show SERVICE``: the whole service card."""
    query = _query(words)
    match, ranked = resolve_service(kb, query)
    if match is None:
        refs = [_service_ref(kb, sid) for sid in suggestions(ranked)]  # type: ignore[arg-type]
        raise _not_found("service", query, refs)
    service = kb.service(match.ref)  # type: ignore[arg-type]
    assert service is not None
    data = dict(service)
    data["limits"] = [limit_data(kb, service, lim) for lim in service["limits"]]
    data["terms"] = [{"id": t, "term": kb.label(t)} for t in service["terms"]]
    data["comparisons"] = [
        {"id": c, "title": comp["title"], "command": _compare_command(comp)}
        for c in service["comparisons"]
        if (comp := kb.comparison(c))
    ]
    also = [_service_ref(kb, s) for s in match.also]  # type: ignore[arg-type]
    return Answer("show", query, "service", data, match.quality, also)


def _compare_command(comp: dict) -> str:
    return "awsref compare " + " ".join(comp["subjects"])


def compare(kb: KnowledgeBase, subjects: list[str]) -> Answer:
    """``awsref compare A B [C...]``: a curated comparison, else two service cards side by side."""
    cleaned = [s.strip() for s in subjects]
    if len(cleaned) < 2 or any(not s for s in cleaned):
        raise UsageError("compare needs at least two non-empty subjects")
    keys = [key(s) for s in cleaned]
    if len(set(keys)) != len(keys):
        raise UsageError("compare needs different subjects; one is given twice")
    query = " ".join(cleaned)
    whole = kb.section("comparison-names").get(key(query))  # type: ignore[union-attr]
    if whole:
        return _curated(kb, query, whole, "exact")
    exact = _exact_comparison(kb, keys)
    if exact:
        return _curated(kb, query, exact, "exact")
    best = _fuzzy_comparison(kb, cleaned)
    if best is not None:
        cid, score = best
        return _curated(kb, query, cid, "fuzzy" if score >= 85 else "weak")
    return _card_comparison(kb, query, cleaned)


def _exact_comparison(kb: KnowledgeBase, keys: list[str]) -> str | None:
    refs = [(kb.name(k) or [None, None])[1] for k in keys]
    if None in refs:
        return None
    by_subject = kb.section("subject-comparisons")
    candidates = [set(by_subject.get(r, ())) for r in refs]  # type: ignore[union-attr]
    common = set.intersection(*candidates)
    if not common:
        return None
    # Prefer the comparison with the fewest extra subjects, then data order.
    order = {c[0]: i for i, c in enumerate(kb.comparisons)}
    sizes = {c[0]: len(c[2]) for c in kb.comparisons}
    return min(common, key=lambda c: (sizes[c], order[c]))


def _fuzzy_comparison(kb: KnowledgeBase, subjects: list[str]) -> tuple[str, float] | None:
    """The comparison whose subjects best match every argument (each a distinct subject)."""
    from awsref.resolve import fuzzy_scores

    inverse: dict[str, list[str]] = {}
    for name, (_, ref) in kb.section("names").items():  # type: ignore[union-attr]
        inverse.setdefault(ref, []).append(name)
    best: tuple[str, float] | None = None
    for cid, _, refs in kb.comparisons:
        per_subject = []
        for ref in refs:
            names = [*inverse.get(ref, [ref]), key(kb.label(ref))]
            per_subject.append(
                [max((s for _, s in fuzzy_scores(key(arg), names)), default=0.0) for arg in subjects]
            )
        taken: set[int] = set()
        total = 0.0
        for a in range(len(subjects)):
            options = [(per_subject[i][a], i) for i in range(len(refs)) if i not in taken]
            if not options:
                total = 0.0
                break
            score, i = max(options)
            if score < 60:
                total = 0.0
                break
            taken.add(i)
            total += score
        if not total:
            continue
        score = total / len(subjects) - 2.0 * (len(refs) - len(subjects))
        if best is None or score > best[1]:
            best = (cid, score)
    return best if best and best[1] >= 70 else None


def _curated(kb: KnowledgeBase, query: str, cid: str, quality: str) -> Answer:
    comp = kb.comparison(cid)
    assert comp is not None
    data = dict(comp)
    data["curated"] = True
    data["subject_labels"] = [kb.label(s) for s in comp["subjects"]]
    return Answer("compare", query, "comparison", data, quality)


def _card_comparison(kb: KnowledgeBase, query: str, subjects: list[str]) -> Answer:
    services = []
    quality = "exact"
    for subject in subjects:
        match, ranked = resolve_service(kb, subject)
        if match is None:
            refs = [_service_ref(kb, sid) for sid in suggestions(ranked)]  # type: ignore[arg-type]
            raise _not_found("comparison or service", subject, refs)
        quality = _worst(quality, match.quality)
        services.append(kb.service(match.ref))  # type: ignore[arg-type]
    ids = [s["id"] for s in services]
    if len(set(ids)) != len(ids):
        raise UsageError("compare needs different subjects; two name the same service")
    rows = [
        {"aspect": "Full name", "values": [s["full_name"] for s in services]},
        {"aspect": "Category", "values": [s["category"] for s in services]},
        {"aspect": "Summary", "values": [s["summary"] for s in services]},
    ]
    width = max(len(s["limits"]) for s in services)
    for i in range(min(width, 5)):
        rows.append(
            {
                "aspect": f"Key limit {i + 1}",
                "values": [
                    f"{s['limits'][i]['name']}: {s['limits'][i]['display']}" if i < len(s["limits"]) else "-"
                    for s in services
                ],
            }
        )
    data = {
        "id": "-vs-".join(ids),
        "title": " vs ".join(s["name"] for s in services),
        "subjects": ids,
        "subject_labels": [s["name"] for s in services],
        "rows": rows,
        "choose": "",
        "curated": False,
    }
    notes = ["not a curated comparison: the services' cards side by side"]
    return Answer("compare", query, "comparison", data, quality, notes=notes)


def search(kb: KnowledgeBase, words: list[str], limit: int = 10) -> Answer:
    """``awsref search QUERY...``: ranked hits across everything."""
    from awsref.search import search as run_search

    query = _query(words)
    hits = run_search(kb, query, limit)
    if not hits:
        raise NotFound(f"nothing matches {printable(query)!r}", hints=["try fewer or other words"])
    return Answer("search", query, "hits", {"hits": hits})


def listing(kb: KnowledgeBase, kind: str) -> Answer:
    """``awsref list [services|limits|terms|comparisons]``."""
    if kind not in LIST_KINDS:
        raise UsageError(f"unknown list {printable(kind)!r}; one of {', '.join(LIST_KINDS)}")
    if kind == "services":
        items = [
            {"id": i, "name": n, "full_name": f, "category": c, "limits": k} for i, n, f, c, k in kb.services
        ]
    elif kind == "terms":
        items = [{"id": i, "term": t, "services": s} for i, t, s in kb.terms]
    elif kind == "comparisons":
        items = [{"id": i, "title": t, "subjects": s} for i, t, s in kb.comparisons]
    else:
        items = []
        for sid, *_ in kb.services:
            service = kb.service(sid)
            assert service is not None
            items.extend(limit_data(kb, service, lim) for lim in service["limits"])
    return Answer("list", kind, "list", {"list": kind, "items": items})
