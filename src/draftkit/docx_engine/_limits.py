"""Bounds on what a template may do: no value, number or output too large, no endless run.

A template is a program written by the office, run on the clerk's machine. The sandbox
(Jinja's immutable one) keeps it away from Python internals and from changing the data;
this module keeps it from exhausting the machine:

- every value a template makes or reads is at most :data:`MAX_VALUE` characters (or
  items): ``'x' * 10**9``, ``'x'|center(10**9)``, ``'{:999999999}'.format(1)`` are refused
  *before* they are built, by looking at the operands;
- a number may not grow beyond :data:`MAX_INT_BITS` bits (``9 ** 9 ** 9``);
- a width, an indent or a batch size is at most :data:`MAX_WIDTH`;
- the whole output of a part is bounded while it streams (:func:`output_limit`), and
  the render is bounded in time (:func:`time_limit`), for loops that print nothing.

The checks on operands also keep Jinja's compiler from folding such a constant at
compile time: ``templates check`` compiles templates and must never evaluate one.
"""

from __future__ import annotations

import operator
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from typing import Any

from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_VALUE = 10_000_000  # characters of one string, items of one list
MAX_WIDTH = 10_000  # a width, an indent, a tab size, a batch size
MAX_INT_BITS = 100_000  # about 30,000 decimal digits
OUTPUT_BASE = 64 * 1024 * 1024  # characters of one rendered part, before the data's share
OUTPUT_PER_ITEM = 4096  # ...plus this and twice the part's size per item of the data's lists
RENDER_SECONDS = 20.0  # one document, before the data's share
SECONDS_PER_ITEM = 0.001


class LimitError(Exception):
    """A template asked for more than the bounds; the message is Vietnamese and ends with "."."""


class RenderTimeout(BaseException):
    """Raised into the rendering thread when the time is up.

    A BaseException, so that no ``except Exception`` on the way (Jinja has a few) can
    swallow it and let the loop run on.
    """


def _too_long(size: int) -> LimitError:
    return LimitError(
        f"tạo ra một giá trị quá lớn ({size:,} ký tự hoặc phần tử; tối đa {MAX_VALUE:,})".replace(",", ".") + "."
    )


def _too_wide(width: int) -> LimitError:
    return LimitError(f"dùng độ rộng hoặc số lượng quá lớn: {width:,} (tối đa {MAX_WIDTH:,}).".replace(",", "."))


def _too_big_number() -> LimitError:
    return LimitError(f"tạo ra một số quá lớn (quá {MAX_INT_BITS:,} bit).".replace(",", "."))


def checked(value: Any) -> Any:
    """``value`` itself, or LimitError when it is a string or list beyond the bound."""
    if isinstance(value, str | list | tuple | dict | bytes) and len(value) > MAX_VALUE:
        raise _too_long(len(value))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise _too_big_number()
    return value


def _width(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise _too_wide(value)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | bytes) else 0


# --- format strings ------------------------------------------------------------------------

# printf style: %[(key)][flags][width][.precision]type
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")
# str.format: the spec after ":" of a field, up to its closing brace
_FORMAT_SPEC = re.compile(r"\{[^{}]*?:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")
_DIGITS = re.compile(r"\d+")


def check_format(template: str, args: tuple[Any, ...], kwargs: dict[str, Any], percent: bool) -> None:
    """Refuse a format string whose widths or precisions exceed MAX_WIDTH.

    Widths written in the string are read from it; a width taken from the arguments
    (``%*d``, ``{:{w}}``) makes every integer argument count as a width.
    """
    from_args = False
    if percent:
        for match in _PERCENT_SPEC.finditer(template):
            for group in match.groups():
                if group == "*":
                    from_args = True
                elif group:
                    _width(int(group))
    else:
        for match in _FORMAT_SPEC.finditer(template):
            spec = match.group(1)
            if "{" in spec:
                from_args = True
            for digits in _DIGITS.findall(re.sub(r"\{[^{}]*\}", "", spec)):
                _width(int(digits))
    if from_args:
        for value in (*args, *kwargs.values()):
            _width(value)
        for value in args:
            if isinstance(value, tuple | list):
                for item in value:
                    _width(item)


# --- what grows a string: checked before it is built --------------------------------------


