"""Quiz questions generated from study cards: pure, no I/O, deterministic under a seed.

One question per card. Its form is drawn from a random generator seeded with the quiz
seed and the card id, so a card's question does not depend on which other cards are
asked or in what order:

* limit: "SQS · Maximum message size (per message): what is the limit?", choices of the
  same unit (the nearest other values in the knowledge base, then halves and doubles; for
  a limit with no number, its own words and the largest figures of its unit);
* old-new (a limit whose older study material said otherwise): "Older study material
  says 256 KB for ...; what is it now?", with the old figure among the choices;
* term: a definition, its name blanked out: which term is it? (choices: other terms
  of the same service first);
* definition: a term: which definition is it?
* comparison: one row of a curated comparison: which subject has this value?
* scenario: a fact with its service's names masked: which service is this about?
  (choices: services that share an exam task with it, then of its category; never a
  service the fact itself names). Only facts that ``scenario_text`` accepts are asked.

A distractor never equals the answer, by display string or by value.

Free-text answers are read, and values shown, by ``quiz_amounts``; distractors come
from a ``quiz_pool.Pool``.
"""

from __future__ import annotations

import math
import random

from awsref.quiz_amounts import amount_matches, format_amount, parse_amount
from awsref.quiz_names import mask, names_any, scenario_text, service_names
from awsref.quiz_pool import ListPool, Pool, as_pool
from awsref.text import key

# Re-exported: what a caller of the quiz needs besides the questions.
__all__ = [
    "LETTERS",
    "ListPool",
    "Pool",
    "amount_matches",
    "check",
    "format_amount",
    "mask",
    "parse_amount",
    "question",
    "questions",
    "scenario_text",
    "service_names",
    "shuffled",
]

LETTERS = "abcdef"
# Answers that mean "no fixed number", accepted for a limit whose value is one of these.
UNLIMITED = frozenset({"unlimited", "no limit", "no fixed limit", "infinite", "none", "no maximum"})
UNLIMITED_FIRST = frozenset({"unlimited", "no", "infinite", "indefinite"})
DISTRACTORS = 3
DISTINCT = 0.05  # a distractor differs from the answer by more than this, relatively
SCENARIO_SHARE = 0.3  # at most this share of a quiz is scenario questions while other cards remain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    Card = dict[str, Any]
    Question = dict[str, Any]


# ---- questions -------------------------------------------------------------------------


def _question(
    card: dict[str, Any], kind: str, prompt: str, answer: str, distractors: list[str], rng: random.Random
) -> dict[str, Any]:
    choices = [answer, *distractors]
    rng.shuffle(choices)
    return {
        "card": card["id"],
        "kind": kind,
        "services": card["services"],
        "domains": card["domains"],
        "title": card["title"],
        "prompt": prompt,
        "choices": choices,
        "answer": choices.index(answer),
        "command": card["command"],
    }


def _distinct(answer: str, candidates: Iterable[str], count: int) -> list[str]:
    """Up to ``count`` candidates, none equal (as keys) to the answer or to each other."""
    seen = {key(answer) or answer}
    out = []
    for c in candidates:
        k = key(c) or c
        if k in seen:
            continue
        seen.add(k)
        out.append(c)
        if len(out) == count:
            break
    return out


def _value_distractors(
    value: float | None, unit: str, pool: Pool, rng: random.Random, count: int
) -> list[float]:
    """Other values of the same unit, the nearest first (then halves, doubles, tenfolds).

    A limit with no number ("Unlimited") gets the largest figures other limits of its unit
    have (a bucket's objects: 100,000 or unlimited?), never made-up 1, 10, 100.
    """
    shown = format_amount(value, unit)
    others = [v for v in pool.limit_values(unit) if v != value and v > 0]
    if value is None:
        largest = sorted(others, reverse=True)[: count * 3]
        rng.shuffle(largest)
        picked: dict[str, float] = {}
        for v in largest:
            picked.setdefault(format_amount(v, unit), v)
        return list(picked.values())[:count]
    if value > 0:
        others.sort(key=lambda v: (abs(math.log(v) - math.log(value)), v))
        whole = float(value).is_integer()
        synthetic = [value * 2, value / 2, value * 10, value / 10, value * 4]
        synthetic = [v for v in synthetic if not whole or float(v).is_integer()]
    else:
        synthetic = [1.0, 10.0, 100.0, 1000.0]
    near = others[: count * 2]
    rng.shuffle(near)
    out: list[float] = []
    seen = {shown}
    for v in [*near, *synthetic]:
        text = format_amount(v, unit)
        if text in seen or v <= 0 or (value is not None and math.isclose(v, value, rel_tol=DISTINCT)):
            continue
        seen.add(text)
        out.append(v)
        if len(out) == count:
            break
    return out


