"""Study cards: every limit, term and comparison of the knowledge base, with its exam domains.

Facts become cards too when asked for (``facts=True``: ``quiz --scenarios`` or ``--task``),
those a scenario question can be made of (``quiz.scenario_text``). A fact card's id is
``fact:SERVICE/CRC`` (CRC-32 of the fact's text, 8 hex digits), stable however facts are
added or reordered; a fact whose text changes is a new card.

``quiz``, ``progress`` and ``export`` all work on these. A card's id is stable for as long
as its entry's id is (``limit:sqs/message-size``, ``term:gsi``, ``comparison:...``): the
progress store and the Anki note GUIDs are keyed by it.

Cards are chosen *light* (id, kind, services, domains: the cache's ``deck/...`` sections,
see ``deck_index``) and made whole (title, command, the entry) only when a command needs
one, so ``quiz sqs`` reads the SQS cards, not the knowledge base. Exam domains: an entry's
own ``domains`` win; a limit without them has its service's, a term or a comparison the
union of its services'. An entry whose services are untagged has none, and ``--domain``
leaves it out.
"""

from __future__ import annotations

import zlib

from awsref.deck_index import ordered
from awsref.errors import NotFound, UsageError
from awsref.kb import KnowledgeBase
from awsref.quiz import Pool
from awsref.spec import DOMAINS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator
    from typing import Any

    Card = dict[str, Any]

KINDS = ("limit", "term", "comparison", "fact")
__all__ = [
    "DOMAINS",
    "KINDS",
    "all_cards",
    "card",
    "check_domain",
    "narrow",
    "select",
    "select_light",
    "whole_cards",
]


def fact_cards(kb: KnowledgeBase, only: set[str] | None = None) -> list[Card]:
    """A card for every fact a scenario question can be made of, in data order (of the
    services in ``only``, when given)."""
    from awsref.exam import service_tasks
    from awsref.quiz import scenario_text

    tasks = service_tasks(kb)
    cards: list[Card] = []
    seen: set[str] = set()
    for sid, name, *_ in kb.services:
        service = kb.service(sid) if only is None or sid in only else None
        if service is None:
            continue
        own = ordered(service.get("domains"))
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
                    "domains": ordered(fact.get("domains") or own),
                    "title": f"{name} · {fact['topic']}",
                    "command": f"awsref show {sid}",
                    "entry": entry,
                }
            )
    return cards


_derived: dict[str, object] = {}  # deck sections derived here from a cache written without them


def _section(kb: KnowledgeBase, name: str) -> Any:
    """A ``deck/...`` section; a cache written before there were any gets them derived here
    (slowly, from every entry: it costs speed, never an answer)."""
    value = kb.section(name)
    if value is None and kb.section("deck/rows") is None:
        if not _derived:
            from awsref.deck_index import deck_sections

            doc = {
                "services": [kb.service(s[0]) for s in kb.services],
                "terms": [kb.term(t[0]) for t in kb.terms],
                "comparisons": [kb.comparison(c[0]) for c in kb.comparisons],
            }
            _derived.update(deck_sections(doc))  # type: ignore[arg-type]
        value = _derived.get(name)
    return value if value is not None else ([] if name.startswith(("deck/rows", "deck/term-rows")) else {})


def _light(row: list[Any]) -> Card:
    _, ident, services, domains = row
    return {"id": ident, "kind": ident.partition(":")[0], "services": services, "domains": domains}


def counts(kb: KnowledgeBase, domain: str | None) -> dict[str, Any] | None:
    """How many cards there are in total, per service and per domain, of the whole deck or of
    exam ``domain`` (None: it has no cards)."""
    scope: dict[str, Any] | None = _section(kb, "deck/counts").get("scopes", {}).get(domain or "")
    return scope