def _replace_size(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    occurrences = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        occurrences = min(occurrences, count)
    size = len(text) + occurrences * (len(new) - len(old))
    if size > MAX_VALUE:
        raise _too_long(size)


def _join_size(separator: Any, items: list[Any]) -> None:
    size = _length(separator) * max(len(items) - 1, 0) + sum(len(str(item)) for item in items)
    if size > MAX_VALUE:
        raise _too_long(size)


def _lines_times(text: Any, width: Any) -> None:
    """indent/expandtabs-like growth: each line (or tab) gets up to ``width`` more."""
    extra = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    if isinstance(text, str):
        size = len(text) + (text.count("\n") + text.count("\t") + 1) * extra
        if size > MAX_VALUE:
            raise _too_long(size)


def _check_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[tuple[Any, ...], bool]:
    """Check a call of a str/list method before it runs; (maybe new args, was it a join)."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(owner, str | bytes):
        return args, False
    if name in ("center", "ljust", "rjust", "zfill"):
        for value in (*args, *kwargs.values()):
            _width(value)
    elif name == "expandtabs":
        for value in (*args, *kwargs.values()):
            _width(value)
            _lines_times(owner, value)
    elif name == "replace":
        _replace_size(owner, *args[:3])
    elif name == "join" and args:
        items = list(args[0])
        _join_size(owner, items)
        return (items, *args[1:]), True
    elif name in ("format", "format_map"):
        mapping = args[0] if name == "format_map" and args and isinstance(args[0], dict) else kwargs
        check_format(str(owner), args if name == "format" else (), dict(mapping), percent=False)
    return args, False


# --- filters -------------------------------------------------------------------------------


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its growth checked before, and its result checked after."""

    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0  # context passed first

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = list(args[skip:])
        if name in ("center", "batch", "slice", "wordwrap"):
            for value in (*values[1:], *kwargs.values()):
                _width(value)
        if name == "indent" and values:
            width = kwargs.get("width", values[1] if len(values) > 1 else 4)
            _width(width)
            _lines_times(values[0], width)
        elif name == "wordwrap" and values:
            wrap = kwargs.get("wrapstring", values[3] if len(values) > 3 else "\n")
            if isinstance(values[0], str) and len(values[0]) * (1 + _length(wrap)) > MAX_VALUE:
                raise _too_long(len(values[0]) * (1 + _length(wrap)))
        elif name == "replace" and values:
            _replace_size(*[str(v) if i == 0 else v for i, v in enumerate(values[:4])])
        elif name == "format" and values:
            check_format(str(values[0]), tuple(values[1:]), kwargs, percent=True)
        elif name == "join" and values:
            items = list(values[0])
            separator = kwargs.get("d", values[1] if len(values) > 1 else "")
            _join_size(separator, items)
            args = (*args[:skip], items, *args[skip + 1 :])
        return checked(function(*args, **kwargs))

    return update_wrapper(wrapper, function)


# Filters that could put raw markup in the document: removed from the environment, so a
# template using them does not compile (``templates check`` says why).
FORBIDDEN_FILTERS = frozenset({"safe", "urlize"})


# --- the environment ------------------------------------------------------------------------


def _check_binop(op: str, left: Any, right: Any) -> None:
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int) and not isinstance(times, bool):
                if len(seq) * times > MAX_VALUE:
                    raise _too_long(len(seq) * times)
                return
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _too_big_number()
    elif op == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and left.bit_length() * right > MAX_INT_BITS:
            raise _too_big_number()
    elif op == "+":
        sized = isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple)
        if sized and len(left) + len(right) > MAX_VALUE:
            raise _too_long(len(left) + len(right))
    elif op == "%" and isinstance(left, str):
        check_format(left, right if isinstance(right, tuple) else (right,), {}, percent=True)


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every way of growing a value bounded.

    ``*``, ``**``, ``%`` and ``+`` are intercepted: the generated code calls
    :meth:`call_binop` for them, and Jinja's optimizer no longer folds them into constants.
    """

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {
            name: _bounded_filter(name, function)
            for name, function in self.filters.items()
            if name not in FORBIDDEN_FILTERS
        }
        # lipsum(n) writes n paragraphs of filler text: nothing a document needs, and a
        # way to ask for gigabytes in one call.
        self.globals.pop("lipsum", None)
        self.deadline_passed = False

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return checked(_BINOPS[operator](left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._on_time()
        return checked(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return checked(super().getitem(obj, argument))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._on_time()
        for value in (*args, *kwargs.values()):
            checked(value)
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        args, _ = _check_method(target, args, kwargs)
        return checked(super().call(__context, __obj, *args, **kwargs))

    def _on_time(self) -> None:
        if self.deadline_passed:
            raise RenderTimeout()


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul,
    "**": operator.pow,
    "%": operator.mod,
    "+": operator.add,
}


# --- output and time ---------------------------------------------------------------------


def data_items(value: Any, depth: int = 3) -> int:
    """About how many items the lists in ``value`` hold: the share of output and time a render
    is allowed grows with it.

    Records inside a list are looked into only when the list is short (a list's groups,
    not its 10,000 rows), so that counting costs nothing next to rendering.
    """
    kind = type(value)
    if kind is dict:
        return sum(data_items(item, depth) for item in value.values()) if depth else 0
    if kind is list or kind is tuple:
        count = len(value)
        if depth and 0 < count <= 1000:
            count += sum(data_items(item, depth - 1) for item in value)
        return count
    return 0


def output_limit(part_size: int, items: int) -> int:
    """Characters a rendered part may have: a generous base, plus a share per data item."""
    return OUTPUT_BASE + items * (2 * part_size + OUTPUT_PER_ITEM)


def render_seconds(items: int) -> float:
    return RENDER_SECONDS + items * SECONDS_PER_ITEM


def stream(chunks: Iterator[str], limit: int) -> str:
    """Join ``chunks``, refusing as soon as they pass ``limit`` characters."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        out.append(chunk)
    return "".join(out)


