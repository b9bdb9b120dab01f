"""Ranked full-text search over the prebuilt inverted index: BM25F, or an honest nothing.

Each entry has fields (``SEARCH_FIELDS``): its name, aliases, the questions it answers,
body text and context (the services it belongs to). A query word's score in an entry is
BM25F: its counts in every field, each weighted and normalised by that field's length,
summed and saturated once, times the word's inverse document frequency. Query words are
matched as roots (throttled = throttling = throttle), exactly, by prefix, through the
knowledge base's synonym table ("temporarily share" -> presigned), as their base or as a
compound when found nowhere (simplest, multicore), and only then by fuzzy similarity
(``similarity.extract_ratio``: rapidfuzz's ratio, without its import).

On top of the sum of the words' scores:

- two query words that are adjacent in a field of the entry add a bonus (proximity);
- a service the query names is a prior, not one more word to match: its entries are
  boosted, its card more, and its name weighs less than the question's other words; what
  two named services share (their comparison) more, unless a long question names them as
  its setting without comparing them; when it names none, an entry of no service (backoff,
  CORS) is a little preferred;
- an entry's score is scaled by its coverage: the share of the query's weight (each word
  weighs its inverse document frequency) that it matches;
- question shapes: "which service ..." prefers service cards, "X vs Y" or "difference
  between" comparisons (first the one whose every subject is named; "than" only between
  two things in a typed query: not "larger than 4 KB" nor "other than"), and "use query
  instead" the comparison of what it names; one API or exception name typed as such puts
  its entry first, and its CamelCase words match too; "every 15 minutes" reads as "every
  minute" (a schedule, through the synonym table); a Region's code also reads as Region
  and us-east-1;
- a pasted scenario that names a service without asking which service wants a feature of
  it: the service's card yields first place to its own entry close behind it;
- a pasted question is read without a practice exam's frame ("(Select TWO.)", "which of the
  following options"), and its own words found nowhere (in lower case, a CamelCase value, a
  name given once in passing; never a word of the sentence that asks) are left out.

An honest nothing: when the best entry covers too little of the query's weight (and the
query does not have every word of its name, making at least half of a short query),
matches only words common to many entries while others go unmatched, or a word is found
nowhere at all (mostly a product awsref does not cover, or a name a pasted question gives
that no entry has: "Token Vault", "the trace replay setting", "the RDS Sync mode", an API
name in CamelCase: "RecallMessage") and the rest does not clearly outweigh it (unless it
is one word, no product's name, and the best entry scores twice the next or a pasted
question types it in lower case: "passport"), or the query names a service and none of the
top three entries belongs to it or mentions it ("sqs spot instance pricing"), or the best
entry is another service's (not one that watches every service: CloudTrail) and the
question's rarest word is in no entry of the named one ("lambda gpu": GPUs are EC2's),
search returns no hits (the caller says "not found"). Filler words alone never make a hit,
nor does text written to a chat assistant ("ignore all previous instructions").
"""

from __future__ import annotations

from itertools import pairwise

from awsref.search_index import QUESTION_WORDS, SearchIndex
from awsref.search_query import (
    asking_sentence,
    asks_a_number,
    camel_phrases,
    compares,
    feature_names,
    passing_name,
    pasted,
    plain_word,
    query_groups,
    title_runs,
    to_an_assistant,
    uncovered_named,
    without_frame,
)
from awsref.search_refusal import SHORT, asked, unanswered, weak
from awsref.search_tally import COMMON_IDF, KIND_WEIGHTS, NUMBER_WEIGHTS, PAIR_WEIGHT, Prune, Tally, tally
from awsref.search_unknown import scenario_literal, unknown_headers, unknown_identifier, unknown_name
from awsref.spec import DOMAINS
from awsref.text import FILLER, key, normalize, root, tokens, trivial

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from awsref.kb import KnowledgeBase

