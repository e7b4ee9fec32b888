"""Progress of long steps (rendering a large round, each PDF part, joining), shown with rich.

The library never prints: a long step asks a :class:`Steps` for a callback and calls it
with ``(done, total)``. The CLI passes a :class:`TerminalProgress`; everything else passes
nothing (:data:`NO_PROGRESS`). A step's bar appears only once the step has run for about a
second, so quick runs print exactly what they printed before; it is quiet when the console
is not a terminal (a pipe, a file, CI) or with ``--quiet``, and it disappears when the step
ends, leaving the "Đã tạo:" lines alone on screen.

rich is imported only when a bar is actually drawn: `draftkit --help` and quick renders
never pay for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.console import Console

ProgressCallback = Callable[[int, int], None]
"""Called with (units done, units in all) as a step moves on; may be called repeatedly
with the same figures (the bar's clock keeps running), and may raise to stop the step
(Ctrl-C arrives as KeyboardInterrupt wherever Python is)."""


class Steps(Protocol):
    def step(self, label: str) -> AbstractContextManager[ProgressCallback]:
        """A callback for one named step; the display of that step ends with the block."""
        ...


def _ignore(done: int, total: int) -> None:
    return None


class _NoProgress:
    @contextmanager
    def step(self, label: str) -> Iterator[ProgressCallback]:
        yield _ignore


NO_PROGRESS: Steps = _NoProgress()


class TerminalProgress:
    """rich progress bars on ``console`` (or on the console ``console()`` makes when a bar
    is first needed, so that a run with no long step never imports rich)."""

    def __init__(
        self,
        console: Console | Callable[[], Console],
        *,
        quiet: bool = False,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._console = console
        self._quiet = quiet
        self._delay = delay
        self._clock = clock

    def _resolve_console(self) -> Console:
        console = self._console
        if callable(console) and not hasattr(console, "print"):
            console = console()
            self._console = console
        return console  # type: ignore[return-value]

    @contextmanager
    def step(self, label: str) -> Iterator[ProgressCallback]:
        started = self._clock()
        display: Any = None
        task: Any = None

        def update(done: int, total: int) -> None:
            nonlocal display, task
            if self._quiet:
                return
            if display is None:
                if self._clock() - started < self._delay:
                    return
                console = self._resolve_console()
                if not console.is_terminal:
                    # A pipe or a file gets no bar, for this step or any later one.
                    self._quiet = True
                    return
                display = _make_display(console)
                display.start()
                task = display.add_task(label, total=total or None)
            display.update(task, completed=min(done, total) if total else done, total=total or None)

        try:
            yield update
        finally:
            if display is not None:
                display.stop()


def _make_display(console: Console) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("đã chạy"),
        TimeElapsedColumn(),
        TextColumn("còn khoảng"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
