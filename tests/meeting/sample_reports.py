"""Reports built by hand from the spec, for the renderers' unit tests."""

from __future__ import annotations

from checker.results import DiffLine, FileReport, Finding, Report
from declaration.layout import cell_a1
from declaration.spec import load_spec

HOSTILE_UNIT = "<script>alert(1)</script>[bold]"


def clean_values(fmt: str = "2021", new: int = 5) -> dict[str, float]:
    """A consistent return: ``new`` natural-person applications, all granted."""
    spec = load_spec(fmt)
    inputs = {
        "t3.new.natural": float(new),
        "t3.granted.natural": float(new - 1),
        "t3.partial.natural": 1.0,
        "t3.new.commercial": 2.0,
        "t3.withheld_secret.commercial": 2.0,
        "t4.main.review_upheld": 1.0,
    }
    return spec.compute_totals(inputs)


def balance_finding(fmt: str = "2021") -> Finding:
    """A301 on the natural-person column: 一 + 二 = 5 + 1, 三(七) + 四 = 5 + 0."""
    spec = load_spec(fmt)
    cells = {r: cell_a1(spec, f"t3.{r}.natural") for r in ("new", "carried", "outcome_total")}
    carry = cell_a1(spec, "t3.carry_forward.natural")
    return Finding(
        rule="A301",
        severity="error",
        message="勾稽关系不成立：一 + 二 应等于 三(七) + 四",
        sheet=spec.table("t3").title,
        cell=cells["new"],
        row_label="一、本年新收政府信息公开申请数量",
        col_label="自然人",
        expected=6,
        found=5,
        diff=(
            DiffLine("一 + 二", (cells["new"], cells["carried"]), (5.0, 1.0), 6.0, (1, 1)),
            DiffLine("三(七) + 四", (cells["outcome_total"], carry), (5.0, 0.0), 5.0, (1, 1)),
        ),
        difference=1.0,
    )


def sample_report() -> Report:
    """Two clean offices, one broken one (hostile unit name), one unreadable file."""
    spec = load_spec("2021")
    broken = dict(clean_values())
    broken["t3.carried.natural"] = 1.0
    broken["t3.carried.total"] = 1.0
    blank = Finding(
        "V201", "info", "空白单元格按 0 计", spec.table("t2").title, "B4", "规章", "本年制发件数"
    )
    return Report(
        [
            FileReport(
                "in/东区.xlsx", "pass", "2021", "1.0.0", 2024, "东区政府办", values=clean_values()
            ),
            FileReport(
                "in/西区.xlsx",
                "pass",
                "2021",
                "1.0.0",
                2024,
                "西区政府办",
                findings=[blank],
                values=clean_values(new=9),
            ),
            FileReport(
                "in/坏.xlsx",
                "fail",
                "2021",
                "1.0.0",
                2024,
                HOSTILE_UNIT,
                findings=[balance_finding()],
                values=broken,
            ),
            FileReport(
                "in/乱码.xlsx",
                "unreadable",
                findings=[
                    Finding(
                        "S114",
                        "error",
                        "无法识别报表格式：既没有模板标识，也找不到官方格式的表格标签",
                    )
                ],
            ),
        ]
    )
