"""A supervising office's year, built from the spec at test time.

30 offices on a roster (GBK CSV and .xlsx); last year's returns (2024) for all
but one office; this year's templates distributed with ``build-template
--roster --prior``; returns filled into those templates with openpyxl, some
of them wrong. ``EXPECTED`` lists what the batch check must find per file.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

from declaration.layout import cell_address
from declaration.spec import FormSpec, load_spec

YEAR = 2025
SPEC = load_spec("2021")
OFFICES: list[tuple[str, str]] = [(f"某某市第{i:02d}局", f"1135{i:04d}") for i in range(1, 31)]
# no code on the roster for the last office: matched by name only
OFFICES[29] = ("某某街道办事处", "")

NO_PRIOR = 3  # no return last year: blank carry-over row, X504
MISSING = 5  # sends nothing: R601
DUPLICATE = 7  # sends two files: R603
OLD_FORMAT = 9  # fills a 2019-format template: R605 (and S115)
WRONG_YEAR = 11  # sends last year's return again: R604
ARITHMETIC = 13  # 一 + 二 ≠ 三(七) + 四: A301
CARRY_OVER = 15  # 二、上年结转 typed differently from last year: X501
JUMP = 17  # ten times more new applications than last year: X503
UNKNOWN_FILE = "外单位的报告.xlsx"  # from an office not on the roster: R602
FILLED_MINIMAL = {"t4.main.review_other": 1}  # one figure: the form is filled in


def roster_rows() -> list[tuple[str, str]]:
    return [("单位名称", "单位代码"), *OFFICES]


def write_roster_csv(path: Path) -> Path:
    text = "\r\n".join(",".join(row) for row in roster_rows()) + "\r\n"
    path.write_bytes(text.encode("gbk"))
    return path


def write_roster_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名单"
    for name, code in roster_rows():
        ws.append([name, code or None])
    wb.save(path)
    return path


def year_values(
    spec: FormSpec, rng: random.Random, carried: dict[str, float] | None
) -> dict[str, int]:
    """A consistent return: every rule holds; 二、上年结转 = ``carried`` when given."""
    values: dict[str, int] = {}
    for col in spec.sets["applicants"]:
        new = rng.randint(2, 6)  # totals 12..36 from year to year: never a ×3 jump
        car = int(carried.get(f"t3.carry_forward.{col}", 0)) if carried else rng.randint(0, 2)
        handled = rng.randint(0, new + car)
        granted = rng.randint(0, handled)
        values |= {
            f"t3.new.{col}": new,
            f"t3.carried.{col}": car,
            f"t3.granted.{col}": granted,
            f"t3.declined_repeat.{col}": handled - granted,
            f"t3.carry_forward.{col}": new + car - handled,
        }
    for grp in spec.sets["t4_groups"]:
        for result in spec.sets["t4_results"]:
            values[f"t4.main.{grp}_{result}"] = rng.randint(0, 2)
    return values


def t2_values(prior: dict[str, float] | None, rng: random.Random) -> dict[str, int]:
    """Table 二 (2021): 现行有效件数 follows last year's (X502 holds)."""
    values: dict[str, int] = {}
    for row in SPEC.sets["art20_1_rows"]:
        issued, repealed = rng.randint(0, 5), rng.randint(0, 2)
        base = int(prior[f"t2.{row}.valid"]) if prior else rng.randint(5, 20)
        values |= {
            f"t2.{row}.issued": issued,
            f"t2.{row}.repealed": repealed,
            f"t2.{row}.valid": base + issued - repealed,
        }
    return values


