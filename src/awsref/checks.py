"""``limit ... --check VALUE`` and ``--in UNIT``: post-process a limit ``Answer``.

``lookup.limit`` finds the limit; this module adds a ``check`` and/or ``conversion``
object to its data (shown by every renderer) and decides the exit code: 0 when the
value fits, 1 when it does not. A value of the wrong dimension, a unit that does not
fit the limit, or a limit without a number is a usage error (exit 2).
"""

from __future__ import annotations

from awsref import units
from awsref.answer import Answer
from awsref.errors import EXIT_NOT_FOUND, EXIT_OK, UsageError
from awsref.text import printable

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from typing import Any


def _name(lim: dict[str, Any]) -> str:
    return f"{lim['service_name']} {lim['id']}"


def _require_one(answer: Answer, option: str) -> dict[str, Any]:
    if answer.kind != "limit":
        service = answer.data.get("service", "SERVICE")
        raise UsageError(f"{option} needs one limit; name it too: awsref limit {service} LIMIT {option} ...")
    return answer.data


def _dimension(lim: dict[str, Any], option: str) -> str:
    if lim["value"] is None and lim.get("min") is None:
        raise UsageError(
            f"{_name(lim)} has no number to {'check against' if option == '--check' else 'convert'} "
            f"({printable(lim['display'])})"
        )
    return units.dimension(lim["unit"])


def apply(answer: Answer, check: str | None, in_unit: str | None) -> int:
    """Add ``conversion`` and ``check`` to ``answer.data``; returns the exit code."""
    code = EXIT_OK
    if in_unit is not None:
        lim = _require_one(answer, "--in")
        answer.data["conversion"] = convert(lim, in_unit)
    if check is not None:
        lim = _require_one(answer, "--check")
        result = check_value(lim, check)
        answer.data["check"] = result
        answer.notes.extend(result.pop("notes"))
        if not result["fits"]:
            code = EXIT_NOT_FOUND
    return code


def convert(lim: dict[str, Any], text: str) -> dict[str, Any]:
    """The limit's value, minimum and default in the unit ``text`` names."""
    dim = _dimension(lim, "--in")
    try:
        unit = units.parse_unit(text)
    except units.UnitError as e:
        raise UsageError(f"--in: {e}") from None
    if unit.dim != dim:
        raise UsageError(
            f"--in {printable(text)!r} is {units.DIMENSION_NAMES[unit.dim]}, but {_name(lim)} is "
            f"{units.DIMENSION_NAMES[dim]} ({lim['unit']})"
        )
    out: dict[str, Any] = {"unit": unit.symbol or "count", "given": text}
    parts = []
    for field in ("value", "min", "default"):
        base = lim.get(field)
        out[field] = None if base is None else round(base / unit.factor, 9)
        if base is not None:
            # A figure below 1 in the unit asked for ("minimum 0.017 min") reads better in its
            # own unit ("minimum 1 s"); the number in ``out`` stays the exact conversion.
            small = 0 < base / unit.factor < 1 and field != "value"
            shown = units.format_value(base, dim) if small else units.format_in(base, unit)
            parts.append(
                shown if field == "value" else f"{'minimum' if field == 'min' else 'default'} {shown}"
            )
    out["display"] = "; ".join(parts)
    if unit.si is not None:
        si = units.Unit(unit.dim, unit.si, unit.symbol)
        out["si_display"] = units.format_in(lim["value"] if lim["value"] is not None else lim["min"], si)
        out["display"] += f" (binary {unit.symbol}; {out['si_display']} in SI units)"
    return out


def _verdict(value: float, lim: dict[str, Any]) -> dict[str, Any]:
    """Fits or not, and by how much, against the limit's minimum and maximum."""
    dim = units.dimension(lim["unit"])
    top, bottom = lim["value"], lim.get("min")
    fits = (top is None or value <= top) and (bottom is None or value >= bottom)
    out: dict[str, Any] = {
        "fits": fits,
        "percent_of_max": None,
        "headroom": None,
        "over_by": None,
        "under_min_by": None,
    }
    fmt = units.format_exact
    if top is not None:
        out["percent_of_max"] = round(100 * value / top, 2) if top else None
        if value <= top:
            out["headroom"] = top - value
        else:
            out["over_by"] = value - top
    if bottom is not None and value < bottom:
        out["under_min_by"] = bottom - value
    # The same tests that filled under_min_by and over_by, spelt so each branch knows
    # which bound it has.
    if bottom is not None and value < bottom:
        gap = fmt(bottom - value, dim)
        text = f"does not fit: {fmt(value, dim)} is {gap} below the minimum of {fmt(bottom, dim)}"
    elif top is not None and value > top:
        pct = f" ({units.number(out['percent_of_max'], 1)}% of it)" if top else ""
        gap = fmt(value - top, dim)
        text = f"does not fit: {fmt(value, dim)} is {gap} over the maximum of {fmt(top, dim)}{pct}"
    elif top is not None:
        share = f"{units.number(out['percent_of_max'], 1)}% of" if top else "within"
        gap = fmt(top - value, dim)
        text = f"fits: {fmt(value, dim)} is {share} the maximum of {fmt(top, dim)}, {gap} under it"
        if bottom is not None and bottom > 0:
            text += f" (and not below the minimum of {fmt(bottom, dim)})"
    elif bottom is not None:
        text = f"fits: {fmt(value, dim)} is not below the minimum of {fmt(bottom, dim)} (no fixed maximum)"
    else:  # check_value refuses such a limit first (_dimension): there is nothing to check against
        raise ValueError(f"{_name(lim)} has neither a maximum nor a minimum")
    out["verdict"] = text
    return out


def check_value(lim: dict[str, Any], text: str) -> dict[str, Any]:
    """Does ``text`` fit ``lim``? The verdict, the numbers, and notes for the reader."""
    dim = _dimension(lim, "--check")
    try:
        quantity = units.parse(text).in_dimension(dim, _name(lim))
    except units.UnitError as e:
        raise UsageError(f"--check: {e}") from None
    result: dict[str, Any] = {"given": text, "value": quantity.value, "unit": lim["unit"]}
    result.update(_verdict(quantity.value, lim))
    result["value_si"] = quantity.si
    result["fits_si"] = None
    notes = []
    if quantity.si is not None:
        other = _verdict(quantity.si, lim)
        result["fits_si"] = other["fits"]
        if other["fits"] != result["fits"]:
            notes.append(
                f"{printable(text)!r} was read in binary units, as AWS's limit pages use them "
                f"(1 KB = 1,024 bytes). Read in SI units (1 KB = 1,000 bytes) it is "
                f"{units.number(quantity.si)} bytes and {other['verdict']}."
            )
    default = lim.get("default")
    if result["fits"] and default is not None and quantity.value > default:
        notes.append(
            f"Above the default of {units.format_value(default, dim)}: "
            "the setting must be raised from its default."
        )
    if not result["fits"] and lim.get("adjustable"):
        notes.append("This limit is adjustable: a quota increase may raise it.")
    result["notes"] = notes
    return result
