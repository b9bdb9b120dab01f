"""units: parsing every usual spelling, SI vs binary, formatting, round trips, errors."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awsref import units
from awsref.schema import UNITS as KB_UNITS
from awsref.units import UnitError, parse, parse_unit

KIB = 1024
MIB = 1024**2
GIB = 1024**3


@pytest.mark.parametrize(
    ("text", "value", "dim", "si"),
    [
        ("300kb", 300 * KIB, "size", 300_000),
        ("300 KB", 300 * KIB, "size", 300_000),
        ("300 kB", 300 * KIB, "size", 300_000),
        ("0.3MB", 0.3 * MIB, "size", 300_000),
        ("300KiB", 300 * KIB, "size", None),
        ("2 GiB", 2 * GIB, "size", None),
        ("2 gibibytes", 2 * GIB, "size", None),
        ("1 megabyte", MIB, "size", 1_000_000),
        ("1048576", 1048576, None, None),
        ("1,048,576 bytes", 1048576, "size", None),
        ("1 B", 1, "size", None),
        ("8 bits", 1, "size", None),
        ("90s", 90, "duration", None),
        ("20m", 1200, "duration", None),
        ("20 min", 1200, "duration", None),
        ("1h30m", 5400, "duration", None),
        ("1 h 30 min", 5400, "duration", None),
        ("2 hours 15 minutes", 8100, "duration", None),
        ("15 minutes", 900, "duration", None),
        ("300ms", 0.3, "duration", None),
        ("14 days", 1209600, "duration", None),
        ("1 week", 604800, "duration", None),
        ("5000/s", 5000, "rate", None),
        ("5000 per second", 5000, "rate", None),
        ("100 per second", 100, "rate", None),
        ("600/min", 10, "rate", None),
        ("1000 per 10 s", 100, "rate", None),
        ("3000 requests/s", 3000, "rate", None),
        ("300 tps", 300, "rate", None),
        ("16000 IOPS", 16000, "rate", None),
        ("3 MB/s", 3 * MIB, "throughput", 3_000_000),
        ("3 MiB/s", 3 * MIB, "throughput", None),
        ("3MBps", 3 * MIB, "throughput", 3_000_000),
        ("150 Gbps", 150e9 / 8, "throughput", None),
        ("100 Mbit/s", 100e6 / 8, "throughput", None),
        ("5%", 5, "percent", None),
        ("5 percent", 5, "percent", None),
        ("64 chars", 64, "characters", None),
        ("10 messages", 10, "count", None),
        ("1e6", 1e6, None, None),
        (" 42 ", 42, None, None),
    ],
)
def test_parse_spellings(text: str, value: float, dim: str | None, si: float | None) -> None:
    q = parse(text)
    assert q.value == pytest.approx(value)
    assert q.dim == dim
    assert q.si == (None if si is None else pytest.approx(si))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "KB",
        "abc",
        "5 parsecs",
        "-5s",
        "1,5 MB",
        "1,00 MB",
        "1.2.3 s",
        "5 MB/",
        "5 MB/banana",
        "5/KB",
        "5 s/s",
        "5 %/s",
        "5 MB 3 KB",
        "1h 5 MB",
        "5#",
        "inf",
        "nan",
        "1e999",
        "5/0s",
        "_5",
        "5 MB/s/s",
    ],
)
def test_parse_rejects_bad_input(text: str) -> None:
    with pytest.raises(UnitError):
        parse(text)


def test_a_bare_number_takes_the_dimension_it_is_compared_with() -> None:
    assert parse("900").in_dimension("duration").dim == "duration"
    assert parse("900").in_dimension("size").value == 900


def test_a_wrong_dimension_is_an_error_naming_both() -> None:
    with pytest.raises(UnitError, match=r"duration.*size"):
        parse("5s").in_dimension("size", "SQS message-size")


@pytest.mark.parametrize(
    ("text", "dim", "factor", "symbol"),
    [
        ("minutes", "duration", 60, "min"),
        ("bytes", "size", 1, "bytes"),
        ("KiB", "size", KIB, "KiB"),
        ("MB", "size", MIB, "MB"),
        ("MB/s", "throughput", MIB, "MB/s"),
        ("per minute", "rate", 1 / 60, "/min"),
        ("/h", "rate", 1 / 3600, "/h"),
        ("requests/min", "rate", 1 / 60, "/min"),
        ("days", "duration", 86400, "days"),
        ("%", "percent", 1, "%"),
    ],
)
def test_parse_unit(text: str, dim: str, factor: float, symbol: str) -> None:
    unit = parse_unit(text)
    assert (unit.dim, unit.symbol) == (dim, symbol)
    assert unit.factor == pytest.approx(factor)


@pytest.mark.parametrize("text", ["", "5 minutes", "parsecs", "s/MB", "MB/KB", "min/s", "MB per"])
def test_parse_unit_rejects(text: str) -> None:
    with pytest.raises(UnitError):
        parse_unit(text)


def test_every_knowledge_base_unit_has_a_dimension() -> None:
    assert set(units.KB_DIMENSIONS) == set(KB_UNITS)


@pytest.mark.parametrize(
    ("value", "dim", "text"),
    [
        (1048576, "size", "1 MiB"),
        (307200, "size", "300 KiB"),
        (1, "size", "1 byte"),
        (900, "size", "900 bytes"),
        (900, "duration", "15 min"),
        (5400, "duration", "1 h 30 min"),
        (86400, "duration", "1 day"),
        (1209600, "duration", "14 days"),
        (0.3, "duration", "300 ms"),
        (5000, "rate", "5,000/s"),
        (2097152, "throughput", "2 MiB/s"),
        (5, "percent", "5%"),
        (40000, "count", "40,000"),
    ],
)
def test_format_value(value: float, dim: str, text: str) -> None:
    assert units.format_value(value, dim) == text


def test_number_never_uses_exponents_and_ignores_float_noise() -> None:
    assert units.number(0.1 + 0.2) == "0.3"
    assert units.number(1e6) == "1,000,000"
    assert units.number(0.0001) == "0.0001"
    assert units.ceil(3 * (0.1 + 0.2) / 0.3) == 3


# ---- properties ----------------------------------------------------------------------

SIZE_SPELLINGS = {
    1: ["B", "b", "byte", "bytes", " bytes"],
    KIB: ["KiB", "kib", "KIB", " KiB", "kibibytes"],
    MIB: ["MiB", "mib", " MiB"],
    GIB: ["GiB", "gib", " GiB"],
}
AMBIGUOUS = {"KB": (KIB, 1000), "MB": (MIB, 10**6), "GB": (GIB, 10**9), "TB": (1024**4, 10**12)}
DURATIONS = {
    "ms": 0.001,
    "s": 1,
    "sec": 1,
    "m": 60,
    "min": 60,
    "minutes": 60,
    "h": 3600,
    "hours": 3600,
    "d": 86400,
}
amounts = st.integers(min_value=0, max_value=10**6) | st.decimals(
    min_value=0, max_value=10**6, places=3, allow_nan=False
).map(float)


def _case(word: str, flags: list[bool]) -> str:
    return "".join(
        c.upper() if f else c.lower() for c, f in zip(word, flags + [False] * len(word), strict=False)
    )


@given(amount=amounts, factor=st.sampled_from(sorted(SIZE_SPELLINGS)), data=st.data())
def test_binary_sizes_parse_exactly_in_every_spelling(
    amount: float, factor: int, data: st.DataObject
) -> None:
    spelling = data.draw(st.sampled_from(SIZE_SPELLINGS[factor]))
    q = parse(f"{amount}{spelling}")
    assert q.dim == "size"
    assert q.value == pytest.approx(amount * factor)
    assert q.si is None


@given(amount=amounts, symbol=st.sampled_from(sorted(AMBIGUOUS)), flags=st.lists(st.booleans(), max_size=2))
def test_decimal_prefixes_read_binary_and_keep_the_si_reading(
    amount: float, symbol: str, flags: list[bool]
) -> None:
    binary, si = AMBIGUOUS[symbol]
    q = parse(f"{amount} {_case(symbol, flags)}")
    assert q.value == pytest.approx(amount * binary)
    assert q.si == pytest.approx(amount * si)
    assert q.si <= q.value  # the SI reading is never the larger one


@given(a=amounts, b=amounts, unit=st.sampled_from(["KiB", "MB", "s", "min", "h", "/s", "MB/s"]))
def test_parsing_preserves_order(a: float, b: float, unit: str) -> None:
    pa, pb = parse(f"{a} {unit}"), parse(f"{b} {unit}")
    assert (a < b) == (pa.value < pb.value)


@given(amount=st.integers(min_value=1, max_value=10**6))
def test_bigger_units_are_bigger(amount: int) -> None:
    chain = ["B", "KiB", "MiB", "GiB", "TiB"]
    values = [parse(f"{amount} {u}").value for u in chain]
    assert values == sorted(values)
    assert parse(f"{amount} KB").si < parse(f"{amount} KiB").value


@given(seconds=st.integers(min_value=0, max_value=10**8))
def test_duration_format_round_trips_exactly(seconds: int) -> None:
    text = units.format_value(seconds, "duration")
    assert parse(text).value == seconds


@given(value=st.integers(min_value=0, max_value=2**50))
def test_size_format_round_trips_within_display_precision(value: int) -> None:
    text = units.format_value(value, "size")
    back = parse(text).value
    assert math.isclose(back, value, rel_tol=5e-4, abs_tol=0.5)
    assert parse(text).si is None  # display uses unambiguous IEC units


@given(
    value=st.integers(min_value=0, max_value=10**9),
    unit=st.sampled_from(["minutes", "KiB", "MB", "h", "days"]),
)
def test_format_in_round_trips(value: int, unit: str) -> None:
    u = parse_unit(unit)
    back = parse(units.format_in(value, u).replace(",", "")).value
    assert math.isclose(back, value, rel_tol=5e-4, abs_tol=u.factor * 1e-3)  # 3 decimals shown


@given(amount=amounts, word=st.sampled_from(sorted(DURATIONS)), space=st.sampled_from(["", " ", "  "]))
def test_durations_in_every_spelling(amount: float, word: str, space: str) -> None:
    assert parse(f"{amount}{space}{word}").value == pytest.approx(amount * DURATIONS[word])


@given(hours=st.integers(0, 999), minutes=st.integers(0, 59), seconds=st.integers(0, 59))
def test_compound_durations_add_up(hours: int, minutes: int, seconds: int) -> None:
    assert parse(f"{hours}h{minutes}m{seconds}s").value == hours * 3600 + minutes * 60 + seconds


@given(text=st.text(max_size=20))
def test_parse_never_crashes(text: str) -> None:
    try:
        q = parse(text)
    except UnitError:
        return
    assert q.value >= 0 and math.isfinite(q.value)


@given(text=st.text(max_size=20))
def test_parse_unit_never_crashes(text: str) -> None:
    try:
        unit = parse_unit(text)
    except UnitError:
        return
    assert unit.factor > 0


def test_units_is_cheap_to_import() -> None:
    """No heavy or regex imports: units must not slow down whatever imports it."""
    code = (
        "import sys; before = set(sys.modules); import awsref.units; print(sorted(set(sys.modules) - before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    new = eval(out)
    assert "re" not in new and "pint" not in new
    assert set(new) <= {"__future__", "awsref", "awsref.units", "math"}