def too_large(limit: int) -> LimitError:
    """A rendered part passed ``limit`` characters (see :func:`output_limit`)."""
    return LimitError(f"tạo ra văn bản quá lớn (hơn {limit:,} ký tự; có vòng lặp quá lớn?).".replace(",", "."))


class _Watchdog:
    """One thread for the whole process that stops renders running past their deadline.

    A render arms it (a lock and a notify, no new thread), and disarms it when done. When
    a deadline passes, :class:`RenderTimeout` is raised into the rendering thread through
    CPython's ``PyThreadState_SetAsyncExc``, which interrupts even a loop that calls
    nothing; the environment's flag stops the render too at its next attribute or call.
    """

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.armed: dict[int, tuple[float, BoundedEnvironment]] = {}  # thread -> (deadline, env)
        self.fired: set[int] = set()
        self.thread: threading.Thread | None = None
        self.waking: float | None = None  # when the watchdog wakes next; None: when notified

    def arm(self, seconds: float, env: BoundedEnvironment) -> None:
        deadline = time.monotonic() + seconds
        with self.condition:
            self.armed[threading.get_ident()] = (deadline, env)
            if self.thread is None:
                self.thread = threading.Thread(target=self._watch, name="draftkit-render-watchdog", daemon=True)
                with _signals_blocked():  # the thread starts with them blocked (it inherits the mask)
                    self.thread.start()
            # Waking the watchdog costs a thread switch per render (a thousand for --split);
            # it only needs waking when it would otherwise sleep past this deadline.
            if self.waking is None or deadline < self.waking:
                self.condition.notify()

    def disarm(self) -> None:
        target = threading.get_ident()
        with self.condition:
            entry = self.armed.pop(target, None)
            if entry is not None:
                entry[1].deadline_passed = False
            if target in self.fired:
                self.fired.discard(target)
                _raise_in(target, None)  # clear it if it is still pending

    def _watch(self) -> None:
        with self.condition:
            while True:
                now = time.monotonic()
                for target, (deadline, env) in list(self.armed.items()):
                    if deadline <= now:
                        del self.armed[target]
                        self.fired.add(target)
                        env.deadline_passed = True
                        _raise_in(target, RenderTimeout)
                self.waking = min((deadline for deadline, _ in self.armed.values()), default=None)
                self.condition.wait(None if self.waking is None else max(self.waking - now, 0.001))
                self.waking = None


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Every signal blocked in this thread for the block (nothing on Windows).

    Signals are the main thread's: a process-directed SIGINT or SIGTERM taken by the
    watchdog would interrupt the main thread even where it holds them back (the renames
    of draftkit.output). Signals arriving meanwhile wait, and come when the block ends.
    """
    import signal

    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    except (AttributeError, ValueError, OSError):  # Windows: no signal masks
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _raise_in(target: int, exception: type[BaseException] | None) -> None:
    import ctypes

    argument = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), argument)


_WATCHDOG = _Watchdog()


@contextmanager
def time_limit(seconds: float, env: BoundedEnvironment) -> Iterator[None]:
    """Stop the rendering in this thread with :class:`RenderTimeout` after ``seconds``."""
    _WATCHDOG.arm(seconds, env)
    try:
        yield
    finally:
        _WATCHDOG.disarm()


def forbidden_filter_message(message: str) -> str | None:
    """The Vietnamese message for Jinja's "No filter named 'safe'", when that is the error."""
    match = re.search(r"No filter named '(\w+)'", message)
    if match is None or match.group(1) not in FORBIDDEN_FILTERS:
        return None
    name = match.group(1)
    return (
        f"bộ lọc “{name}” không được dùng: nó chèn mã thô vào văn bản Word, làm hỏng tệp hoặc lén thêm nội dung. "
        f"Bỏ “|{name}” đi (draftkit tự giữ nguyên mọi ký tự của dữ liệu)."
    )


AUTOESCAPE_MESSAGE = (
    "thẻ autoescape không được dùng: tắt thoát ký tự thì dữ liệu có “<” hoặc “&” sẽ làm hỏng tệp Word. "
    "Bỏ cặp thẻ {% autoescape %} … {% endautoescape %}"
)


def _code_generator() -> type:
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame

    class Generator(CodeGenerator):
        """Jinja's code generator, refusing to turn escaping off ({% autoescape false %})."""

        def visit_EvalContextModifier(self, node: nodes.EvalContextModifier, frame: Frame) -> None:
            self.fail(AUTOESCAPE_MESSAGE, node.lineno)

        def visit_ScopedEvalContextModifier(
            self, node: nodes.ScopedEvalContextModifier, frame: Frame
        ) -> None:
            self.fail(AUTOESCAPE_MESSAGE, node.lineno)

    return Generator


BoundedEnvironment.code_generator_class = _code_generator()


def environment_fingerprint() -> str:
    """What of the environment shapes compiled code, for the cache key."""
    return "|".join(
        (
            f"{BoundedEnvironment.__module__}.{BoundedEnvironment.__qualname__}",
            ",".join(sorted(BoundedEnvironment.intercepted_binops)),
            ",".join(sorted(FORBIDDEN_FILTERS)),
            "no-autoescape-off",
        )
    )
