"""Amounts in quiz questions: a free-text answer read as a quantity, a value shown as a choice.

Free-text answers to limit questions are quantities (``400 KB``, ``400kb``, ``409600``,
``15 min``), accepted within 1 %, read by ``awsref.units`` like every other quantity;
only a count's trailing word (``10 messages``) is read here.
"""

from __future__ import annotations

import functools
import math

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Pattern

TOLERANCE = 0.01  # relative: "within rounding"

_SIZE_STEPS = ("KiB", "MiB", "GiB", "TiB", "PiB")


@functools.cache
def _number() -> Pattern[str]:
    """A number and the word after it (``re`` is imported only when an answer is read)."""
    import re

    return re.compile(r"\s*(\d[\d,_]*(?:\.\d+)?|\.\d+)\s*(.*?)\s*$")


def parse_amount(text: str, unit: str) -> list[float]:
    """The readings of ``text`` as a quantity in knowledge-base ``unit``; [] if it is none.

    Sizes, durations and rates are read by ``awsref.units``, the one parser every feature
    uses (``400 KB`` -> 409,600 bytes, and the SI 400,000 as a second reading); a bare
    number is in the unit itself; counts also take a trailing word (``10 messages``, ``50%``).
    """
    from awsref import units

    try:
        quantity = units.parse(text)
    except units.UnitError:
        quantity = None
    if quantity is not None:
        if quantity.dim is None:
            return [quantity.value]
        if quantity.dim == units.dimension(unit):
            readings = [quantity.value]
            if quantity.si is not None and quantity.si != quantity.value:
                readings.append(quantity.si)
            return readings
        if unit in ("bytes", "seconds", "bytes-per-second") or unit.endswith("per-second"):
            return []
    return _counted(text, unit)


def _counted(text: str, unit: str) -> list[float]:
    """A number followed by any word that is not a size or a duration (``10 messages``)."""
    m = _number().fullmatch(text.strip().lower())
    if not m or unit in ("bytes", "seconds", "bytes-per-second"):
        return []
    word = m.group(2)
    if word:
        from awsref import units

        try:
            if units.lookup_unit(word).dim in ("size", "duration"):
                return []  # "400 KB" for a count is a wrong kind of answer, not 400
        except units.UnitError:
            pass
    return [float(m.group(1).replace(",", "").replace("_", ""))]


def amount_matches(text: str, value: float, unit: str) -> bool:
    """Whether ``text`` reads as ``value`` (in ``unit``) within rounding."""
    return any(math.isclose(x, value, rel_tol=TOLERANCE, abs_tol=1e-9) for x in parse_amount(text, unit))


def _num(value: float) -> str:
    """Three significant figures at most, thousands separated, no trailing zeros."""
    if value >= 1000 and float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:.3g}"
    if "e" in text:
        return f"{value:,.0f}"
    return text


def format_amount(value: float | None, unit: str) -> str:
    """A value as a choice shows it: ``1 MiB``, ``15 minutes``, ``3,000 requests/s``."""
    if value is None:
        return "No fixed limit"
    if unit in ("bytes", "bytes-per-second"):
        tail = "/s" if unit == "bytes-per-second" else ""
        if value < 1024:
            return f"{_num(value)} byte{'' if value == 1 else 's'}{tail}"
        step = min(int(math.log(value, 1024)), len(_SIZE_STEPS))
        return f"{_num(value / 1024**step)} {_SIZE_STEPS[step - 1]}{tail}"
    if unit == "seconds":
        for size, name in ((604800, "week"), (86400, "day"), (3600, "hour"), (60, "minute")):
            if value >= size and (value / size).is_integer():
                n = int(value / size)
                return f"{n} {name}{'' if n == 1 else 's'}"
        return f"{_num(value)} second{'' if value == 1 else 's'}"
    suffix = {
        "count": "",
        "characters": " characters",
        "percent": "%",
        "requests-per-second": " requests/s",
        "operations-per-second": " operations/s",
        "iops": " IOPS",
    }.get(unit, "")
    return _num(value) + suffix
