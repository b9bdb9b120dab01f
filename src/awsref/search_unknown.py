"""Names a question gives that awsref does not know: a feature's name in words, an API or
setting in CamelCase, an S3 request header. A question about one of them is refused, not
answered with the nearest entry that shares its words."""

from __future__ import annotations

from itertools import pairwise

from awsref.search_query import FEATURE_KINDS, PUNCTUATION, pasted
from awsref.text import camel_words, key, normalize, root

TYPE_CHECKING = False
if TYPE_CHECKING:
    from awsref.kb import KnowledgeBase
    from awsref.search_index import SearchIndex

NAMED_KINDS = FEATURE_KINDS | {"api", "operation", "call", "parameter", "flag", "method", "hook"}


def scenario_literal(query: str, joined: str) -> bool:
    """Whether a CamelCase word (``joined``, lower case) of a pasted exam question is a value
    of its scenario (the string PaymentDeclined, a package, an attribute name) rather than the
    name of a feature: no word naming a kind of feature ("mode", "API", "hook"...) follows it,
    and it does not end a run of capitalised words, a service's feature ("CloudWatch Logs
    AutoPatch")."""
    typed = pasted(query)
    found = False
    for i, word in enumerate(typed):
        parts = camel_words(word.strip(PUNCTUATION))
        if len(parts) > 1 and "".join(parts).casefold() == joined:
            after = typed[i + 1].strip(PUNCTUATION).casefold() if i + 1 < len(typed) else ""
            before = typed[i - 1] if i else ""
            if after in NAMED_KINDS or (before[:1].isupper() and before[-1:] not in ".?!:"):
                return False
            found = True
    return found


def unknown_name(kb: KnowledgeBase, index: SearchIndex, run: list[str], single: bool = False) -> bool:
    """Whether a name a question gives (``title_runs``, ``feature_names``) is one awsref does not
    know: without the services' names in it ("Amazon", "CloudWatch"), it is two words or
    more, no entry's name or alias, and no two of its words stand side by side in any entry
    ("Log Lens", "Token Vault"; not "Contributor Insights" nor "CloudFormation StackSet").
    With ``single`` (a feature's name before "mode", "setting"...), one word after a service's
    name counts too when no entry has the two side by side ("the RDS Sync mode")."""

    def service_word(word: str) -> bool:
        k = key(word)
        hit = kb.name(k) if k else None
        return not k or k in ("amazon", "aws") or (hit is not None and hit[0] == "service")

    rest = [word for word in run if not service_word(word)]
    if not rest or len(run) < 2 or kb.name(key(" ".join(run))):
        return False
    if len(rest) == 1:
        words = normalize(" ".join(run)).split()
        return single and len(words) > 1 and not any(index.pair(a, b) for a, b in pairwise(words))
    k = key(" ".join(rest))
    if not k or kb.name(k) or kb.name(k.replace(" ", "")):
        return False
    return not any(index.pair(a, b) for a, b in pairwise(normalize(" ".join(rest)).split()))


def unknown_identifier(kb: KnowledgeBase, index: SearchIndex, joined: str, phrase: str) -> bool:
    """Whether a CamelCase word (``joined``, lower case; ``phrase``, its meaningful words)
    is an API or setting name awsref does not know: whole words (of 4 letters or more: not
    DevOps nor NumPy), no entry's name or alias, no word of the index, and no two of its
    words side by side in any entry ("RecallMessage": recall, message)."""
    words = phrase.split()
    if len(words) < 2 or min(map(len, words)) < 4:
        return False
    if kb.name(joined) or index.postings(root(joined)) is not None:
        return False
    return not any(index.pair(a, b) for a, b in pairwise(words))


HEADER_PREFIXES = ("x-amz-", "x-amzn-")


def unknown_headers(index: SearchIndex, query: str) -> list[str]:
    """The words of each AWS request header the query types ("x-amz-object-ttl-days") that is
    none awsref knows: no two of its words after the prefix stand side by side in any entry
    (``x-amz-server-side-encryption-aws-kms-key-id`` is known: server side, kms key...)."""
    out: list[str] = []
    for typed in query.split():
        word = typed.strip(PUNCTUATION).casefold()
        if not word.startswith(HEADER_PREFIXES):
            continue
        words = normalize(word.partition("-amz")[2].partition("-")[2]).split()
        if len(words) >= 2 and not any(index.pair(a, b) for a, b in pairwise(words)):
            out += words
    return out
