"""What every calculator of ``awsref calc`` shares: ``Work`` collects the inputs, steps,
limits used and notes of one calculation, and reads each AWS figure from the knowledge base
(never a constant), so the answer lists it with its source."""

from __future__ import annotations

from awsref import units
from awsref.answer import Answer
from awsref.errors import EXIT_NOT_FOUND, EXIT_OK, DataError, UsageError
from awsref.kb import KnowledgeBase
from awsref.shape import limit_data
from awsref.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]

KINESIS = "kinesis-data-streams"


class Work:
    """Collects one calculation: inputs, steps, limits used, notes."""

    def __init__(self, kb: KnowledgeBase, calculator: str, title: str) -> None:
        self.kb = kb
        self.calculator = calculator
        self.title = title
        self.inputs: list[Data] = []
        self.steps: list[Data] = []
        self.limits: list[Data] = []
        self.notes: list[str] = []
        self.si_inputs: dict[str, tuple[str, str]] = {}  # option -> (as given, SI reading in base units)

    def limit(self, sid: str, lid: str) -> Data:
        """A limit of the knowledge base by service and id, recorded as used."""
        service = self.kb.service(sid)
        found = next((lim for lim in service["limits"] if lim["id"] == lid), None) if service else None
        if service is None or found is None or (found["value"] is None and found.get("min") is None):
            raise DataError(
                "knowledge base", [f"no number for limit {sid}/{lid}, which `calc {self.calculator}` needs"]
            )
        data = limit_data(service, found)
        if all(u["id"] != lid or u["service"] != sid for u in self.limits):
            self.limits.append(data)
        return data

    def value(self, sid: str, lid: str) -> float:
        return self.limit(sid, lid)["value"]

    def input(
        self,
        name: str,
        text: str | None,
        dim: str,
        *,
        minimum: float = 0.0,
        whole: bool = False,
        unit_required: bool = False,
    ) -> float:
        """Parse an input as ``dim``; it must be above ``minimum`` (and whole, if asked).
        ``unit_required``: a bare number is refused (is ``6`` bytes or KB?)."""
        if text is None:
            raise UsageError(f"calc {self.calculator} needs {name}")
        try:
            parsed = units.parse(text)
            if unit_required and parsed.dim is None:
                number = printable(text.strip())
                raise UsageError(
                    f"{name} {number!r} has no unit: give {number}KB (read as KiB, as AWS does), "
                    f"{number} KiB or {number} bytes"
                )
            quantity = parsed.in_dimension(dim, name)
        except units.UnitError as e:
            raise UsageError(f"{name}: {e}") from None
        value = quantity.value
        if value <= minimum:
            bound = "more than zero" if minimum == 0 else f"more than {units.number(minimum)}"
            raise UsageError(f"{name} must be {bound}, not {printable(text)!r}")
        if whole and value != int(value):
            raise UsageError(f"{name} must be a whole number, not {printable(text)!r}")
        self.given(name, text, value, units.format_exact(value, dim))
        if quantity.si is not None and quantity.si != value:
            unit = " bytes" if dim == "size" else ""  # the SI reading in base units, unit given
            self.si_inputs[name.lstrip("-").replace("-", "_")] = (
                text,
                units.number(quantity.si).replace(",", "") + unit,
            )
        return value

    def given(self, name: str, text: str, value: object, display: str) -> None:
        self.inputs.append({"name": name, "given": text, "value": value, "display": display})

    def step(self, step: str, working: str, value: float, display: str | None = None) -> float:
        """One line of the working; ``display`` shows the value in its unit (``5 MiB/s``)."""
        shown = units.number(value) if display is None else display
        self.steps.append({"step": step, "working": working, "value": value, "display": shown})
        return value

    def answer(
        self,
        formula: str,
        result: tuple[str, float, str, str],
        fits: bool | None = None,
        verdict: str = "",
    ) -> tuple[Answer, int]:
        name, value, unit, display = result
        data = {
            "calculator": self.calculator,
            "title": self.title,
            "formula": formula,
            "inputs": self.inputs,
            "steps": self.steps,
            "result": {"name": name, "value": value, "unit": unit, "display": display},
            "fits": fits,
            "verdict": verdict,
            "limits": self.limits,
        }
        query = " ".join([self.calculator, *(f"{i['name']}={i['given']}" for i in self.inputs)])
        answer = Answer("calc", query, "calculation", data, notes=self.notes)
        answer.data["si_inputs"] = self.si_inputs  # read (and removed) by ``calculate``
        return answer, EXIT_NOT_FOUND if fits is False else EXIT_OK


n = units.number
size = units.format_value


def check_quota(work: Work, value: float, sid: str, lid: str, what: str) -> tuple[bool, str]:
    lim = work.limit(sid, lid)
    top = lim["value"]
    where = f"{lim['service_name']} {lim['id']}, {lim['scope']}"
    if value <= top:
        return True, f"fits: {n(value)} {what} is within the limit of {n(top)} ({where})"
    more = "; adjustable: request an increase" if lim["adjustable"] else ""
    return False, f"does not fit: {n(value)} {what} is above the limit of {n(top)} ({where}{more})"