SERVICE_PRIOR = 1.2  # an entry of a service the query names (shared with others: a share of it)
BOTH_PRIOR = 1.5  # an entry of every service the query names, when it names several and compares
# them, or asks in fewer than SHORT content words (not a pasted scenario)
MENTION_PRIOR = 1.15  # an entry of another service that mentions it
GENERAL_PRIOR = 1.15  # an entry of no service, when the query names none
CARD_PRIOR = 1.5  # the card of a service the query names, on top of SERVICE_PRIOR
ASKED_PRIOR = 2.0  # an API or exception named as typed; a comparison a comparative question names
# A question that compares nothing, about one subject of a comparison (the next subject
# scores under ONE_SUBJECT of it) that scores at least SUBJECT_SHARE of the comparison and
# covers at least SUBJECT_COVER as much of the question, wants that subject first: the
# comparison goes just under it ("choose memcached ... multicore nodes" is the comparison's).
SUBJECT_SHARE, ONE_SUBJECT, SUBJECT_COVER = 0.3, 0.5, 0.5
JUDGED = 3  # entries the ranking weighs against each other, however few are shown
YIELD_WITHIN, YIELD_SHARE = 3, 0.4  # a card yields first place to its own entry this close
KIND_PRIOR = 1.4  # the kind a question's shape asks for ("which service": cards)
WIDESPREAD_IDF = 4.5  # idf under which a word is in more than about 1% of entries
INSTEAD = frozenset({"instead", "rather"})  # "use query instead": the comparison of what it names
KIND_SHAPES = (("which", "service"), ("what", "service"), ("which", "aws"), ("what", "aws"))


def widespread(kb: KnowledgeBase, word: str) -> bool:
    """Whether ``word`` (as typed) is in more than about 1% of the entries: a word of the
    domain's everyday language (attach, trace, launch), not a subject of its own (joins)."""
    index = SearchIndex(kb, fuzzy=False)
    blob = index.postings(root(word))
    return blob is not None and index.scores(blob)[1] < WIDESPREAD_IDF


def _named_services(kb: KnowledgeBase, query: str, index: SearchIndex) -> tuple[set[str], set[str]]:
    """(service ids the query names, the query's words that name them): runs of up to
    three words that are a service's name ("step functions", "api gateway", "sqs"). A
    one-word alias that is also a common word ("queue", "logs", "containers") names
    nothing: it is a word to match."""
    words = normalize(query).split()
    found: set[str] = set()
    used: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(min(3, len(words) - i), 0, -1):
            run = words[i : i + size]
            if run[0] in FILLER or run[-1] in FILLER:
                continue
            k = key(" ".join(run))
            sid = kb.service_named(k)
            if sid is None and " " in k:
                sid = kb.service_named(k.replace(" ", ""))  # "cloud watch"
            if not sid:
                continue
            if size == 1 and k not in (sid, key(kb.label(sid))) and index.word(k)[2] < COMMON_IDF:
                continue
            found.add(sid)
            used.update(run)
            i += size
            break
        else:
            i += 1
    return found, used


def _prune(
    kb: KnowledgeBase,
    index: SearchIndex,
    named: set[str],
    limit: int,
    pairs: list[dict[int, float]],
    shape: bool,
    comparing: bool,
    number: bool = False,
) -> Prune:
    """What bounds the score of an entry only common words match (``search_tally.Prune``):
    the ranking keeps 4 * ``limit`` entries before it spreads facts out; the entries this
    query's shape may raise by more than a named service's prior are special: every card for
    "which service" (KIND_PRIOR), else the named services' own (CARD_PRIOR), every comparison
    when it compares (KIND_PRIOR, ASKED_PRIOR), entries of no service when it names none
    (GENERAL_PRIOR). A comparison may also be lowered under its subjects: those of a
    comparison kept are kept (``search_tally._keep``)."""

    def special() -> set[int]:  # read only when the query has both rare and common words
        cards: dict[str, int] = kb.section("search-cards")
        out = set(cards.values()) if shape else {cards[sid] for sid in named if sid in cards}
        if comparing:
            out.update(index.comparisons())
        if not named:
            out.update(kb.section("search")["general"])
        return out

    prior = SERVICE_PRIOR * (BOTH_PRIOR if len(named) > 1 else 1.0) if named else 1.0
    prior *= max(NUMBER_WEIGHTS) if number else 1.0  # a limit left out could have been raised so much
    return Prune(4 * max(limit, 1), special, prior, pairs, index.comparisons)


