"""Rules for single values of a knowledge-base file: slugs, exam ids, dates, Service Quotas
codes, and no control or bidirectional character in any string (``schema`` applies them
field by field)."""

from __future__ import annotations

import unicodedata


def is_slug(value: str) -> bool:
    parts = value.split("-")
    return all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)


def is_exam_id(value: str) -> bool:
    """D2, D2.T1 or D2.T1.K3 / D2.T1.S3: the exam map's ids."""
    parts = value.split(".")
    prefixes = ("D", "T", "KS")
    return 0 < len(parts) <= 3 and all(
        len(p) > 1 and p[0] in prefixes[i] and p[1:].isdigit() and p[1:].isascii()
        for i, p in enumerate(parts)
    )


def is_quota_service(value: str) -> bool:
    """A Service Quotas service code: ASCII letters, digits and '-' ("lambda", "cognito-idp")."""
    return value.isascii() and all(c.isalnum() or c == "-" for c in value)


def is_date(value: str) -> bool:
    y, _, rest = value.partition("-")
    m, _, d = rest.partition("-")
    return (
        len(value) == 10 and all(x.isdigit() for x in (y, m, d)) and 1 <= int(m) <= 12 and 1 <= int(d) <= 31
    )


# No string of a notes file may hold a control character (C0, DEL, C1: ESC, BEL, CR, a
# newline...) or a bidirectional control, which reorders what a terminal shows: labels are
# shown on one line and offered to shells by completion, and prose reaches terminals,
# spreadsheets and Anki. Renderers escape them anyway (``text.printable``).
PROSE = frozenset(
    {"text", "summary", "definition", "choose", "notes_said", "notes_value", "change", "values", "questions"}
)
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def control(value: str) -> str | None:
    """The first control or bidirectional character of ``value``, or None."""
    if value.isprintable():  # bidirectional controls are not printable either
        return None
    for ch in value:
        if ch in BIDI or unicodedata.category(ch) == "Cc":
            return ch
    return None


def check_controls(name: str, value: object, path: str, problems: list[str]) -> None:
    kind = "text" if name in PROSE else "a label"
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        if isinstance(item, str):
            ch = control(item)
            if ch is not None:
                where = f"{path}[{i}]" if isinstance(value, list) else path
                problems.append(f"{where}: control character U+{ord(ch):04X} is not allowed in {kind}")
