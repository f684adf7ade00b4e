"""Bounded memos: everything a process remembers from one input for the next, in one place.

A batch checks hundreds of returns made from the same template, so a few
results are worked out once and reused: parsed sheet plans, table alignments,
styles and relationships read by content, shared cell objects, small pure
functions of texts that come back in every return. Each such memory is a
``Memo`` (or a function decorated with ``memoized``) with a name and a size
bound, listed in one registry:

- ``policy="lru"`` forgets the entry used longest ago when full;
- ``policy="clear"`` starts again when full (cheaper per look-up: a batch of one
  template fills it once and then only reads).

A memo may also bound the total *weight* of its values (planned cells, say),
so that a few large entries cannot hold much memory either.

One switch turns all of it off: the environment variable ``XXGK_NO_MEMO=1`` (read
at import), or ``set_enabled(False)`` / ``with disabled():`` in tests. Switched
off, nothing is stored and every look-up misses, so each return is worked out
on its own; reports are the same either way (a test checks it, byte for byte).

Per-spec constants (a spec's layouts, its checks, its label keys) are not
memos of input: they use ``functools.cache`` on the spec object, whose entries
are as many as there are spec files (``declaration.spec.load_spec`` accepts
only their names), whatever the returns hold. They stay when memos are off.
"""

from __future__ import annotations

import functools
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, KeysView
from contextlib import contextmanager
from typing import Any, Generic, Literal, ParamSpec, TypeVar

SWITCH = "XXGK_NO_MEMO"  # set to 1 to remember nothing between inputs

Policy = Literal["lru", "clear"]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
P = ParamSpec("P")
R = TypeVar("R")


class _State:
    on = os.environ.get(SWITCH, "").strip().lower() in ("", "0", "false", "no")


_REGISTRY: dict[str, Memo[Any, Any] | MemoizedFunction[..., Any]] = {}


def enabled() -> bool:
    """Is memoisation on (``XXGK_NO_MEMO`` unset and not switched off)?"""
    return _State.on


def set_enabled(on: bool) -> None:
    """Switch all memoisation on or off for this process; forgets everything."""
    _State.on = on
    clear_all()


@contextmanager
def disabled() -> Iterator[None]:
    """Nothing is remembered inside the block (for tests)."""
    before = _State.on
    set_enabled(False)
    try:
        yield
    finally:
        set_enabled(before)


def clear_all() -> None:
    """Forget what every memo holds."""
    for memo in _REGISTRY.values():
        memo.clear()


def registry() -> dict[str, Memo[Any, Any] | MemoizedFunction[..., Any]]:
    """Every memo of the process by name (its modules imported)."""
    return dict(_REGISTRY)


def _register(name: str, memo: Memo[Any, Any] | MemoizedFunction[..., Any]) -> None:
    if name in _REGISTRY:
        raise ValueError(f"memo {name!r} is defined twice")
    _REGISTRY[name] = memo


class Memo(Generic[K, V]):
    """A bounded mapping remembered across inputs.

    ``get`` is a plain dictionary look-up for the ``clear`` policy (it sits on
    the hottest paths of the reader); ``put`` stores only while memoisation is
    on and keeps the bounds. ``register=False`` makes a memo owned by another
    (cleared with it), not listed on its own.
    """

    def __init__(
        self,
        name: str,
        size: int,
        policy: Policy = "clear",
        *,
        weight: Callable[[V], int] | None = None,
        max_weight: int | None = None,
        register: bool = True,
    ) -> None:
        if size < 1 or (max_weight is not None and weight is None):
            raise ValueError(f"memo {name!r}: a size of at least 1, a weight with max_weight")
        self.name = name
        self.size = size
        self.policy = policy
        self.max_weight = max_weight
        self._weight = weight
        self._total = 0
        self._data: OrderedDict[K, V] | dict[K, V] = OrderedDict() if policy == "lru" else {}
        if policy == "clear":
            self.get = self._data.get  # type: ignore[method-assign,assignment]
        if register:
            _register(name, self)

    def get(self, key: K, default: V | None = None) -> V | None:
        """The remembered value of ``key`` (``default`` when none)."""
        data = self._data
        value = data.get(key, default)
        if value is not default:
            data.move_to_end(key)  # type: ignore[union-attr]
        return value

    def put(self, key: K, value: V) -> V:
        """Remember ``value`` under ``key`` (nothing while memoisation is off); returns it."""
        if not _State.on:
            return value
        data, weigh = self._data, self._weight
        if key in data:
            self._total -= weigh(data.pop(key)) if weigh is not None else 0
        w = weigh(value) if weigh is not None else 0
        if self._full(len(data), w):
            if self.policy == "clear":
                self._clear_data()
            else:
                while data and self._full(len(data), w):
                    _, old = data.popitem(last=False)  # type: ignore[call-arg]
                    self._total -= weigh(old) if weigh is not None else 0
        data[key] = value
        self._total += w
        return value

    def _full(self, count: int, weight: int) -> bool:
        if count >= self.size:
            return True
        return self.max_weight is not None and self._total + weight > self.max_weight

    def child(self, name: str, size: int) -> Memo[Any, Any]:
        """A memo to be held as a value of this one: not listed on its own, forgotten
        with its entry."""
        return Memo(f"{self.name}[{name}]", size, register=False)

    def clear(self) -> None:
        self._clear_data()

    def _clear_data(self) -> None:
        self._data.clear()  # in place: ``get`` may be the dictionary's own method
        self._total = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def keys(self) -> KeysView[K]:
        """The keys held (a live view: set operations with a set are fast)."""
        return self._data.keys()

    def values(self) -> list[V]:
        return list(self._data.values())

    @property
    def weight(self) -> int:
        """Total weight of the values held (0 without a weight function)."""
        return self._total


class MemoizedFunction(Generic[P, R]):
    """A pure function whose results are remembered (``functools.lru_cache`` inside)."""

    def __init__(self, name: str, size: int, fn: Callable[P, R]) -> None:
        self.name = name
        self.size = size
        self.policy: Policy = "lru"
        self.fn = fn
        self.cached = functools.lru_cache(maxsize=size)(fn)
        _register(name, self)

    def clear(self) -> None:
        self.cached.cache_clear()

    def __len__(self) -> int:
        return self.cached.cache_info().currsize


def memoized(name: str, size: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: remember up to ``size`` results of a pure function (least recently
    used forgotten first); with memoisation off the function runs every time."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        memo = MemoizedFunction(name, size, fn)
        cached = memo.cached

        @functools.wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            if _State.on:
                return cached(*args, **kwargs)  # type: ignore[arg-type]
            return fn(*args, **kwargs)

        call.memo = memo  # type: ignore[attr-defined]
        return call

    return wrap