def _services_prior(t: Tally, index: SearchIndex, named: set[str], service: str | None, both: bool) -> None:
    """Boost the entries of the services the query names (with ``both``, those of all of
    them more); keep only ``service``'s."""
    if service:
        t.scores = {n: s for n, s in t.scores.items() if n in index.entries_of(service)}
    scores, counts = t.scores, index.owner_counts()
    hits: dict[int, int] = {}  # how many of the named services each entry belongs to
    for sid in named:
        for n in index.entries_of(sid) & scores.keys():
            hits[n] = hits.get(n, 0) + 1
    for n, shared in hits.items():
        # An entry of the named service alone more than one it shares with others.
        scores[n] *= 1.0 + (SERVICE_PRIOR - 1.0) * shared / counts[n]
        if both and len(named) > 1 and shared == len(named):
            scores[n] *= BOTH_PRIOR  # two services named: what they share (their comparison)
    for n in t.mentions & scores.keys() - hits.keys():
        scores[n] *= MENTION_PRIOR


def _filter(t: Tally, kb: KnowledgeBase, domain: str | None, require_all: bool) -> None:
    if domain:
        bit = 1 << DOMAINS.index(domain)
        masks = kb.section("search-domains")
        t.scores = {n: s for n, s in t.scores.items() if masks[n] & bit}
    if require_all:
        t.scores = {n: s for n, s in t.scores.items() if t.matched(n) == t.wanted}


def _shape(
    t: Tally,
    kb: KnowledgeBase,
    typed: list[str],
    shape: bool,
    comparing: bool,
    named: set[str],
    index: SearchIndex,
    number: bool = False,
) -> set[int]:
    """Weigh the entries by the question's shape and by coverage; the comparisons it asks for.
    ``typed``: the query's normalised words; ``shape``: it asks "which service"; ``comparing``:
    it compares ("vs", "difference", ``search_query.compares``)."""
    scores = t.scores
    all_cards: dict[str, int] = kb.section("search-cards") if shape or named else {}
    preferred = set(all_cards.values()) if shape else set()
    asked_comparisons: set[int] = set()
    comparisons = index.comparisons()
    # A question about one thing wants it before its comparison with another; "X or Y", "vs",
    # "difference between" ask for comparisons, "use X instead" for that of the things it names.
    instead = bool(INSTEAD.intersection(typed))
    unasked = set() if comparing or instead or "or" in typed else comparisons.keys() & scores.keys()
    if comparing:
        preferred.update(comparisons)
    if comparing or instead:
        # A comparison whose every subject the question names is what it asks.
        asked_comparisons = {n for n in comparisons.keys() & scores.keys() if asked(n, t.name_hits, index, 2)}
    for sid in named:  # the named service's own card: the prior once more
        own = all_cards.get(sid)
        if own in scores:
            scores[own] *= CARD_PRIOR
    covered, total, kinds = t.covered, t.total_weight or 1.0, index.kinds()
    weights = NUMBER_WEIGHTS if number else KIND_WEIGHTS
    # Coverage and kind for every entry in one pass (a kind weight of 1.0 changes nothing),
    # then the few the question's shape prefers.
    scores = t.scores = {n: s * (covered.get(n, 0.0) / total) * weights[kinds[n]] for n, s in scores.items()}
    for n in preferred & scores.keys():
        scores[n] *= KIND_PRIOR
    for n in (asked_comparisons | t.exact_names) & scores.keys():
        scores[n] *= ASKED_PRIOR
    for n in unasked:  # a comparison ranks under the one subject asked about
        top = second = 0.0
        subject = -1
        for m in comparisons[n]:
            v = scores.get(m, 0.0)
            if v > top:
                top, second, subject = v, top, m
            else:
                second = max(second, v)
        alone = second < ONE_SUBJECT * top and covered.get(subject, 0.0) >= SUBJECT_COVER * covered[n]
        if scores[n] > top >= SUBJECT_SHARE * scores[n] and alone:
            scores[n] = top * 0.99
    return asked_comparisons


