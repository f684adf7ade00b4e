"""Sample returns: table values of real published reports, as {cell id: value}.

``haibinjie-2020`` is the 海滨街 2020 report (2019 format), transcribed from
the published text. It is the clean return: "7433.99万" is stored as the number
7433.99 (万元) and the cells the office left blank are stored as 0. Tests derive
the dirty variants (text, units, blanks) from it.
"""

from __future__ import annotations

import json
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent

# name -> (format, report year, unit)
SAMPLES: dict[str, tuple[str, int, str]] = {
    "haibinjie-2020": ("2019", 2020, "海滨街"),
}


def sample_values(name: str) -> dict[str, object]:
    """The cell values of a sample return, keyed by cell id."""
    path = SAMPLE_DIR / f"{name}.json"
    if not path.exists():
        raise KeyError(f"没有名为 {name} 的样例数据（可用：{', '.join(sorted(SAMPLES))}）")
    with path.open(encoding="utf-8") as fh:
        values: dict[str, object] = json.load(fh)
    return values