def where(kb: KnowledgeBase, ids: Iterable[str]) -> dict[str, list[list[str]]]:
    """``[services, domains]`` of each of the limit, term and comparison cards ``ids`` that
    the knowledge base has, reading only the buckets they fall in."""
    from awsref.buckets import name_bucket

    buckets = _section(kb, "deck/counts").get("buckets", 1)
    found: dict[str, list[list[str]]] = {}
    for ident in ids:
        row = _section(kb, f"deck/where/{name_bucket(ident, buckets)}").get(ident)
        if row is not None:
            found[ident] = row
    return found


def light_cards(kb: KnowledgeBase, services: list[str] | None = None) -> list[Card]:
    """The light cards (id, kind, services, domains) about any of ``services`` (every card
    when None), in deck order: limits, then terms, then comparisons."""
    if services is None:
        return [_light(r) for r in _section(kb, "deck/rows")]
    rows: dict[int, list[Any]] = {}
    for sid in services:
        for row in _section(kb, f"deck/rows/{sid}"):
            rows.setdefault(row[0], row)
    return [_light(rows[i]) for i in sorted(rows)]


def card(kb: KnowledgeBase, light: Card) -> Card:
    """The whole card of a light one: its title, its command and its entry."""
    if "entry" in light:
        return light
    kind, _, ident = light["id"].partition(":")
    if kind == "limit":
        sid, _, lid = ident.partition("/")
        service = kb.service(sid)
        assert service is not None
        lim = next(x for x in service["limits"] if x["id"] == lid)
        name = service["name"]
        title, command = f"{name} · {lim['name']}", f"awsref limit {sid} {lid}"
        entry = dict(lim, service=sid, service_name=name)
    elif kind == "term":
        term = kb.term(ident)
        assert term is not None
        title, command = term["term"], f"awsref define {ident}"
        entry = dict(term, service_names=[kb.label(s) for s in light["services"]])
    else:
        comp = kb.comparison(ident)
        assert comp is not None
        title, command = comp["title"], "awsref compare " + " ".join(comp["subjects"])
        entry = dict(comp, subject_labels=[kb.label(s) for s in comp["subjects"]])
    return {**light, "title": title, "command": command, "entry": entry}


def _section_of(card_id: str) -> str:
    """The cache section a card's entry is read from."""
    kind, _, ident = card_id.partition(":")
    if kind == "limit":
        return "service:" + ident.partition("/")[0]
    return f"{kind}:{ident}"


def whole_cards(kb: KnowledgeBase, light: list[Card]) -> Iterator[Card]:
    """Each of ``light`` made whole in turn; a section the cards after it do not share is let
    go once its cards are made, so going through every card never holds every entry."""
    for i, c in enumerate(light):
        yield card(kb, c)
        name = _section_of(c["id"])
        if i + 1 == len(light) or _section_of(light[i + 1]["id"]) != name:
            _forget(kb, name)


def _forget(kb: KnowledgeBase, name: str) -> None:
    """Drop a section from the knowledge base's memory (read again if asked for again).

    ``KnowledgeBase`` keeps every section it reads; this reaches into that cache until it
    offers a way to read a section without keeping it."""
    sections = getattr(kb, "_sections", None)
    if isinstance(sections, dict):
        sections.pop(name, None)


def all_cards(kb: KnowledgeBase, facts: bool = False) -> list[Card]:
    """Every card of the knowledge base, whole, in data order: limits, then terms, then
    comparisons (then, with ``facts``, the fact cards)."""
    cards = [card(kb, c) for c in light_cards(kb)]
    return cards + fact_cards(kb) if facts else cards


def check_domain(domain: str | None) -> str | None:
    """``domain`` lower-cased, or a UsageError naming the four domains."""
    if domain is None:
        return None
    d = domain.strip().lower()
    if d not in DOMAINS:
        raise UsageError(f"unknown exam domain {domain!r}; one of {', '.join(DOMAINS)}")
    return d


