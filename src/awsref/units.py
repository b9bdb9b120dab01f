"""Quantities: parse what a user types, convert between units, format for display.

One small table of units, stdlib only and no ``re``: importing this module costs well
under a millisecond (pint costs about 90 ms to import and 115 ms more to build its
registry), and plain lookups never import it at all.

Dimensions, and the knowledge-base units (``schema.UNITS``) that belong to each:

    size        bytes                   duration    seconds
    count       count                   characters  characters
    percent     percent                 throughput  bytes-per-second
    rate        requests-per-second, operations-per-second, iops

Conventions (documented in the README):

* ``KB``, ``MB``, ``GB``, ``TB`` and ``PB``, in any case, are read as binary
  (1 KB = 1,024 bytes): that is how AWS's limit pages use them and how the knowledge
  base stores them. The SI reading (1 KB = 1,000 bytes) is kept alongside, as ``si``,
  so that a check can say when it would change the outcome. ``KiB``, ``MiB``... are
  binary and never ambiguous; plain bytes are exact.
* Bits are SI, as in networking: ``Mbps`` and ``Mbit/s`` mean 1,000,000 bits per
  second. ``MBps`` (capital B) means megabytes per second.
* A number without a unit is read in the unit of whatever it is compared with (bytes
  for a size limit, seconds for a duration, per second for a rate).
* Durations may be combined: ``1h30m``, ``1 h 30 min``, ``2 hours 15 minutes``.
"""

from __future__ import annotations

import math

KB_DIMENSIONS = {
    "bytes": "size",
    "seconds": "duration",
    "count": "count",
    "characters": "characters",
    "percent": "percent",
    "requests-per-second": "rate",
    "operations-per-second": "rate",
    "iops": "rate",
    "bytes-per-second": "throughput",
}
DIMENSION_NAMES = {
    "size": "a size",
    "duration": "a duration",
    "count": "a count",
    "characters": "a number of characters",
    "percent": "a percentage",
    "rate": "a rate (per second)",
    "throughput": "a data rate (bytes per second)",
}


class UnitError(ValueError):
    """Text that is not a quantity, or a quantity of the wrong dimension."""


class Unit:
    """One spelling's meaning: dimension, bytes/seconds/... per unit, and its symbol.

    ``si`` is the factor under the SI reading when the spelling is ambiguous (KB, MB...).
    """

    __slots__ = ("dim", "factor", "si", "symbol")

    def __init__(self, dim: str, factor: float, symbol: str, si: float | None = None) -> None:
        self.dim = dim
        self.factor = factor
        self.symbol = symbol
        self.si = si

    def __repr__(self) -> str:
        return f"Unit({self.dim!r}, {self.factor!r}, {self.symbol!r}, si={self.si!r})"


def _table() -> dict[str, Unit]:
    t: dict[str, Unit] = {}

    def add(names: str, unit: Unit) -> None:
        for name in names.split():
            t[name] = unit

    add("b byte bytes", Unit("size", 1, "bytes"))
    for power, (iec, dec, word) in enumerate(
        [
            ("kib", "kb", "kilo"),
            ("mib", "mb", "mega"),
            ("gib", "gb", "giga"),
            ("tib", "tb", "tera"),
            ("pib", "pb", "peta"),
        ],
        start=1,
    ):
        add(f"{iec} {word[:2]}bibyte {word[:2]}bibytes", Unit("size", 1024**power, iec[0].upper() + "iB"))
        add(f"{dec} {word}byte {word}bytes", Unit("size", 1024**power, dec.upper(), si=1000**power))
        bits = f"{dec[0]}bit {dec[0]}bits {word}bit {word}bits"
        add(bits, Unit("size", 1000**power / 8, dec[0].upper() + "bit"))
    add("bit bits", Unit("size", 1 / 8, "bits"))
    add("ms msec msecs millisecond milliseconds", Unit("duration", 0.001, "ms"))
    add("s sec secs second seconds", Unit("duration", 1, "s"))
    add("m min mins minute minutes", Unit("duration", 60, "min"))
    add("h hr hrs hour hours", Unit("duration", 3600, "h"))
    add("d day days", Unit("duration", 86400, "days"))
    add("w wk week weeks", Unit("duration", 604800, "weeks"))
    add(
        "item items message messages msg msgs request requests req reqs record records call calls "
        "op ops operation operations event events invocation invocations read reads write writes "
        "transaction transactions execution executions unit units",
        Unit("count", 1, ""),
    )
    add("char chars character characters", Unit("characters", 1, "characters"))
    add("% percent pct", Unit("percent", 1, "%"))
    add("rps tps qps iops", Unit("rate", 1, "/s"))
    add("bps", Unit("throughput", 1 / 8, "bit/s"))
    for power, prefix in enumerate("kmgt", start=1):
        add(f"{prefix}bps", Unit("throughput", 1000**power / 8, prefix.upper() + "bit/s"))
    return t


