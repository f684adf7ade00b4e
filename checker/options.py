"""The options of a run: one object for the library, the CLI and the server.

Nothing else carries options between the stages of a run: every stage that
needs the selection, the strictness or the time budget is given this object.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from checker.read.limits import FILE_SECONDS
from checker.selection import Selection


@dataclass(frozen=True)
class CheckOptions:
    """How a run checks.

    ``selection``: which rules are reported (``--select``/``--ignore``);
    ``strict``: warnings fail a return too; ``seconds``: the time one file may
    take before it is reported as timed out (F012), for every file the run
    reads, last year's included; ``jobs``: worker processes (None: one per
    core, none for a few files); ``progress``: a progress bar on stderr (None:
    only for long runs on a terminal).
    """

    selection: Selection = field(default_factory=Selection)
    strict: bool = False
    seconds: float = FILE_SECONDS
    jobs: int | None = None
    progress: bool | None = False

    @classmethod
    def of(
        cls,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        known: Sequence[str] | None = None,
        strict: bool = False,
        seconds: float | None = None,
        jobs: int | None = None,
        progress: bool | None = False,
    ) -> CheckOptions:
        """Options from the values users give (rule codes as strings; ``known``:
        the registry's ids, to reject a code that matches no rule)."""
        if jobs is not None and jobs < 1:
            raise ValueError("--jobs 须为正整数")
        return cls(
            selection=Selection.from_options(select, ignore, known),
            strict=strict,
            seconds=FILE_SECONDS if seconds is None else seconds,
            jobs=jobs,
            progress=progress,
        )
