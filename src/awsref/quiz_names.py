"""Names in quiz text: blanked out of a definition or a fact, and found in what is left.

A scenario question is a fact with its service's names masked: ``scenario_text`` says
whether a fact can be one (it names the service, no name survives the masking, enough
words are left).
"""

from __future__ import annotations

import functools

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Pattern
    from typing import Any

SCENARIO_WORDS = 8  # a masked fact must keep at least this many words to be a question


def mask(text: str, names: list[str], shortest: int = 3) -> str:
    """``text`` with every name of ``shortest`` characters or more blanked out (longest
    first, whole words, any case)."""
    import re

    for name in sorted({n for n in names if len(n) >= shortest}, key=len, reverse=True):
        pattern = re.escape(name)
        if name[0].isalnum():
            pattern = r"(?<![\w-])" + pattern
        if name[-1].isalnum():
            pattern += r"(?![\w-])"
        text = re.sub(pattern, "…", text, flags=re.IGNORECASE)
    return text


def service_names(fact: dict[str, Any]) -> list[str]:
    """Every name of a fact card's service: name, full name, aliases and id."""
    return [fact["service_name"], fact["full_name"], *fact["aliases"], fact["service"]]


@functools.lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> Pattern[str]:
    import re

    words = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True) if n)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def names_any(text: str, names: list[str]) -> bool:
    """Whether ``text`` holds any of ``names`` as a word (``Lambda-backed`` counts)."""
    return any(names) and _names_pattern(tuple(names)).search(text) is not None


def scenario_text(fact: dict[str, Any]) -> str | None:
    """A fact card entry's text with every name of its service masked, or None when it cannot
    be asked: it does not name the service (its name, full name, id or an alias of two words
    or more: a bare "instances" is no name), a name is still readable after masking
    (``Lambda-backed``), or too few words are left."""
    names = service_names(fact)
    proper = [
        fact["service_name"],
        fact["full_name"],
        fact["service"],
        *(a for a in fact["aliases"] if " " in a),
    ]
    text = fact["text"]
    if not names_any(text, proper):
        return None
    masked = mask(text, names, shortest=2)
    if names_any(masked, names):
        return None
    words = [w for w in masked.split() if any(ch.isalnum() for ch in w)]
    return masked if len(words) >= SCENARIO_WORDS else None