UNITS = _table()
_RATE_OF = {"size": "throughput", "count": "rate", None: "rate"}


class Quantity:
    """A parsed value in base units (bytes, seconds, count, characters, %, per second).

    ``dim`` is None for a bare number, whose unit comes from context (``in_dimension``).
    ``si`` is the value under the SI reading of KB/MB/GB..., when that differs.
    """

    __slots__ = ("dim", "si", "text", "value")

    def __init__(self, value: float, dim: str | None, text: str, si: float | None = None) -> None:
        self.value = value
        self.dim = dim
        self.text = text
        self.si = si

    def __repr__(self) -> str:
        return f"Quantity({self.value!r}, {self.dim!r}, {self.text!r}, si={self.si!r})"

    def in_dimension(self, dim: str, what: str = "") -> Quantity:
        """This quantity as ``dim`` (a bare number takes it); UnitError on a mismatch."""
        if self.dim is None or self.dim == dim:
            return Quantity(self.value, dim, self.text, self.si)
        target = f"{what} needs {DIMENSION_NAMES[dim]}" if what else f"{DIMENSION_NAMES[dim]} was expected"
        raise UnitError(f"{self.text!r} is {DIMENSION_NAMES[self.dim]}, but {target}")


# ---- parsing -------------------------------------------------------------------------


def _number(text: str, i: int) -> tuple[float, int]:
    """The number starting at ``text[i]`` and the index after it."""
    start = i
    n = len(text)
    while i < n and (text[i].isdigit() or text[i] in ",._"):
        i += 1
    if i < n and text[i] in "eE" and i + 1 < n and (text[i + 1].isdigit() or text[i + 1] in "+-"):
        j = i + 2 if text[i + 1] in "+-" else i + 1
        if j < n and text[j].isdigit():
            i = j
            while i < n and text[i].isdigit():
                i += 1
    raw = text[start:i]
    if not raw or not any(c.isdigit() for c in raw):
        raise UnitError(f"expected a number in {text!r}")
    if "," in raw:
        whole, _, frac = raw.partition(".")
        groups = whole.split(",")
        if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            raise UnitError(
                f"{raw!r} is not a number (use '.' for decimals: 1.5, and ',' only for thousands)"
            )
        raw = "".join(groups) + ("." + frac if "." in raw else "")
    if raw.startswith("_") or raw.endswith("_") or "__" in raw:
        raise UnitError(f"{raw!r} is not a number")
    try:
        value = float(raw)
    except ValueError:
        raise UnitError(f"{raw!r} is not a number") from None
    if not math.isfinite(value):
        raise UnitError(f"{raw!r} is too large")
    return value, i


def _unit_word(text: str, i: int) -> tuple[str, int]:
    start = i
    while i < len(text) and (text[i].isalpha() or text[i] == "%"):
        i += 1
        if text[i - 1] == "%":
            break
    return text[start:i], i


