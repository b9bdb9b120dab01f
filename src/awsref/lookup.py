"""The lookups: arguments in, an ``Answer`` out. Pure: no printing, no argv.

Every path into awsref (the Typer app and the fast path of ``entry``) calls these same
functions, so output can never depend on the path a command took. Each command looks
at every kind of entry (a user does not know whether awsref files a thing as a service,
a term, a limit or a comparison) and answers in its own shape, saying what it did.

The engines live by job: ``limits`` (limit), ``compare``, ``names`` (honest resolution),
``shape`` (answer data); this module is every command's entry point.
"""

from __future__ import annotations

from awsref.answer import Answer, Resolution
from awsref.errors import NotFound, UsageError
from awsref.kb import KnowledgeBase
from awsref.limits import limit, named_limit, quota_limits
from awsref.names import (
    exact_entity,
    not_found,
    query_text,
    resolve_any,
    resolve_honestly,
    services_named,
    suggestions,
)
from awsref.shape import answer_for, curated, entry_ref, limit_data, ref_hint
from awsref.spec import CARD_SECTIONS, DOMAINS, LIST_KINDS
from awsref.text import (
    FILLER,
    HOW_MUCH,
    NUMBER_WORDS,
    is_quota_code,
    key,
    normalize,
    printable,
    root,
    stem,
    tokens,
    trivial,
)

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any


# Re-exported: other modules reach these through ``lookup`` (commands, calc, cards, study).
__all__ = ["LIST_KINDS", "limit_data", "quota_limits", "services_named"]


def compare(kb: KnowledgeBase, subjects: list[str]) -> Answer:
    """``awsref compare A B [C...]`` (the engine, ``compare.compare``, loads only when asked)."""
    from awsref.compare import compare as run_compare

    return run_compare(kb, subjects)


ASK_COMMANDS = {"service": "show", "term": "define", "limit": "limit", "comparison": "compare"}


