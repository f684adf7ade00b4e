"""Office names written the way offices write them: the standard short forms.

平潭综合实验区管委会 this year, 平潭综合实验区管理委员会 last year are one office:
the carry-over check runs, and the report says it matched by short form. A
short form is used only when it gives one candidate. A roster may list aliases
(别名). The expected verdict of each case is written before it is run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import CheckOptions, check_paths, load_prior
from common.roster import read_roster
from declaration.short_forms import short_form_key
from tests.verdicts.office import REAL_2021, known, spec_2021, template_return

SPEC = spec_2021()
ONE = CheckOptions.of(jobs=1)

SAME = [
    ("平潭综合实验区管委会", "平潭综合实验区管理委员会"),
    ("某某街道", "某某街道办事处"),
    ("南湖区政府", "南湖区人民政府"),
    ("嘉兴市政府", "嘉兴市人民政府"),
    ("南湖区政府办", "南湖区人民政府办公室"),
    ("福州市卫健委", "福州市卫生健康委员会"),
    ("福建省发改委", "福建省发展和改革委员会"),
    ("福建省发展改革委", "福建省发展和改革委员会"),
    ("嘉兴市住建局", "嘉兴市住房和城乡建设局"),
    ("福州市人社局", "福州市人力资源和社会保障局"),
    ("鼓楼区市监局", "鼓楼区市场监督管理局"),
    ("鼓楼区市场监管局", "鼓楼区市场监督管理局"),
    ("南湖区教体局", "南湖区教育和体育局"),
    ("某某区卫健委（本级）", "某某区卫生健康委员会"),
    ("某某区 卫健委", "某某区卫生健康委员会"),
]
DIFFERENT = [
    ("某某区卫健委", "某某区卫健局"),
    ("某某区教育局", "某某区卫生健康委员会"),
    ("某某区发改委", "某某区发改局"),
]


@pytest.mark.parametrize(("short", "full"), SAME)
def test_standard_short_forms_have_one_key(short: str, full: str) -> None:
    assert short_form_key(short) == short_form_key(full)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_other_offices_keep_their_keys(one: str, other: str) -> None:
    assert short_form_key(one) != short_form_key(other)


def _carry_over_wrong(path: Path, unit: str) -> Path:
    values = dict(known(SPEC, REAL_2021))
    values["t3.carried.natural"] = 5  # last year carried 4 forward
    values["t3.new.natural"] = 38
    return template_return(path, values, unit=unit)


def test_prior_found_by_short_form_runs_the_carry_over_check(tmp_path: Path) -> None:
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "上年.xlsx", year=2024, unit="平潭综合实验区管理委员会")
    template_return(prior_dir / "其他.xlsx", year=2024, unit="某某区教育局")
    _carry_over_wrong(this_dir / "本年.xlsx", "平潭综合实验区管委会")
    report = check_paths([this_dir], options=ONE, prior=load_prior(prior_dir, ONE))
    (fr,) = report.files
    rules = [f.rule for f in fr.findings]
    assert rules.count("X501") == 2 and "X505" not in rules and "X504" not in rules
    assert fr.skipped == []
    (note,) = [n for n in fr.notes if "简称" in n]
    assert "平潭综合实验区管委会" in note and "平潭综合实验区管理委员会" in note


def test_two_candidates_by_short_form_are_not_used(tmp_path: Path) -> None:
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "a.xlsx", year=2024, unit="某某街道办事处")
    template_return(prior_dir / "b.xlsx", year=2024, unit="某某街道办事处（本级）")
    template_return(prior_dir / "c.xlsx", year=2024, unit="某某街道（党工委）")
    _carry_over_wrong(this_dir / "本年.xlsx", "某某街道")
    report = check_paths([this_dir], options=ONE, prior=load_prior(prior_dir, ONE))
    (fr,) = report.files
    # 某某街道（党工委） matches without brackets: the short form is not needed
    assert not [n for n in fr.notes if "简称" in n]
    assert fr.skipped == []


def test_ambiguous_short_form_leaves_the_check_undone_and_says_so(tmp_path: Path) -> None:
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "a.xlsx", year=2024, unit="某某街道办事处")
    template_return(prior_dir / "b.xlsx", year=2024, unit="某某街道办事处（本级）")
    _carry_over_wrong(this_dir / "本年.xlsx", "某某街道")
    report = check_paths([this_dir], options=ONE, prior=load_prior(prior_dir, ONE))
    (fr,) = report.files
    assert "X501" not in {f.rule for f in fr.findings}
    assert not [n for n in fr.notes if "简称" in n]
    assert fr.skipped and "X501" in fr.skipped[0].rules


def test_roster_matches_by_short_form_and_by_alias(tmp_path: Path) -> None:
    folder = tmp_path / "本年"
    folder.mkdir()
    template_return(folder / "a.xlsx", unit="某某区卫健委")
    template_return(folder / "b.xlsx", unit="区数据局")
    roster_path = tmp_path / "名单.csv"
    roster_path.write_text(
        "单位名称,单位代码,别名\n某某区卫生健康委员会,,\n某某区政务服务和数据管理局,,区数据局；数据局\n",
        encoding="utf-8",
    )
    report = check_paths([folder], options=ONE, roster=read_roster(roster_path))
    assert report.roster is not None
    assert [f.rule for f in report.roster.findings] == []
    by_file = {Path(f.path).name: f for f in report.files}
    assert any(
        "按单位名称的规范简称对应到名单中的“某某区卫生健康委员会”" in n
        for n in by_file["a.xlsx"].notes
    )
    assert not [n for n in by_file["b.xlsx"].notes if "简称" in n]  # the alias is a name


def test_roster_alias_column_is_read(tmp_path: Path) -> None:
    roster_path = tmp_path / "名单.csv"
    roster_path.write_text("单位名称,别名\n甲局,甲;甲 局、甲局机关\n乙局,\n", encoding="utf-8")
    roster = read_roster(roster_path)
    assert [e.aliases for e in roster] == [("甲", "甲 局", "甲局机关"), ()]
    assert roster.find("甲局机关", None) == roster.entries[0]