def limit_answer(lim: dict[str, Any]) -> str:
    """The right choice of a limit question: its value, or for a limit with no number
    ("Unlimited", "Indefinite by default...") the knowledge base's own words."""
    return format_amount(lim["value"], lim["unit"]) if lim["value"] is not None else lim["display"]


def _limit_question(card: Card, pool: Pool, rng: random.Random) -> Question:
    lim = card["entry"]
    unit, value = lim["unit"], lim["value"]
    answer = limit_answer(lim)
    old = lim.get("notes_value")
    if old and rng.random() < 0.5:
        distractors = []
        if not (value is not None and amount_matches(old, value, unit)) and key(old) != key(answer):
            distractors.append(f"Unchanged: {old}")
        distractors += [
            format_amount(v, unit)
            for v in _value_distractors(value, unit, pool, rng, DISTRACTORS + 1)
            if not amount_matches(old, v, unit)  # the old figure is offered once, as itself
        ]
        prompt = f"Older study material says {old} for {card['title']} ({lim['scope']}). What is it now?"
        q = _question(card, "old-new", prompt, answer, _distinct(answer, distractors, DISTRACTORS), rng)
    else:
        distractors = [
            format_amount(v, unit) for v in _value_distractors(value, unit, pool, rng, DISTRACTORS)
        ]
        prompt = f"{card['title']} ({lim['scope']}): what is the limit?"
        q = _question(card, "limit", prompt, answer, _distinct(answer, distractors, DISTRACTORS), rng)
    q["value"] = value
    q["unit"] = unit
    q["explanation"] = lim["display"] + (
        f". Older material: {old}. {lim.get('change') or ''}".rstrip() if old else ""
    )
    q["source"] = lim["source"]
    return q


def _names(entry: dict[str, Any]) -> list[str]:
    return [entry["term"], *entry["aliases"], entry["id"]]


def _related_terms(card: Card, pool: Pool, rng: random.Random) -> list[list[Any]]:
    """Other terms' rows: those sharing a service with ``card`` (shuffled), then the rest (shuffled)."""
    mine = set(card["services"])
    names = {key(n) for n in _names(card["entry"])}
    near: list[list[Any]] = []
    far: list[list[Any]] = []
    for row in pool.term_rows():
        tid, term, services = row
        if f"term:{tid}" == card["id"] or key(term) in names:
            continue
        (near if mine & set(services) else far).append(row)
    rng.shuffle(near)
    rng.shuffle(far)
    return near + far[: DISTRACTORS * 4]


def _term_question(card: Card, pool: Pool, rng: random.Random) -> Question:
    term = card["entry"]
    others = _related_terms(card, pool, rng)
    where = f" ({', '.join(term['service_names'])})" if term["service_names"] else ""
    if rng.random() < 0.5:
        answer = term["term"]
        prompt = f"Which term{where} is this? {mask(term['definition'], _names(term))}"
        distractors = _distinct(answer, (row[1] for row in others), DISTRACTORS)
        q = _question(card, "term", prompt, answer, distractors, rng)
        q["names"] = sorted({key(n) for n in _names(term)})
    else:
        # Whole definitions: cutting only the long ones marked the right answer with "…".
        answer = term["definition"]
        prompt = f"What is {term['term']}{where}?"
        distractors = _distinct(answer, (pool.term(row[0])["definition"] for row in others), DISTRACTORS)
        q = _question(card, "definition", prompt, answer, distractors, rng)
    q["explanation"] = f"{term['term']}: {term['definition']}"
    q["source"] = ""
    return q


