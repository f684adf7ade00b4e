"""Sample returns written as filled templates (for the demo and the tests)."""

from __future__ import annotations

from pathlib import Path

from declaration.samples import SAMPLES, sample_values
from declaration.spec import load_spec


def build_sample(path: Path | str, name: str = "haibinjie-2020") -> Path:
    """Write the template of the sample's format filled with the sample's values."""
    from template_builder.writer import build_template

    fmt, year, unit = SAMPLES[name]
    return build_template(
        load_spec(fmt), year=year, path=path, unit=unit, values=sample_values(name)
    )
