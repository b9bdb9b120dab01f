"""``awsref quiz`` and ``awsref progress``: the study session and what it remembers.

The session reads one answer per line, from a terminal (with line editing) or from
whatever is piped in. Each answer is saved the moment it is given, so Ctrl-C, end of
input or a killed process keep every answer so far; the score so far is printed on
Ctrl-C and end of input. A standard input that is not a terminal and gives nothing
(empty, or silent for ``AWSREF_STDIN_WAIT`` seconds) is a usage error, never a hang.
"""

from __future__ import annotations

import os
import sys
import time

from awsref import cards as deck
from awsref import quiz
from awsref.errors import UsageError
from awsref.kb import KnowledgeBase
from awsref.output import warn
from awsref.progress_store import Store
from awsref.quiz_input import Answers, Silent, TooLong
from awsref.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from rich.console import Console

    from awsref.progress_store import State

ANSWER_SLACK = 16  # an answer may be this much longer than the longest choice (spaces, units)
STATUSES = ("new", "learning", "known")


# ---- output -----------------------------------------------------------------------------


class Screen:
    """Lines to stdout: styled with Rich on a terminal, plain text otherwise."""

    def __init__(self) -> None:
        try:
            tty = sys.stdout.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.console: Console | None = None
        if tty:  # the renderers' console: --color, NO_COLOR, a closed pipe, a narrow terminal
            from awsref.render_rich import console_for

            self.console = console_for(sys.stdout)

    def item(self, prefix: str, text: str, style: str = "") -> None:
        """``prefix`` then ``text``; on a terminal a long text wraps with a hanging indent,
        under its own first word rather than under the letter."""
        if self.console is None:
            self.line(prefix + text, style)
            return
        from rich.table import Table
        from rich.text import Text

        grid = Table.grid()
        grid.add_column(no_wrap=True, width=len(prefix))
        grid.add_column(overflow="fold")
        grid.add_row(Text(printable(prefix), style=style), Text(printable(text), style=style))
        self.console.print(grid)
        sys.stdout.flush()

    def line(self, text: str = "", style: str = "") -> None:
        if self.console is not None:
            from rich.text import Text

            self.console.print(Text(printable(text), style=style))
        else:
            sys.stdout.write(printable(text) + "\n")
        sys.stdout.flush()


# ---- scheduling -------------------------------------------------------------------------


def schedule(
    cards: list[dict[str, Any]], states: dict[str, State], seed: int, now: float, due_only: bool
) -> list[dict[str, Any]]:
    """The order to ask ``cards`` in: missed, then due, then new, then the rest by due date.

    Each group is shuffled by ``seed``; with ``due_only`` only missed and due cards.
    """
    missed: list[dict[str, Any]] = []
    due: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    later: list[dict[str, Any]] = []
    for card in cards:
        state = states.get(card["id"])
        if state is None:
            new.append(card)
        elif state["due"] <= now:
            (due if state["last_right"] else missed).append(card)
        else:
            later.append(card)
    later.sort(key=lambda c: (states[c["id"]]["due"], c["id"]))
    first = quiz.shuffled(missed, seed) + quiz.shuffled(due, seed)
    if due_only:
        return first
    return first + quiz.shuffled(new, seed) + later


# ---- the quiz ---------------------------------------------------------------------------


def _tally(table: dict[str, list[int]], names: list[str], right: bool) -> None:
    for name in names:
        score = table.setdefault(name, [0, 0])
        score[0] += right
        score[1] += 1


def _percent(right: int, asked: int) -> str:
    return f"{right}/{asked} ({round(100 * right / asked)}%)" if asked else "0/0"


