"""``awsref progress``: how many cards are new, learning and known, per service and per domain.

The whole deck's progress starts from the cache's counts (every card new) and reads only
the cards that were answered (``cards.where``), so it costs what the student has done, not
what the knowledge base holds; the progress of named services goes card by card through
their cards. Fact cards (scenario questions) count once they have been answered.
"""

from __future__ import annotations

import time

from awsref import cards as deck
from awsref.kb import KnowledgeBase
from awsref.progress_store import blank, status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from awsref.progress_store import State

    Group = dict[str, Any]


def _fact_services(states: dict[str, State]) -> set[str]:
    """The services whose fact cards were answered (only their facts are read)."""
    return {k[5:].partition("/")[0] for k in states if k.startswith("fact:")}


def progress_data(
    kb: KnowledgeBase, words: list[str], domain: str | None, states: dict[str, State]
) -> dict[str, Any]:
    """New, learning and known cards in total, per service and per exam domain (and due)."""
    domain = deck.check_domain(domain)
    base = None if words else deck.counts(kb, domain)
    if base is None:  # named services, or a domain without cards (which _from_cards explains)
        return _from_cards(kb, words, domain, states)
    names = {sid: name for sid, name, *_ in kb.services}
    total: Group = {**_counts(), "cards": base["total"], "new": base["total"]}
    services = {s: _group(s, names.get(s, s), n) for s, n in base["services"].items()}
    domains = {d: _group(d, d, n) for d, n in base["domains"].items()}

    def groups(card_services: list[str], card_domains: list[str]) -> list[Group]:
        return [
            total,
            *(services.setdefault(s, _group(s, names.get(s, s), 0)) for s in card_services),
            *(domains.setdefault(d, _group(d, d, 0)) for d in card_domains),
        ]

    now = time.time()
    answered = deck.where(kb, [k for k in states if not k.startswith("fact:")])
    for ident, (card_services, card_domains) in answered.items():
        if domain is None or domain in card_domains:
            _tally(groups(card_services, card_domains), states[ident], now, counted=True)
    fact_services = _fact_services(states)
    for fact in deck.fact_cards(kb, fact_services) if fact_services else []:
        if fact["id"] in states and (domain is None or domain in fact["domains"]):
            _tally(groups(fact["services"], fact["domains"]), states[fact["id"]], now, counted=False)
    return _data(total, services, domains, names)


def _group(ident: str, name: str, cards: int) -> Group:
    """A service's or a domain's counts: ``cards`` of them, all new so far."""
    return {"id": ident, "name": name, **_counts(), "cards": cards, "new": cards}


def _tally(groups: list[Group], state: State, now: float, *, counted: bool) -> None:
    """An answered card moves from new (``counted``: it was counted as new) to its status."""
    for g in groups:
        if counted:
            g["new"] -= 1
        else:
            g["cards"] += 1
        g[status(state["box"])] += 1
        g["due"] += state["due"] <= now


def _data(
    total: Group, services: dict[str, Group], domains: dict[str, Group], names: dict[str, str]
) -> dict[str, Any]:
    order = {sid: i for i, sid in enumerate(names)}
    return {
        "total": total,
        "services": sorted(services.values(), key=lambda g: order.get(g["id"], len(order))),
        "domains": [domains[d] for d in deck.DOMAINS if d in domains],
    }


def _counts() -> dict[str, int]:
    return {"cards": 0, "new": 0, "learning": 0, "known": 0, "due": 0}


def _from_cards(
    kb: KnowledgeBase, words: list[str], domain: str | None, states: dict[str, State]
) -> dict[str, Any]:
    """``progress_data`` card by card: every card of the services ``words`` name."""
    answered = _fact_services(states)
    chosen = deck.select_light(kb, words, domain, facts=answered)
    chosen = [c for c in chosen if c["kind"] != "fact" or c["id"] in states]
    now = time.time()
    names = {sid: name for sid, name, *_ in kb.services}
    from awsref.lookup import services_named

    named = set(services_named(kb, words)) if words else set(names)
    total = _counts()
    services: dict[str, dict[str, Any]] = {}
    domains: dict[str, dict[str, Any]] = {}
    for card in chosen:
        state = states.get(card["id"]) or blank()
        what = status(state["box"])
        is_due = card["id"] in states and state["due"] <= now
        groups = [total]
        groups += [
            services.setdefault(s, {"id": s, "name": names.get(s, s), **_counts()})
            for s in card["services"]
            if s in named
        ]
        groups += [domains.setdefault(d, {"id": d, "name": d, **_counts()}) for d in card["domains"]]
        for g in groups:
            g["cards"] += 1
            g[what] += 1
            g["due"] += is_due
    return _data(total, services, domains, names)
