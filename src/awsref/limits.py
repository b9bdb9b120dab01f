"""``awsref limit``: one limit by name or Service Quotas code, a service's limits table, and
the quota-coded limits ``usage`` and ``list quotas`` walk. Pure: no printing."""

from __future__ import annotations

from awsref.answer import Answer
from awsref.errors import NotFound, UsageError
from awsref.kb import KnowledgeBase
from awsref.shape import answer_for, catalogued, curated, entry_ref, find_limit, limit_data, worst
from awsref.text import FILLER, QUESTION_VERBS, is_quota_code, key, normalize, printable, stem

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from typing import Any

    from awsref.answer import Ref


def limit(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref limit SERVICE [WORDS...]``: one limit, or a service's limits table."""
    parts = " ".join(words).split()
    if not any(is_quota_code(p.upper()) for p in parts) and (named := named_limit(kb, parts)):
        # A limit named word for word: no matching, so ``names`` is not even imported.
        found = kb.service(named[0])
        assert found is not None
        query = " ".join(w.strip() for w in words).strip()
        return Answer("limit", query, "limit", limit_data(found, named[1]), "exact")
    from awsref.names import (
        meaningful,
        near_services,
        not_found,
        query_text,
        resolve_honestly,
        split_service,
        suggestions,
    )

    query = query_text(words)
    parts = query.split()
    by_code = _limit_by_code(kb, query, parts)
    if by_code is not None:
        return by_code
    split = split_service(kb, parts)
    if split is None:
        first = normalize(parts[0])
        if first and first not in FILLER and not kb.lexicon().known(stem(first.replace(" ", ""))):
            # "limit azure blob size": the service's place holds a name awsref does not know.
            refs = near_services(kb, first) + suggestions(kb, " ".join(parts[1:]) or query, ("limit",), 2)
            raise not_found(kb, f"no service named {printable(parts[0])!r}", refs, query)
        return _limit_anywhere(kb, query)
    sid, quality, rest, notes = split
    service = kb.service(sid)
    assert service is not None
    text = " ".join(rest)
    if not service["limits"] and not meaningful(text):
        # An empty table would look like an answer: say there is none, and where to look.
        raise NotFound(
            f"the knowledge base has no {service['name']} limits",
            hints=[f"{service['name']}'s card, with its facts (awsref show {sid})"],
        )
    if not meaningful(text):
        data = {
            "service": sid,
            "service_name": service["name"],
            "limits": [limit_data(service, lim) for lim in curated(service["limits"])],
        }
        if more := catalogued(service["limits"]):
            data["more_quotas"] = more
        return Answer("limit", query, "limits", data, quality, notes=notes)
    k = key(text)
    for lim in service["limits"]:
        if any(key(n) == k for n in (lim["id"], lim["name"], *lim["aliases"])):
            return Answer("limit", query, "limit", limit_data(service, lim), quality, notes=notes)
    res = resolve_honestly(kb, text, ("limit",), within=f"{sid}/")
    if res is None:
        # A question about this service's limits may carry words awsref knows from other
        # names ("s3 largest object i can store"): the limit must still account
        # for them in its own text ("sqs number of vcpus" has no such limit: not found).
        res = resolve_honestly(kb, text, ("limit",), within=f"{sid}/", lenient=True)
        verbs_only = res is not None and all(normalize(w) in QUESTION_VERBS for w in res.ignored)
        elsewhere = resolve_honestly(kb, text, ("limit",)) if res is not None and not verbs_only else None
        if elsewhere is not None and not elsewhere.ref.startswith(f"{sid}/"):
            res = None  # the ignored word names another service's limit ("dynamodb message retention")
    if res is not None:
        answer = answer_for(kb, "limit", query, res, notes)
        answer.match = worst(answer.match, quality)
        return answer
    facts = _facts_about(kb, sid, text)
    if facts is not None:
        facts.notes = [
            f"no {service['name']} limit matches {printable(text)!r}; facts from its card (not limits)",
            *notes,
        ]
        return facts
    mine = _nearest_limits(kb, service, text)
    others = []
    other = resolve_honestly(kb, text, ("limit",))
    if other is not None:
        others = [entry_ref(kb, "limit", other.ref)] + [
            entry_ref(kb, k, r) for k, r in other.alternatives[:1]
        ]
    raise not_found(
        kb, f"no {service['name']} limit matches {printable(text)!r}", (others + mine)[:4], f"{sid} {text}"
    )


def _names(lim: dict[str, Any]) -> tuple[str, ...]:
    return (lim["id"], lim["name"], *lim["aliases"])


def named_limit(kb: KnowledgeBase, parts: list[str]) -> tuple[str, dict[str, Any], str] | None:
    """(service id, limit, the words naming it) when a leading run of words names a service
    exactly and the rest is one of its curated limits' id, name or alias word for word. The
    longest run is tried first, but a shorter one wins when only it leaves a limit's name:
    "acm certificate quota" (the run "acm certificate" names ACM too), "ecs max services"
    (all filler to ``key``, so compared as typed)."""
    for n in range(min(len(parts) - 1, 4), 0, -1):
        k = key(" ".join(parts[:n]))
        hit = kb.name(k) or (kb.name(k.replace(" ", "")) if " " in k else None)
        if not hit or hit[0] != "service":
            continue
        service = kb.service(hit[1])
        assert service is not None
        rest = " ".join(parts[n:])
        typed, limits = normalize(rest), curated(service["limits"])
        # As typed first (the common case: the limit's id), which keys nothing; only when no
        # limit is named so, by key ("max message size" is "message size").
        found = [lim for lim in limits if any(normalize(x) == typed for x in _names(lim))]
        if not found and (rest_key := key(rest)):
            found = [lim for lim in limits if any(key(x) == rest_key for x in _names(lim))]
        if len(found) == 1:
            return hit[1], found[0], rest
    return None


def _limit_by_code(kb: KnowledgeBase, query: str, parts: list[str]) -> Answer | None:
    """The limit a Service Quotas code names (``L-B99A9384``), wherever it stands in the words.

    A code is a name of exactly one limit: the other words may name its service, and
    nothing else is matched. A code no limit has, or a service that is not the code's, is
    "not found" rather than the nearest limit. None when no word is shaped like a code.
    """
    from awsref.names import not_found, split_service

    codes = [p.upper() for p in parts if is_quota_code(p.upper())]
    if not codes:
        return None
    code = codes[0]
    found = (kb.section("quota-codes") or {}).get(code)
    if found is None:
        raise not_found(kb, f"no limit in awsref has the quota code {code}", [], query)
    ref = found[0]
    sid, _, lid = ref.partition("/")
    service = kb.service(sid)
    assert service is not None
    rest = [p for p in parts if p.upper() != code]
    split = split_service(kb, rest) if rest else None
    if split is not None and split[0] != sid:
        name = find_limit(service, lid)["name"]
        message = f"{code} is the quota code of {service['name']} {name}, not a limit of {kb.label(split[0])}"
        raise not_found(kb, message, [entry_ref(kb, "limit", ref)], query)
    notes = split[3] if split is not None else []
    return Answer("limit", query, "limit", limit_data(service, find_limit(service, lid)), notes=notes)


def _nearest_limits(kb: KnowledgeBase, service: dict[str, Any], text: str, count: int = 3) -> list[Ref]:
    """The service's limits whose names look most like ``text``: a "did you mean", never an answer."""
    from awsref.similarity import extract_wratio_best

    names = [f"{lim['id']} {lim['name']}" for lim in service["limits"]]
    found = extract_wratio_best(normalize(text), names, count)
    return [entry_ref(kb, "limit", f"{service['id']}/{service['limits'][i]['id']}") for _, _, i in found]


def _limit_anywhere(kb: KnowledgeBase, query: str) -> Answer:
    from awsref.names import meaningful, not_found, resolve_honestly, suggestions

    res = resolve_honestly(kb, query, ("limit",))
    if res is None:
        refs = suggestions(kb, query.split()[0], ("service",), 2) + suggestions(kb, query, ("limit",), 2)
        raise not_found(kb, f"no service or limit matches {printable(query)!r}", refs, query)
    first = query.split()[0]
    notes = []
    if meaningful(first) and normalize(first) not in FILLER:
        notes.append(
            f"{printable(first)!r} is not a service awsref knows; matched the limits of every service"
        )
    return answer_for(kb, "limit", query, res, notes)


def _facts_about(kb: KnowledgeBase, sid: str, text: str) -> Answer | None:
    """Facts of one service that contain every meaningful word of ``text``."""
    from awsref.search import search as run_search

    hits = [h for h in run_search(kb, text, 10, service=sid, require_all=True) if h["kind"] == "fact"][:5]
    if not hits:
        return None
    return Answer("limit", text, "hits", {"hits": hits}, "fuzzy")


def quota_limits(kb: KnowledgeBase, words: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """(Service Quotas service code, limit) for every limit with a quota code, of the services
    ``words`` name (all services when none). A named service without quota codes, or a word
    that names no service, is a usage error: ``usage`` keeps exit 1 for "at the threshold"."""
    from awsref.names import services_named

    try:
        sids = services_named(kb, words) if words else [s[0] for s in kb.services]
    except NotFound as e:
        raise UsageError(e.message, hints=e.hints) from None
    out: list[tuple[str, dict[str, Any]]] = []
    for sid in sids:
        service = kb.service(sid)
        assert service is not None
        # Every quota of a service named; of all services, the curated ones (the catalogue's
        # thousand would be a thousand API calls).
        coded = [
            lim for lim in service["limits"] if lim.get("quota_code") and (words or not lim.get("catalogue"))
        ]
        mine = [(service["quota_service"], limit_data(service, lim)) for lim in coded]
        if words and not mine:
            raise UsageError(f"awsref has no quota codes for {service['name']}, so usage cannot check it")
        out += mine
    return out