def lookup_unit(word: str) -> Unit:
    """The unit a word names (case-insensitive, except ``Bps`` = bytes per second)."""
    if word.endswith("Bps") and len(word) > 3:
        size = UNITS.get(word[:-2].lower())
        if size is not None and size.dim == "size":
            return Unit("throughput", size.factor, size.symbol + "/s", size.si)
    unit = UNITS.get(word.lower())
    if unit is None:
        raise UnitError(f"unknown unit {word!r}")
    return unit


def _terms(text: str) -> list[tuple[float, Unit | None]]:
    """``1h 30m`` -> [(1, h), (30, min)]; a bare number -> [(n, None)]."""
    terms: list[tuple[float, Unit | None]] = []
    i = 0
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        if text[i] in "+-" and i + 1 < n and (text[i + 1].isdigit() or text[i + 1] == "."):
            if text[i] == "-":
                raise UnitError(f"{text!r}: a quantity cannot be negative")
            i += 1
        number, i = _number(text, i)
        while i < n and text[i].isspace():
            i += 1
        word, i = _unit_word(text, i)
        if not word and i < n and not text[i].isspace():
            raise UnitError(f"unexpected {text[i]!r} in {text!r}")
        terms.append((number, lookup_unit(word) if word else None))
    if not terms:
        raise UnitError("the value is empty")
    return terms


def _split_rate(text: str) -> tuple[str, str] | None:
    if "/" in text:
        left, _, right = text.partition("/")
        return left, right
    lowered = text.lower()
    for sep in (" per ", "per "):
        at = lowered.find(sep)
        if at >= 0 and (sep[0] == " " or at == 0):
            return text[:at], text[at + len(sep) :]
    return None


def _single(text: str) -> tuple[float, float | None, str | None]:
    """value, SI value (None when unambiguous), dimension (None: a bare number)."""
    terms = _terms(text)
    if len(terms) == 1:
        number, unit = terms[0]
        if unit is None:
            return number, None, None
        si = number * unit.si if unit.si is not None else None
        return number * unit.factor, si, unit.dim
    parts = [(number, unit) for number, unit in terms if unit is not None and unit.dim == "duration"]
    if len(parts) != len(terms):
        raise UnitError(f"{text!r}: only durations can be written in parts (1h30m)")
    return sum(number * unit.factor for number, unit in parts), None, "duration"


def parse(text: str) -> Quantity:
    """Parse a quantity: ``300KB``, ``2 GiB``, ``1h30m``, ``5000/s``, ``3 MB/s``, ``100 per second``."""
    if not isinstance(text, str) or not text.strip():
        raise UnitError("the value is empty")
    original = text
    text = text.strip()
    rate = _split_rate(text)
    if rate is None:
        value, si, dim = _single(text)
        return Quantity(value, dim, original, si)
    left, right = rate
    if "/" in right or not right.strip():
        raise UnitError(f"{original!r} is not a rate (write 5000/s or 3 MB/s)")
    left = left.strip() or "1"
    value, si, dim = _single(left)
    right = right.strip()
    per, _, per_dim = _single(right if right[0].isdigit() or right[0] == "." else "1 " + right)
    if per_dim != "duration":
        raise UnitError(f"{original!r}: a rate must be per unit of time (/s, /min, per second)")
    if per == 0:
        raise UnitError(f"{original!r}: a rate cannot be per zero time")
    if dim not in _RATE_OF:
        raise UnitError(f"{original!r}: only a count or a size can be per second")
    return Quantity(value / per, _RATE_OF[dim], original, None if si is None else si / per)