def search(
    kb: KnowledgeBase,
    query: str,
    limit: int = 10,
    *,
    service: str | None = None,
    require_all: bool = False,
    domain: str | None = None,
    fuzzy: bool = True,
) -> list[dict[str, Any]]:
    """The best ``limit`` hits for ``query``: kind, ref, title, snippet, command, score;
    none when even the best is weak.

    ``service`` keeps only entries of that service, ``domain`` only entries of that exam
    domain, ``require_all`` only entries that contain every meaningful word; without
    ``fuzzy``, a word must be in the index as typed (or a prefix of an indexed word).
    """
    # The ranking judges at least the top JUDGED (a clear lead, a card's feature close behind)
    # whatever is shown: the first hit is the same for ``limit`` 1 and 10.
    shown, limit = limit, max(limit, JUDGED)
    query = without_frame(query)
    groups = query_groups(query, kb.section("synonyms") or {})
    trivial_only = all(word in FILLER or trivial(word) for word, _ in groups) and not kb.name(key(query))
    if trivial_only or to_an_assistant(query):
        return []  # "s", "x", "42": a letter or small number names nothing (but "q": Amazon Q)
    # A product awsref does not cover ("bedrock") counts as a word found nowhere, however
    # many entries mention it in passing.
    foreign = {w for phrase in uncovered_named(kb, query) for w in phrase.split()}
    index = SearchIndex(kb, fuzzy)
    # And so does a name nothing has, capitalised ("Token Vault") or before "mode", "setting"...
    stem = bool(pasted(query))  # "the RDS Sync mode" names one; typed, "dynamodb provisioned mode"
    runs = [(run, False) for run in title_runs(query)] + [(run, stem) for run in feature_names(query)]
    for run, single in runs:
        if unknown_name(kb, index, run, single):
            foreign.update(normalize(" ".join(run)).split())
    # ... or CamelCase, an API or setting name no entry has ("RecallMessage", "SecretsSync").
    camel = camel_phrases(query)
    foreign.update(
        joined
        for joined, phrase in camel.items()
        if not scenario_literal(query, joined) and unknown_identifier(kb, index, joined, phrase)
    )
    foreign.update(unknown_headers(index, query))  # ... or a request header ("x-amz-object-ttl-days")
    named, service_words = _named_services(kb, query, index)
    # A service's name is a prior, unless the query names nothing else ("search lambda").
    prior_only = {word for word, _ in groups if word not in FILLER and set(word.split()) <= service_words}
    if not {w for w, _ in groups if w not in FILLER and w not in QUESTION_WORDS} - prior_only:
        prior_only = set()  # "should I still use clb", "shared file system for several ec2 instances"
    # API, exception and error names as typed (not a service's own name: CloudFront).
    identifiers = {w for w in camel if (kb.name(w) or [""])[0] != "service"}
    # Proximity: adjacent query words adjacent in a field of the entry.
    content = [w for w in tokens(query) if w not in FILLER]
    pairs = [index.pair(a, b) for a, b in pairwise(content)]
    # The question's shape: "which AWS service ...", or a comparison ("X or Y", "than", "instead").
    typed = normalize(query).split()
    asks_service = any(pair in KIND_SHAPES for pair in pairwise(typed))
    compared = compares(typed)
    number = asks_a_number(typed) and not pasted(query)  # a typed "how many", "max": limits first
    comparing = compared or bool(INSTEAD.intersection(typed)) or "or" in typed
    pruning = not (service or domain or require_all)
    prune = _prune(kb, index, named, limit, pairs, asks_service, comparing, number) if pruning else None
    # A pasted question's own words, found nowhere, are no evidence either way: in lower case
    # ("holiday"), a value in CamelCase ("the string PaymentDeclined") or a name given once
    # in passing ("tracks work in Jira"); never a word of the sentence that asks.
    asking = set(normalize(asking_sentence(query)).split())
    own = frozenset(
        w
        for w, _ in groups
        if w not in asking and (plain_word(query, w) or scenario_literal(query, w) or passing_name(query, w))
    )
    t = tally(groups, index, identifiers, prior_only, foreign, prune, own)
    if not t.wanted:
        return []
    # Every entry scored matches a word of the question or the service it names (``tally``).
    for pair in pairs:
        for n in pair.keys() & t.scores.keys():
            t.scores[n] += PAIR_WEIGHT * pair[n]
    if named or service:
        # Services a pasted scenario names are its setting, not a comparison it asks for.
        _services_prior(t, index, named, service, comparing or t.wanted < SHORT)
    else:  # no service named: a concept of no one service (backoff, CORS) is no guess at one
        for n in index.general & t.scores.keys():
            t.scores[n] *= GENERAL_PRIOR
    _filter(t, kb, domain, require_all)
    if not t.scores:
        return []
    asked_comparisons = _shape(t, kb, typed, asks_service, compared, named, index, number)
    # The best first, ties by entry number: two sorts in C (stable), only the head kept.
    order = sorted(sorted(t.scores), key=t.scores.__getitem__, reverse=True)[: 4 * max(limit, 1)]
    best = [(n, t.scores[n]) for n in order]
    ranked = index.diverse(best, limit)
    if weak(t, ranked, asked_comparisons, index, query):
        return []  # only a small or common part of the query matched: not clearly anything
    # A pasted "which AWS service ...?" asks for a service: the one it names is its setting.
    own_words = service_words & {word for word, _ in groups}
    if (
        not service
        and not (asks_service and t.wanted >= SHORT)
        and unanswered(kb, t, index, named, own_words, ranked[0][0], best)
    ):
        return []
    if (t.wanted >= SHORT or prior_only) and not asks_service:
        ranked = _feature_first(kb, index, named, ranked)
    return _hits(kb, ranked[:shown], t)