def reveal(questions: list[dict[str, Any]], fmt: str | None, seed: int, query: str = "") -> None:
    """Print the questions with their answers, no prompts (``--reveal``)."""
    if fmt == "json":  # the envelope every command's JSON has: the questions are its result
        from awsref.answer import Answer
        from awsref.output import write_answer

        write_answer(Answer("quiz", query, "quiz", {"seed": seed, "questions": questions}), "json")
        return
    out = Screen()
    for i, q in enumerate(questions, 1):
        out.line(f"{i}. {q['prompt']}", "bold")
        for j, choice in enumerate(q["choices"]):
            mark = "*" if j == q["answer"] else " "
            out.item(f" {mark} {quiz.LETTERS[j]}) ", choice)
        out.line(f"   Answer: {quiz.LETTERS[q['answer']]}) {q['choices'][q['answer']]}", "green")
        if q["source"]:
            out.line(f"   Source: {q['source']}")
        out.line(f"   More: {q['command']}", "dim")
        out.line()


def run_quiz(
    kb: KnowledgeBase,
    words: list[str],
    *,
    number: int,
    seed: int | None,
    domain: str | None,
    due: bool,
    show: bool,
    fmt: str | None,
    task: str | None = None,
    scenarios: bool = False,
) -> int:
    """``awsref quiz``: ask, check, save, score. Returns the exit code.

    Scenario questions (from facts) join with ``scenarios`` or a ``task``.
    """
    if number < 1:
        raise UsageError("-n must be at least 1")
    if fmt not in (None, "text", "table", "json"):
        raise UsageError(f"quiz --reveal prints text or json, not {fmt}")
    if fmt == "json" and not show:
        raise UsageError("-o json needs --reveal (an interactive quiz is not JSON)")
    facts = scenarios or task is not None
    chosen = deck.select_light(kb, words, domain, task, facts=facts)
    pool = deck.KbPool(kb, facts=facts)

    def whole(
        cards: list[dict[str, Any]],
    ) -> Iterator[dict[str, Any]]:  # each card read only when it is asked
        return (deck.card(kb, c) for c in cards)

    from awsref.lookup import services_named

    named = services_named(kb, words) if words else []  # scored first at the end
    seed = seed if seed is not None else int.from_bytes(os.urandom(4), "big") % 1_000_000
    now = time.time()
    if show and not due:
        reveal(
            quiz.questions(whole(quiz.shuffled(chosen, seed)), pool, seed, number), fmt, seed, " ".join(words)
        )
        return 0
    answers = None if show else Answers()
    if answers is not None:
        answers.ready()
    from awsref import paths

    store = Store(paths.study_dir(), warn)
    try:
        order = schedule(chosen, store.states(), seed, now, due)
        if not order:
            raise UsageError("no cards are due; run awsref quiz without --due, or come back later")
        questions = quiz.questions(whole(order), pool, seed, number)
        if answers is None:
            reveal(questions, fmt, seed, " ".join(words))
            return 0
        return _ask(questions, answers, store, seed, " ".join(words), named)
    finally:
        store.close()


def longest_answer(questions: list[dict[str, Any]]) -> int:
    """The most characters a right answer to any of ``questions`` can take."""
    return max(
        (len(text) for q in questions for text in [*q["choices"], *q.get("names", ())]),
        default=0,
    )


def _read_answer(answers: Answers, out: Screen, prompt: str) -> str | None:
    """The next answer; a line longer than any answer is refused (not echoed, not saved)
    and the question asked again."""
    while True:
        try:
            return answers.read(prompt)
        except TooLong:
            out.line(f"answer too long (over {answers.max_chars} characters): not checked or saved", "yellow")