def parse_unit(text: str) -> Unit:
    """The unit named by ``--in``: ``minutes``, ``KiB``, ``MB``, ``MB/s``, ``per minute``..."""
    if not isinstance(text, str) or not text.strip():
        raise UnitError("the unit is empty")
    word = text.strip()
    if word[0].isdigit() or word[0] == ".":
        raise UnitError(f"{text!r}: give a unit without a number (minutes, KiB, MB/s)")
    rate = _split_rate(word)
    if rate is None:
        if " " in word:
            raise UnitError(f"{text!r}: give one unit (minutes, KiB, MB/s)")
        return lookup_unit(word)
    left, right = (part.strip() for part in rate)
    base = lookup_unit(left) if left else None
    if base is not None and base.dim not in ("size", "count"):
        raise UnitError(f"{text!r}: only a count or a size can be per unit of time")
    per = lookup_unit(right) if right and " " not in right else None
    if per is None or per.dim != "duration":
        raise UnitError(f"{text!r}: a rate must be per unit of time (/s, /min, per hour)")
    per_symbol = per.symbol.rstrip("s") if per.symbol in ("days", "weeks") else per.symbol
    if base is None or base.dim == "count":
        return Unit("rate", 1 / per.factor, f"/{per_symbol}")
    si = None if base.si is None else base.si / per.factor
    return Unit("throughput", base.factor / per.factor, f"{base.symbol}/{per_symbol}", si)


def dimension(kb_unit: str) -> str:
    """The dimension of a knowledge-base unit (``bytes`` -> ``size``)."""
    return KB_DIMENSIONS[kb_unit]


# ---- formatting ----------------------------------------------------------------------


def number(value: float, decimals: int = 3) -> str:
    """``1048576`` -> ``1,048,576``; ``0.29296875`` -> ``0.293``; never ``1e+06``."""
    if value is None:
        return ""
    if decimals == 0 or abs(value - round(value)) < 1e-9 * max(1.0, abs(value)):
        return f"{round(value):,}"
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        return f"{value:.{decimals}g}"
    return text


def ceil(value: float) -> int:
    """Round up, ignoring float noise (3.0000000000000004 -> 3)."""
    return math.ceil(round(value, 9))


_SIZE_STEPS = [(1024**p, s) for p, s in ((5, "PiB"), (4, "TiB"), (3, "GiB"), (2, "MiB"), (1, "KiB"))]
_DURATION_STEPS = [(86400, "days"), (3600, "h"), (60, "min"), (1, "s")]


def _size(value: float) -> str:
    for factor, symbol in _SIZE_STEPS:
        if value >= factor:
            return f"{number(value / factor)} {symbol}"
    return f"{number(value)} byte" + ("" if value == 1 else "s")


def _duration(value: float) -> str:
    if value < 1 and value != 0:
        return f"{number(value * 1000)} ms"
    if abs(value - round(value)) > 1e-9:
        return f"{number(value)} s"
    rest = round(value)
    parts = []
    for factor, symbol in _DURATION_STEPS:
        if rest >= factor:
            count, rest = divmod(rest, factor)
            parts.append(f"{count:,} {'day' if symbol == 'days' and count == 1 else symbol}")
    return " ".join(parts) or "0 s"


def format_value(value: float, dim: str) -> str:
    """A value in base units as a person would write it: ``1 MiB``, ``1 h 30 min``, ``5,000/s``."""
    if dim == "size":
        return _size(value)
    if dim == "duration":
        return _duration(value)
    if dim == "characters":
        return f"{number(value)} character" + ("" if value == 1 else "s")
    if dim == "percent":
        return f"{number(value)}%"
    if dim == "rate":
        return f"{number(value)}/s"
    if dim == "throughput":
        return _size(value) + "/s"
    return number(value)


def format_exact(value: float, dim: str) -> str:
    """``format_value`` plus the exact base figure when it differs: ``300 KiB (307,200 bytes)``."""
    shown = format_value(value, dim)
    if dim in ("size", "throughput") and value >= 1024:
        exact = number(value, 0)
        approx = "" if exact == number(value) else "about "
        return f"{shown} ({approx}{exact} bytes{'/s' if dim == 'throughput' else ''})"
    if dim == "duration" and value >= 60:
        return f"{shown} ({number(value)} s)"
    return shown


def format_in(value: float, unit: Unit) -> str:
    """A base value in ``unit``: ``format_in(900, minutes)`` -> ``15 min``."""
    shown = number(value / unit.factor)
    symbol = unit.symbol
    if not symbol:
        return shown
    if symbol.startswith("/") or symbol == "%":
        return shown + symbol
    return f"{shown} {symbol}"