def define(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref define TERM...``: a glossary entry (or whatever else the words name)."""
    return _entry_lookup(kb, "define", words, ("term", "service", "comparison", "limit"), "term")


def show(kb: KnowledgeBase, words: list[str], section: str | None = None) -> Answer:
    """``awsref show SERVICE [--section S]``: the service card, or one part of it.

    Words that name another kind of entry get that entry, and say so.
    """
    answer = _entry_lookup(kb, "show", words, ("service", "term", "comparison", "limit"), "service")
    if section is not None and answer.kind == "service":
        if section not in CARD_SECTIONS:
            raise UsageError(f"unknown section {printable(section)!r}; one of {', '.join(CARD_SECTIONS)}")
        d = answer.data
        keep = ("id", "name", "full_name", "category", "domains", "origin")
        answer.data = {k: d[k] for k in keep if k in d} | {"section": section, section: d[section]}
    return answer


def _entry_lookup(
    kb: KnowledgeBase, command: str, words: list[str], kinds: tuple[str, ...], what: str
) -> Answer:
    query = query_text(words)
    res = resolve_any(kb, query, kinds)
    if res is not None and res.quality != "exact" and all(trivial(w) for w in normalize(query).split()):
        res = None  # "show x" is not X-Ray
    if res is None and command == "define":
        facts = _facts_naming(kb, query)
        if facts is not None:  # "define edge-optimized endpoint": no entry, but facts say what it is
            facts.notes = [f"no entry is named {printable(query)!r}; facts that name it (not a {what})"]
            return facts
    if res is None:
        refs = suggestions(kb, query, kinds)
        raise not_found(kb, f"no {what} or other entry matches {printable(query)!r}", refs, query)
    if res.tied:  # "define trigger": a dozen names have the word; the first in data order is no answer
        refs = [entry_ref(kb, k, r) for k, r in [(res.kind, res.ref), *res.alternatives]]
        raise not_found(kb, f"{printable(query)!r} fits several entries equally; name one", refs, query)
    return answer_for(kb, command, query, res, [])


def ask(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref QUERY...``: answer as the best command would (card, limit, term, comparison, search)."""
    query = query_text(words)
    lowered = [w.casefold() for w in words]
    named = exact_entity(kb, query)
    if named is None and all(w in FILLER or trivial(w) for w in normalize(query).split()):
        raise not_found(kb, f"awsref knows nothing named {printable(query)!r}", [], query)  # "x", "42"
    if named is not None and named.kind != "comparison" and {"vs", "versus"} & set(key(query).split()):
        return answer_for(kb, ASK_COMMANDS[named.kind], query, named, [])  # "aws toolkit for vs code"
    if any(w in ("vs", "versus") for w in lowered):
        return compare(kb, words)
    if any(is_quota_code(w.upper()) for w in words):  # "awsref L-B99A9384": that limit
        return limit(kb, words)
    if "between" in lowered[1:-1] and {"difference", "differences"} & set(lowered):
        # "difference between sqs and sns", "what's the difference between X and Y"
        return compare(kb, words[lowered.index("between") + 1 :])
    if "or" in lowered[1:-1]:
        try:  # "sqs or sns", "user pool or identity pool": a choice between two entries
            return compare(kb, words)
        except (NotFound, UsageError):
            pass
    res = (
        named
        or _named_limit(kb, query)
        or resolve_honestly(kb, query, ("service", "term", "limit", "comparison"), short_ok=True)
    )
    if (res is None or res.kind in ("service", "term")) and _asks_for_a_number(kb, query, res):
        # "max lambda layers", "how many gsi per table": the limit, not the glossary entry.
        number = resolve_honestly(kb, query, ("limit",), short_ok=True)
        if number is not None and number.quality != "ambiguous":
            res = number
    if res is not None and res.tied:
        res = None  # "awsref trigger": the entries that have the word, not the first of them
    meant = _command_typo(kb, words[0])
    if res is not None:
        notes = (
            [f"{printable(words[0])!r} is not a command (did you mean {meant}?); read as a query"]
            if meant
            else []
        )
        return answer_for(kb, ASK_COMMANDS[res.kind], query, res, notes)
    if meant:
        rest = " ".join(words[1:])
        raise UsageError(
            f"unknown command {printable(words[0])!r}; did you mean: awsref {meant} {printable(rest)}"
        )
    from awsref.search import search as run_search

    hits = run_search(kb, query, 10, require_all=True, fuzzy=False)
    if not hits:
        refs = suggestions(kb, query, ("service", "term"))
        raise not_found(kb, f"awsref knows nothing named {printable(query)!r}", refs, query)
    notes = [f"no entry is named {printable(query)!r}: entries that contain every word"]
    return Answer("search", query, "hits", {"hits": hits}, "fuzzy", notes=notes)


def _named_limit(kb: KnowledgeBase, query: str) -> Resolution | None:
    """The limit a query names as ``limit`` would read it (``limits.named_limit``: "iam
    roles per account", "cognito groups-per-user-pool"). Not when those words also name a
    service or term, singular or plural ("cognito identity pools" asks what an identity
    pool is)."""
    named = named_limit(kb, query.split())
    if named is None:
        return None
    sid, lim, rest = named
    k = key(rest)
    one = " ".join(w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in k.split())
    if any(kb.name(n) for n in (key(query), k, k.replace(" ", ""), one) if n):
        return None
    return Resolution("limit", f"{sid}/{lim['id']}", "exact", 2.0, [], [])


# The bare-query router reads a few more words as asking for a number than search does.
QUANTITY = NUMBER_WORDS | frozenset("default limit limits quota quotas most least".split())


def _asks_for_a_number(kb: KnowledgeBase, query: str, res: Resolution | None) -> bool:
    """Whether the query asks how much, how many or how long ("lambda layers max", "how many
    gsi per table") about at least two words of its own. Not when the quantity word is part
    of the name matched ("max receive count") or names one thing only ("default vpc")."""
    from itertools import pairwise  # built in: costs nothing

    words = normalize(query).split()
    asks = any(w in QUANTITY for w in words) or any(a == "how" and b in HOW_MUCH for a, b in pairwise(words))
    if not asks or len([w for w in words if w not in FILLER]) < 2:
        return False
    if res is None:
        return True
    entry = kb.term(res.ref) if res.kind == "term" else kb.service(res.ref)
    names = [entry.get("term") or entry.get("name") or "", *entry.get("aliases", [])] if entry else []
    asked = {w for w in words if w in QUANTITY} | {"maximum" for w in words if w == "max"}
    return not any(w in asked for n in names for w in normalize(n).split())


def _command_typo(kb: KnowledgeBase, word: str) -> str | None:
    """The command ``word`` is one slip from ("limt", "defien"), unless the word is awsref's own."""
    from awsref.spec_commands import COMMANDS

    w = normalize(word)
    if len(w) < 4 or w in COMMANDS or kb.name(w) or kb.lexicon().known(stem(w)):
        return None
    from awsref.typos import correct

    return correct(w, sorted(COMMANDS), short_ok=True)


def _facts_naming(kb: KnowledgeBase, text: str) -> Answer | None:
    """Facts that name ``text``, a phrase of two words or more, word for word in a row
    ("edge-optimized endpoint"): what awsref knows of a thing without an entry of its own."""
    from awsref.search import search as run_search

    words = [w for w in tokens(text) if w not in FILLER]
    lex = kb.lexicon()
    # Mostly words awsref's own names use: a part of something it knows, not another product.
    if len(words) < 2 or 2 * sum(lex.known(stem(w)) for w in words) < len(words):
        return None
    phrase = [root(w) for w in words]
    hits = []
    for h in run_search(kb, text, 10, require_all=True):
        said = [root(w) for w in tokens(h["snippet"])]
        if h["kind"] == "fact" and _in_order(phrase, said, len(phrase) + 1):
            hits.append(h)
    return Answer("define", text, "hits", {"hits": hits[:5]}, "fuzzy") if hits else None


def _in_order(phrase: list[str], words: list[str], window: int) -> bool:
    """Whether ``phrase`` occurs in ``words`` in its order, within ``window`` words."""
    for i, w in enumerate(words):
        if w == phrase[0]:
            rest = iter(words[i + 1 : i + window])
            if all(p in rest for p in phrase[1:]):
                return True
    return False


def check_domain(domain: str | None) -> str | None:
    if domain is None:
        return None
    if domain not in DOMAINS:
        raise UsageError(f"unknown exam domain {printable(domain)!r}; one of {', '.join(DOMAINS)}")
    return domain


def search(kb: KnowledgeBase, words: list[str], limit: int = 10, domain: str | None = None) -> Answer:
    """``awsref search QUERY... [--domain D]``: ranked hits across everything."""
    from awsref.search import search as run_search
    from awsref.search import uncovered_named
    from awsref.search_query import to_an_assistant

    query = query_text(words)
    hits = run_search(kb, query, limit, domain=check_domain(domain))
    if not hits:
        where = f" in the {domain} domain" if domain else ""
        # Text written to a chat assistant looks like no entry: no "did you mean".
        refs = [] if to_an_assistant(query) else suggestions(kb, query, ("service", "term", "comparison"))
        hints = [ref_hint(r) for r in refs] or ["try fewer or other words"]
        products = sorted(set(uncovered_named(kb, query).values()))
        if products:
            where += f": awsref does not cover {' or '.join(products)}"
        raise NotFound(f"nothing clearly matches {printable(query)!r}{where}", hints=hints)
    return Answer("search", query, "hits", {"hits": hits})


def listing(
    kb: KnowledgeBase,
    kind: str,
    domain: str | None = None,
    words: Sequence[str] = (),
    adjustable: bool = False,
) -> Answer:
    """``awsref list [services|limits|quotas|terms|comparisons] [SERVICE...] [--domain D]
    [--adjustable]``: ``quotas`` lists every limit with a Service Quotas code, or every
    limit of the services named (a code where it has one); ``--adjustable`` keeps the
    limits AWS raises on request."""
    if kind not in LIST_KINDS:
        raise UsageError(f"unknown list {printable(kind)!r}; one of {', '.join(LIST_KINDS)}")
    if words and kind != "quotas":
        raise UsageError(f"list {kind} takes no more words (got {printable(' '.join(words))!r})")
    if adjustable and kind not in ("limits", "quotas"):
        raise UsageError("--adjustable goes with list limits or list quotas")
    domain = check_domain(domain)
    if kind == "services":
        items: list[dict[str, Any]] = [
            {"id": i, "name": n, "full_name": f, "category": c, "limits": k, "domains": d}
            for i, n, f, c, k, d in kb.services
        ]
    elif kind == "terms":
        items = [{"id": i, "term": t, "services": s, "domains": d} for i, t, s, d in kb.terms]
    elif kind == "comparisons":
        items = [{"id": i, "title": t, "subjects": s, "domains": d} for i, t, s, d in kb.comparisons]
    named = services_named(kb, list(words)) if words else []
    if kind in ("limits", "quotas"):
        items = _listed_limits(kb, kind, named)
    if domain:
        items = [i for i in items if domain in i.get("domains", ())]
    if adjustable:
        items = [i for i in items if i["adjustable"]]
    data: dict[str, Any] = {"list": kind, "items": items}
    if domain:
        data["domain"] = domain
    if named:
        data["services"] = named
    if adjustable:
        data["adjustable"] = True
    return Answer("list", " ".join([kind, *words]), "list", data)


def _listed_limits(kb: KnowledgeBase, kind: str, named: list[str]) -> list[dict[str, Any]]:
    """Every curated limit (``limits``); the limits with a quota code, or every limit and
    catalogue quota of the ``named`` services (``quotas``)."""
    items: list[dict[str, Any]] = []
    for sid in named or [s[0] for s in kb.services]:
        service = kb.service(sid)
        assert service is not None
        if kind == "limits":  # the curated ones: the catalogue's are quotas
            items.extend(limit_data(service, lim) for lim in curated(service["limits"]))
        else:
            items.extend(
                limit_data(service, lim) for lim in service["limits"] if named or lim.get("quota_code")
            )
    return items


def stats(kb: KnowledgeBase) -> Answer:
    """``awsref stats``: counts of services, limits, facts, terms and comparisons."""
    return Answer("stats", "", "stats", kb.section("stats"))
