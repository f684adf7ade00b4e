"""Rebuild the committed blank templates: ``python -m template_builder.regenerate``.

One file per spec, ``templates/template-<format>.xlsx``. A format still in force
is built for ``REFERENCE_YEAR``; a closed one for its last year. The golden-file
test (tests/builder/test_golden.py) fails when these files are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from declaration.spec import SPEC_DIR, FormSpec, all_specs

REFERENCE_YEAR = 2025


def reference_year(spec: FormSpec) -> int:
    return spec.last_year if spec.last_year is not None else max(spec.first_year, REFERENCE_YEAR)


def template_path(spec: FormSpec, folder: Path = SPEC_DIR) -> Path:
    return folder / f"template-{spec.format}.xlsx"


def regenerate(folder: Path = SPEC_DIR) -> list[Path]:
    """Build the blank template of every spec into ``folder``."""
    from template_builder.writer import build_template

    return [
        build_template(spec, year=reference_year(spec), path=template_path(spec, folder))
        for spec in all_specs()
    ]


def main() -> int:
    for path in regenerate():
        print(f"已生成：{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
