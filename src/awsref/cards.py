"""Study cards: every limit, term and comparison of the knowledge base, with its exam domains.

Facts become cards too when asked for (``facts=True``: ``quiz --scenarios`` or ``--task``),
those a scenario question can be made of (``quiz.scenario_text``). A fact card's id is
``fact:SERVICE/CRC`` (CRC-32 of the fact's text, 8 hex digits), stable however facts are
added or reordered; a fact whose text changes is a new card.

``quiz``, ``progress`` and ``export`` all work on these. A card's id is stable for as long
as its entry's id is (``limit:sqs/message-size``, ``term:gsi``, ``comparison:...``): the
progress store and the Anki note GUIDs are keyed by it.

Exam domains: an entry's own ``domains`` win; a limit without them has its service's, a
term or a comparison the union of its services'. An entry whose services are untagged
has none, and ``--domain`` leaves it out.
"""

from __future__ import annotations

import zlib

from awsref.errors import NotFound, UsageError
from awsref.kb import KnowledgeBase
from awsref.spec import DOMAINS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

KINDS = ("limit", "term", "comparison", "fact")


def _ordered(domains: Iterable[str] | None) -> list[str]:
    values = set(domains or [])
    return [d for d in DOMAINS if d in values]


def fact_cards(kb: KnowledgeBase) -> list[dict]:
    """A card for every fact a scenario question can be made of, in data order."""
    from awsref.exam import service_tasks
    from awsref.quiz import scenario_text

    tasks = service_tasks(kb)
    cards: list[dict] = []
    seen: set[str] = set()
    for sid, name, *_ in kb.services:
        service = kb.service(sid)
        if service is None:
            continue
        own = _ordered(service.get("domains"))
        about = {
            "service": sid,
            "service_name": name,
            "full_name": service["full_name"],
            "aliases": service["aliases"],
            "category": service["category"],
            "tasks": tasks.get(sid, []),
        }
        for fact in service["facts"]:
            entry = dict(fact, **about)
            ident = f"fact:{sid}/{zlib.crc32(fact['text'].encode('utf-8')):08x}"
            if ident in seen or scenario_text(entry) is None:
                continue
            seen.add(ident)
            cards.append(
                {
                    "id": ident,
                    "kind": "fact",
                    "services": [sid],
                    "domains": _ordered(fact.get("domains") or own),
                    "title": f"{name} · {fact['topic']}",
                    "command": f"awsref show {sid}",
                    "entry": entry,
                }
            )
    return cards


def all_cards(kb: KnowledgeBase, facts: bool = False) -> list[dict]:
    """Every card of the knowledge base, in data order: limits, then terms, then comparisons
    (then, with ``facts``, the fact cards)."""
    service_domains: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    cards: list[dict] = []
    for sid, name, *_ in kb.services:
        service = kb.service(sid)
        if service is None:
            continue
        names[sid] = name
        own = service_domains[sid] = _ordered(service.get("domains"))
        for lim in service["limits"]:
            cards.append(
                {
                    "id": f"limit:{sid}/{lim['id']}",
                    "kind": "limit",
                    "services": [sid],
                    "domains": _ordered(lim.get("domains") or own),
                    "title": f"{name} · {lim['name']}",
                    "command": f"awsref limit {sid} {lim['id']}",
                    "entry": dict(lim, service=sid, service_name=name),
                }
            )

    def inherited(entry: dict, services: list[str]) -> list[str]:
        return _ordered(entry.get("domains") or [d for s in services for d in service_domains.get(s, [])])

    for tid, label, *_ in kb.terms:
        term = kb.term(tid)
        if term is None:
            continue
        services = list(dict.fromkeys(term["services"]))
        cards.append(
            {
                "id": f"term:{tid}",
                "kind": "term",
                "services": services,
                "domains": inherited(term, services),
                "title": label,
                "command": f"awsref define {tid}",
                "entry": dict(term, service_names=[names.get(s, s) for s in services]),
            }
        )
    for cid, title, subjects, *_ in kb.comparisons:
        comp = kb.comparison(cid)
        if comp is None:
            continue
        services = list(dict.fromkeys([*comp["services"], *(s for s in subjects if s in names)]))
        cards.append(
            {
                "id": f"comparison:{cid}",
                "kind": "comparison",
                "services": services,
                "domains": inherited(comp, services),
                "title": title,
                "command": "awsref compare " + " ".join(subjects),
                "entry": dict(comp, subject_labels=[kb.label(s) for s in subjects]),
            }
        )
    return cards + fact_cards(kb) if facts else cards


def check_domain(domain: str | None) -> str | None:
    """``domain`` lower-cased, or a UsageError naming the four domains."""
    if domain is None:
        return None
    d = domain.strip().lower()
    if d not in DOMAINS:
        raise UsageError(f"unknown exam domain {domain!r}; one of {', '.join(DOMAINS)}")
    return d


def narrow(cards: list[dict], services: list[str], domain: str | None) -> list[dict]:
    """The cards about any of ``services`` (all when empty) in exam ``domain`` (any when None)."""
    wanted = set(services)
    out = [c for c in cards if not wanted or wanted & set(c["services"])]
    if domain is not None:
        if not any(c["domains"] for c in cards):
            raise UsageError("the knowledge base has no exam-domain tags yet, so --domain cannot be used")
        out = [c for c in out if domain in c["domains"]]
    if not out:
        what = " ".join(services) or "the knowledge base"
        raise NotFound(
            f"no limits, terms or comparisons for {what}" + (f" in domain {domain}" if domain else "")
        )
    return out


def select(
    kb: KnowledgeBase, words: list[str], domain: str | None, task: str | None = None, facts: bool = False
) -> tuple[list[dict], list[dict]]:
    """(cards chosen by the SERVICE words, --domain and --task, every card) for a study command.

    ``task`` is a part of the exam outline (D2, D2.T1, D2.T1.S3): only the limits, terms and
    comparisons its bullets map to, and (with ``facts``) the facts of the services they are about.
    """
    from awsref.lookup import services_named

    domain = check_domain(domain)
    services = services_named(kb, words) if words else []
    cards = all_cards(kb, facts)
    chosen = narrow(cards, services, domain)
    if task is not None:
        from awsref.exam import ref_services, task_refs

        refs = task_refs(kb, task)
        wanted = {f"{r['kind']}:{r['id']}" for r in refs}
        about = ref_services(kb, refs)
        chosen = [
            c for c in chosen if c["id"] in wanted or (c["kind"] == "fact" and c["services"][0] in about)
        ]
        if not chosen:
            raise UsageError(f"no limits, terms or comparisons of exam task {task} match these filters")
    return chosen, cards