class _Session:
    """One quiz on the screen: each question asked, checked, saved and tallied."""

    def __init__(self, store: Store, seed: int, args: str) -> None:
        self.out = Screen()
        self.store, self.seed, self.args = store, seed, args
        self.by_service: dict[str, list[int]] = {}
        self.by_domain: dict[str, list[int]] = {}
        self.right = self.asked = 0

    def show(self, q: dict[str, Any], i: int, total: int) -> str:
        """Print question ``i`` of ``total``; returns the prompt for its answer."""
        out = self.out
        out.line()
        about = "scenario" if q["kind"] == "scenario" else ", ".join(q["services"]) or "general"
        out.line(f"Question {i} of {total} · {about}", "dim")  # a scenario's service is the answer
        out.line(q["prompt"], "bold")
        for j, choice in enumerate(q["choices"]):
            out.item(f"  {quiz.LETTERS[j]}) ", choice)
        hint = f"a-{quiz.LETTERS[len(q['choices']) - 1]}"
        if q["kind"] in ("limit", "old-new"):
            hint += " or a value such as 400 KB"
        return f"Your answer ({hint}): "

    def answer(self, q: dict[str, Any], reply: str) -> None:
        """Check ``reply``, save it at once, and say whether it was right."""
        right = quiz.check(q, reply)
        if not self.asked:
            self.store.start(self.seed, self.args, time.time())
        state = self.store.record(q["card"], q["kind"], right, reply, time.time())
        self.asked += 1
        self.right += right
        _tally(self.by_service, q["services"] or ["general"], right)
        _tally(self.by_domain, q["domains"], right)
        answer = f"{quiz.LETTERS[q['answer']]}) {q['choices'][q['answer']]}"
        self.out.line(
            f"Right: {answer}" if right else f"Wrong: the answer is {answer}", "green" if right else "red"
        )
        self.out.line(q["explanation"])
        if q["source"]:
            self.out.line(f"Source: {q['source']}")
        self.out.line(f"More: {q['command']}   (now in box {state['box']})", "dim")

    def score(self, total: int, stop: str, named: list[str]) -> None:
        """The end: why it stopped, the score, by service (the asked-for first) and by domain."""
        out = self.out
        if self.asked:
            self.store.finish(self.asked == total, time.time())
        out.line()
        if stop:
            out.line(f"Stopped ({stop}) after {self.asked} of {total} questions.", "yellow")
        out.line(f"Score: {_percent(self.right, self.asked)}", "bold")
        if self.asked:
            ordered = sorted(self.by_service.items(), key=lambda item: item[0] not in named)
            out.line("By service: " + ", ".join(f"{s} {_percent(*v)}" for s, v in ordered))
            if self.by_domain:
                domains = sorted(self.by_domain.items())
                out.line("By domain: " + ", ".join(f"{d} {_percent(*v)}" for d, v in domains))
        if self.store.saving:
            out.line(
                f"Saved in {self.store.path}; missed cards come first next time (awsref progress).", "dim"
            )


def _ask(
    questions: list[dict[str, Any]], answers: Answers, store: Store, seed: int, args: str, named: list[str]
) -> int:
    session = _Session(store, seed, args)
    code = 0
    stop = ""
    count = f"{len(questions)} question{'' if len(questions) == 1 else 's'}"
    session.out.line(f"{count} (seed {seed}). Answer with a letter, or type the value or term; q quits.")
    answers.max_chars = longest_answer(questions) + ANSWER_SLACK
    try:
        for i, q in enumerate(questions, 1):
            reply = _read_answer(answers, session.out, session.show(q, i, len(questions)))
            if reply is None or reply.strip().lower() in ("q", "quit", "exit"):
                stop = "end of input" if reply is None else "quit"
                break
            session.answer(q, reply)
    except KeyboardInterrupt:
        stop = "interrupted"
        code = 130
        session.out.line()
    except Silent:
        stop = f"no answer for {answers.later_wait:g} s"
    session.score(len(questions), stop, named)
    return code


# ---- progress ---------------------------------------------------------------------------


def run_progress(kb: KnowledgeBase, words: list[str], domain: str | None, fmt: str | None) -> None:
    """``awsref progress``: bars on a terminal, records or JSON otherwise."""
    from awsref import paths
    from awsref.answer import Answer
    from awsref.output import write_answer

    store = Store(paths.study_dir(), warn, write=False)
    try:
        from awsref.progress import progress_data

        data = progress_data(kb, words, domain, store.states())
    finally:
        store.close()
    data["store"] = store.path
    notes = [] if store.path else ["progress is not saved anywhere"]
    write_answer(Answer("progress", " ".join(words), "progress", data, notes=notes), fmt)


__all__ = ["STATUSES", "run_progress", "run_quiz", "schedule"]
