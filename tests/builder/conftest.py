"""Templates built once per test session, from the specs."""

from __future__ import annotations

from pathlib import Path

import pytest

from declaration.spec import FormSpec, all_specs
from template_builder.writer import build_template

YEARS = {"2019": 2020, "2021": 2025}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[FormSpec, Path]]:
    """Blank template of every format (unit 海滨街, code 001)."""
    folder = tmp_path_factory.mktemp("templates")
    return {
        spec.format: (
            spec,
            build_template(
                spec,
                year=YEARS[spec.format],
                path=folder / f"{spec.format}.xlsx",
                unit="海滨街",
                code="001",
            ),
        )
        for spec in all_specs()
    }
