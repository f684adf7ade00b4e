"""One invocation of ``check-workbook``: what every stage of the command is given.

The options as parsed stay on the argparse namespace (``args``, read only); the
checker's options made of them and what one stage hands the next (last year's
index, the register to write back, outputs refused) live here.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.selection import SelectionError
from commands.kit import UsageError

if TYPE_CHECKING:
    from checker.options import CheckOptions
    from checker.rules.cross_year import PriorIndex
    from meeting.decisions import Merge


@dataclass
class Run:
    """One invocation: the options as given, the checker's options made of them, and
    what each stage hands the next (nothing is kept on the argparse namespace)."""

    args: argparse.Namespace
    options: CheckOptions
    prior: PriorIndex | None = None
    register: Merge | None = None  # with --decisions: the register to write back
    refused: list[str] = field(default_factory=list)  # outputs asked for and not written

    @classmethod
    def of(cls, args: argparse.Namespace) -> Run:
        from checker.options import CheckOptions
        from checker.registry import registry

        try:
            options = CheckOptions.of(
                select=args.select,
                ignore=args.ignore,
                known=list(registry()),
                strict=args.strict,
                seconds=args.timeout,
                jobs=args.jobs,
                progress=None,
            )
        except SelectionError:
            raise
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        return cls(args, options)