def fill(template: Path, target: Path, values: dict[str, int]) -> Path:
    """Type values into a distributed template as an office would (openpyxl)."""
    from openpyxl import load_workbook

    wb = load_workbook(template)
    for cell_id, value in values.items():
        sheet, row, col = cell_address(SPEC, cell_id)
        wb[sheet].cell(row + 1, col + 1).value = value
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def digests(*folders: Path) -> dict[str, str]:
    """sha256 of every file below the folders (inputs must never change)."""
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass
class Scenario:
    root: Path
    roster_csv: Path
    roster_xlsx: Path
    prior_dir: Path
    distributed: Path
    returns_dir: Path
    prior_values: dict[str, dict[str, float]] = field(default_factory=dict)  # by office name
    return_files: dict[str, list[Path]] = field(default_factory=dict)  # by office name
    distribute_output: str = ""
    inputs_before: dict[str, str] = field(default_factory=dict)  # sha256 around build-template
    inputs_after: dict[str, str] = field(default_factory=dict)

    def template_of(self, index: int) -> Path:
        return self.distributed / f"{YEAR}年-{OFFICES[index][0]}.xlsx"


def build_prior(scenario: Scenario, rng: random.Random) -> None:
    from template_builder.writer import build_template

    scenario.prior_dir.mkdir(parents=True)
    for index, (name, code) in enumerate(OFFICES):
        if index == NO_PRIOR:
            continue
        values: dict[str, int] = year_values(SPEC, rng, None) | t2_values(None, rng)
        path = scenario.prior_dir / f"{YEAR - 1}年-{index:02d}.xlsx"
        build_template(SPEC, year=YEAR - 1, path=path, unit=name, code=code or None, values=values)
        scenario.prior_values[name] = SPEC.compute_totals({k: float(v) for k, v in values.items()})


def build_returns(scenario: Scenario, rng: random.Random) -> None:
    """Fill the distributed templates; the special offices go wrong on purpose."""
    import shutil

    from template_builder.writer import build_template

    for index, (name, code) in enumerate(OFFICES):
        if index == MISSING:
            continue
        prior = scenario.prior_values.get(name)
        values = year_values(SPEC, rng, prior) | t2_values(prior, rng)
        if index == ARITHMETIC:
            values["t3.new.natural"] += 1
        if index == CARRY_OVER:
            values["t3.carried.natural"] += 2
            values["t3.carry_forward.natural"] += 2
        if index == JUMP:
            values["t3.new.natural"] += 200
            values["t3.granted.natural"] += 200
        target = scenario.returns_dir / f"{index:02d}-{name}.xlsx"
        if index == OLD_FORMAT:
            old = load_spec("2019")
            old_values = year_values(old, rng, prior)
            build_template(
                old, year=YEAR, path=target, unit=name, code=code or None, values=old_values
            )
        elif index == WRONG_YEAR:
            shutil.copyfile(scenario.prior_dir / f"{YEAR - 1}年-{index:02d}.xlsx", target)
        else:
            fill(scenario.template_of(index), target, values)
        scenario.return_files[name] = [target]
        if index == DUPLICATE:
            again = scenario.returns_dir / f"{index:02d}-{name}（修改版）.xlsx"
            fill(scenario.template_of(index), again, values)
            scenario.return_files[name].append(again)
    build_template(
        SPEC,
        year=YEAR,
        path=scenario.returns_dir / UNKNOWN_FILE,
        unit="某某省直属单位",
        values=FILLED_MINIMAL,  # a filled return (an untouched template is V217)
    )


# What the batch check must report, per return file (rules other than V201 blanks).
def expected_rules() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for index, (name, _) in enumerate(OFFICES):
        if index == MISSING:
            continue
        rules: list[str] = []
        if index == NO_PRIOR:
            rules = ["X504"]
        elif index == OLD_FORMAT:
            rules = ["S115"]
        elif index == WRONG_YEAR:
            rules = ["X504"]  # a 2024 return looks for a 2023 return
        elif index == ARITHMETIC:
            rules = ["A301", "A301"]  # 自然人 and 总计 columns
        elif index == CARRY_OVER:
            rules = ["X501", "X501"]
        elif index == JUMP:
            rules = ["X503"]
        out[f"{index:02d}-{name}.xlsx"] = rules
        if index == DUPLICATE:
            out[f"{index:02d}-{name}（修改版）.xlsx"] = []
    out[UNKNOWN_FILE] = ["X504"]
    return out