def _comparison_question(card: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    comp = card["entry"]
    labels = comp["subject_labels"]
    if len({key(x) for x in labels}) != len(labels):
        return None
    options = []
    for row in comp["rows"]:
        keys = [key(v) for v in row["values"]]
        for i, v in enumerate(row["values"]):
            if keys[i] and keys.count(keys[i]) == 1:
                options.append((row["aspect"], v, i))
    if not options:
        return None
    aspect, value, i = rng.choice(options)
    prompt = f"{comp['title']}, {aspect}: which one is “{value}”?"
    others = [x for j, x in enumerate(labels) if j != i]
    q = _question(card, "comparison", prompt, labels[i], others, rng)
    row = next(r for r in comp["rows"] if r["aspect"] == aspect)
    q["explanation"] = f"{aspect}: " + "; ".join(
        f"{x}: {v}" for x, v in zip(labels, row["values"], strict=True)
    )
    q["source"] = ""
    return q


def _scenario_question(card: Card, pool: Pool, rng: random.Random) -> Question | None:
    fact = card["entry"]
    names = service_names(fact)
    masked = scenario_text(fact)
    if masked is None:
        return None
    services = pool.fact_services()
    tasks = set(fact["tasks"])
    tiers: list[list[str]] = [[], [], [], []]
    for sid, other in services.items():
        if sid == fact["service"] or names_any(fact["text"], service_names(other)):
            continue  # a service the fact names could be a right answer too
        shares, same = bool(tasks & set(other["tasks"])), other["category"] == fact["category"]
        tiers[(not shares) * 2 + (not same)].append(other["service_name"])
    candidates: list[str] = []
    for tier in tiers:
        rng.shuffle(tier)
        candidates += tier
    answer = fact["service_name"]
    distractors = _distinct(answer, candidates, DISTRACTORS)
    if len(distractors) < DISTRACTORS:
        return None
    q = _question(card, "scenario", f"Which service is this about? {masked}", answer, distractors, rng)
    q["names"] = sorted({key(n) for n in names} - {""})
    q["explanation"] = f"{answer}: {fact['text']}"
    q["source"] = fact.get("source") or ""
    return q


def question(card: Card, pool: Pool | list[Card], seed: int) -> Question | None:
    """The question for ``card`` under ``seed`` (None when the card cannot make one).

    ``pool`` is where distractors come from: a ``Pool``, or every card of the knowledge base.
    """
    pool = as_pool(pool)
    rng = random.Random(f"{seed}:{card['id']}")
    if card["kind"] == "limit":
        return _limit_question(card, pool, rng)
    if card["kind"] == "term":
        return _term_question(card, pool, rng)
    if card["kind"] == "fact":
        return _scenario_question(card, pool, rng)
    return _comparison_question(card, rng)


def questions(cards: Iterable[Card], pool: Pool | list[Card], seed: int, n: int) -> list[Question]:
    """Up to ``n`` questions, one per card, in the order of ``cards`` (read no further than needed).

    Scenario questions (fact cards) fill at most ``SCENARIO_SHARE`` of the questions so far,
    so limits, terms and comparisons keep their place and scenarios are spread through the
    quiz (the 1st, 4th, 7th... of many); fact cards beyond that share are asked only when the
    other cards run out.
    """
    pool = as_pool(pool)
    out: list[Question] = []
    held: list[Card] = []
    scenarios = 0
    for card in cards:
        if len(out) == n:
            break
        if card["kind"] == "fact" and scenarios >= math.ceil((len(out) + 1) * SCENARIO_SHARE):
            held.append(card)
            continue
        q = question(card, pool, seed)
        if q is not None:
            out.append(q)
            scenarios += q["kind"] == "scenario"
    for card in held:
        if len(out) == n:
            break
        q = question(card, pool, seed)
        if q is not None:
            out.append(q)
    return out


def shuffled(cards: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """``cards`` in a random order that depends only on ``seed`` and the card ids."""
    ordered = sorted(cards, key=lambda c: c["id"])
    random.Random(seed).shuffle(ordered)
    return ordered


def check(q: dict[str, Any], reply: str) -> bool:
    """Whether ``reply`` answers ``q``: a choice letter, the choice's text, a value or a term's name."""
    text = reply.strip()
    letter = text.lower().rstrip(").")
    if len(letter) == 1 and letter in LETTERS[: len(q["choices"])]:
        return LETTERS.index(letter) == q["answer"]
    k = key(text)
    if not k:
        return False
    answer = key(q["choices"][q["answer"]])
    if k == answer:  # the choice's text, in any case and spacing: "unlimited" is "Unlimited"
        return True
    if q["kind"] in ("limit", "old-new") and q["value"] is None:
        # "no limit" for "Unlimited": the words that say there is no fixed number
        return k in UNLIMITED and answer.split()[0] in UNLIMITED_FIRST
    if q["kind"] in ("limit", "old-new") and q["value"] is not None:
        return amount_matches(text, q["value"], q["unit"])
    return k in q.get("names", ())