def _feature_first(
    kb: KnowledgeBase, index: SearchIndex, named: set[str], ranked: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """A query that names a service with more words, or a scenario set in it, and does not ask
    which service, wants a feature of it ("ecr image scanning", "run containers without
    managing ec2 instances"): the service's card first yields to the next entry of its own
    (not a comparison nor a limit) in the top YIELD_WITHIN that scores at least YIELD_SHARE of
    it: the two swap places."""
    (first, top), cards = ranked[0], kb.section("search-cards")
    sid = next((sid for sid in named if cards.get(sid) == first), None)
    if sid is None:
        return ranked
    comparisons, chunk = index.comparisons(), kb.section("search")["chunk"]
    for i, (n, s) in enumerate(ranked[1:YIELD_WITHIN], 1):
        if n in comparisons or n not in index.entries_of(sid) or s < YIELD_SHARE * top:
            continue
        if kb.section(f"search-docs/{n // chunk}")[n % chunk][0] != "limit":
            return [(n, top), *ranked[1:i], (first, s), *ranked[i + 1 :]]
    return ranked


def _hits(kb: KnowledgeBase, ranked: list[tuple[int, float]], t: Tally) -> list[dict[str, Any]]:
    top = ranked[0][1]
    chunk = kb.section("search")["chunk"]
    hits = []
    for n, s in ranked:
        kind, ref, title, snippet, command = kb.section(f"search-docs/{n // chunk}")[n % chunk]
        hits.append(
            {
                "kind": kind,
                "ref": "/".join(ref) if kind == "limit" else ref[0],
                "title": title,
                "snippet": snippet,
                "command": command,
                "score": round(100.0 * s / top, 1),
                "matched": f"{t.matched(n)}/{t.wanted}",
            }
        )
    return hits