def narrow(
    cards: list[Card], services: list[str], domain: str | None, tagged: bool | None = None
) -> list[Card]:
    """The cards about any of ``services`` (all when empty) in exam ``domain`` (any when None).

    ``tagged``: whether any card of the knowledge base has exam domains (None: any of ``cards``).
    """
    wanted = set(services)
    out = [c for c in cards if not wanted or wanted & set(c["services"])]
    if domain is not None:
        if tagged is None:
            tagged = any(c["domains"] for c in cards)
        if not tagged:
            raise UsageError("the knowledge base has no exam-domain tags yet, so --domain cannot be used")
        out = [c for c in out if domain in c["domains"]]
    if not out:
        what = " ".join(services) or "the knowledge base"
        raise NotFound(
            f"no limits, terms or comparisons for {what}" + (f" in domain {domain}" if domain else "")
        )
    return out


def _by_task(kb: KnowledgeBase, chosen: list[Card], task: str) -> list[Card]:
    """The cards of ``chosen`` that the bullets of exam ``task`` map to (and the facts of the
    services those bullets are about)."""
    from awsref.exam import ref_services, task_refs

    refs = task_refs(kb, task)
    wanted = {f"{r['kind']}:{r['id']}" for r in refs}
    about = ref_services(kb, refs)
    chosen = [c for c in chosen if c["id"] in wanted or (c["kind"] == "fact" and c["services"][0] in about)]
    if not chosen:
        raise UsageError(f"no limits, terms or comparisons of exam task {task} match these filters")
    return chosen


def select_light(
    kb: KnowledgeBase,
    words: list[str],
    domain: str | None,
    task: str | None = None,
    facts: bool | Collection[str] = False,
) -> list[Card]:
    """The light cards a study command is about: those of the SERVICE ``words`` (every card
    when none), in ``domain``, and of exam ``task`` (a part of the outline: D2, D2.T1,
    D2.T1.S3). With ``facts``, the fact cards of those services join (whole: they are made
    by reading the services); ``facts`` may name the services whose facts are wanted."""
    domain = check_domain(domain)
    services: list[str] = []
    if words:
        from awsref.lookup import services_named

        services = services_named(kb, words)
    cards = light_cards(kb, services or None)
    if facts:
        only = set(services) if services else None
        if not isinstance(facts, bool):  # the facts of these services only
            only = set(facts) if only is None else only & set(facts)
        cards += fact_cards(kb, only)
    tagged = True
    if domain is not None and not any(domain in c["domains"] for c in cards):
        tagged = any(r[3] for r in _section(kb, "deck/rows"))  # only to say why nothing is left
    chosen = narrow(cards, services, domain, tagged)
    return _by_task(kb, chosen, task) if task is not None else chosen


def select(
    kb: KnowledgeBase, words: list[str], domain: str | None, task: str | None = None, facts: bool = False
) -> tuple[list[Card], Pool]:
    """(the whole cards ``select_light`` chooses, where their questions' distractors come from)."""
    chosen = select_light(kb, words, domain, task, facts)
    return [card(kb, c) for c in chosen], KbPool(kb, facts=facts)


class KbPool(Pool):
    """Distractors from the cache's deck sections: what a question needs, not every card."""

    def __init__(self, kb: KnowledgeBase, facts: bool = False) -> None:
        self._kb = kb
        self._facts = facts
        self._fact_services: dict[str, dict[str, Any]] | None = None

    def limit_values(self, unit: str) -> list[float]:
        values: list[float] = _section(self._kb, "deck/values").get(unit, [])
        return values

    def term_rows(self) -> list[list[Any]]:
        rows: list[list[Any]] = _section(self._kb, "deck/term-rows")
        return rows

    def term(self, tid: str) -> dict[str, Any]:
        entry = self._kb.term(tid)
        assert entry is not None
        return entry

    def fact_services(self) -> dict[str, dict[str, Any]]:
        if self._fact_services is None:
            self._fact_services = {}
            for c in fact_cards(self._kb) if self._facts else []:
                self._fact_services.setdefault(c["entry"]["service"], c["entry"])
        return self._fact_services
