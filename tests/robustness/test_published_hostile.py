"""Published reports (web pages, Word, PDF, copied text) that are hostile or broken.

Every reader is bounded by what the file holds (pages, inflated content, lines,
cells), and a report that cannot be read is named by its real cause with the
spreadsheets' F rules: F007 beyond a limit, F002 encrypted, F003 damaged. F011
("not a return") is left for documents that are readable and hold no report.
Peak memory is measured in a child process (VmHWM), never timed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from checker import check_paths
from tests.published_unit.pages import consistent_values, page
from tests.robustness import pdfs
from tests.robustness.hostile import probe

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).parents[2]
REFUSED_RSS_MB = 150  # start-up, lxml and pdfminer: the hostile content adds little


def _verdict(path: Path) -> tuple[str, list[str]]:
    (report,) = check_paths([path]).files
    return report.status, [f.rule for f in report.findings]


def _probe_rule(path: Path, rule: str) -> None:
    result = probe(str(path))
    assert "Traceback" not in result.stderr and result.code == 1, result.stderr[-2000:]
    (only,) = result.files()
    assert [f["rule"] for f in only["findings"]] == [rule], only  # type: ignore[index]
    assert result.peak_mb < REFUSED_RSS_MB, result.peak_mb


@pytest.mark.slow
def test_a_pdf_whose_page_inflates_to_a_gigabyte(tmp_path: Path) -> None:
    _probe_rule(pdfs.stream_bomb(tmp_path / "炸弹.pdf"), "F007")


def test_a_pdf_of_100000_pages(tmp_path: Path) -> None:
    _probe_rule(pdfs.many_pages(tmp_path / "十万页.pdf"), "F007")


def test_a_pdf_whose_page_count_lies(tmp_path: Path) -> None:
    assert _verdict(pdfs.many_pages(tmp_path / "谎报.pdf", 400, declared=1)) == (
        "unreadable",
        ["F007"],
    )


def test_an_encrypted_pdf_is_f002(tmp_path: Path) -> None:
    assert _verdict(pdfs.encrypted(tmp_path / "加密.pdf")) == ("unreadable", ["F002"])


def test_a_readable_letter_is_f011(tmp_path: Path) -> None:
    assert _verdict(pdfs.letter(tmp_path / "函.pdf")) == ("unreadable", ["F011"])


def _docx(target: Path, document_xml: bytes | None = None) -> Path:
    import docx

    docx.Document().save(str(target))
    if document_xml is None:
        return target
    source = target.with_suffix(".orig")
    target.rename(source)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = document_xml if info.filename == "word/document.xml" else zin.read(info)
            zout.writestr(info, data)
    source.unlink()
    return target


def test_a_damaged_docx_is_f003(tmp_path: Path) -> None:
    broken = _docx(tmp_path / "损坏.docx", b"<w:document xmlns:w='x'><w:body><w:p>")
    assert _verdict(broken) == ("unreadable", ["F003"])
    truncated = tmp_path / "截断.docx"
    truncated.write_bytes(_docx(tmp_path / "whole.docx").read_bytes()[:3000])
    assert _verdict(truncated) == ("unreadable", ["F003"])


def test_a_docx_bomb_is_f007(tmp_path: Path) -> None:
    bomb = _docx(tmp_path / "炸弹.docx", b"<w:document>" + b" " * (300 * 1024 * 1024))
    _probe_rule(bomb, "F007")


def test_a_table_too_large_is_f007_not_f011(tmp_path: Path) -> None:
    rows = "".join("<tr>" + "<td>1</td>" * 50 + "</tr>" for _ in range(2000))
    html = page(consistent_values()).replace("</body>", f"<table>{rows}</table></body>")
    target = tmp_path / "大表.html"
    target.write_text(html, encoding="utf-8")
    assert _verdict(target) == ("unreadable", ["F007"])


def test_thirty_megabytes_of_copied_cells(tmp_path: Path) -> None:
    target = tmp_path / "复制.txt"
    line = "\t".join(["1"] * 255) + "\n"
    with target.open("w", encoding="utf-8") as fh:
        fh.write("某某镇2022年政府信息公开工作年度报告\n")
        fh.write(line * (30 * 1024 * 1024 // len(line)))
    _probe_rule(target, "F007")


def test_a_title_of_40000_brackets_in_last_years_folder(tmp_path: Path) -> None:
    text = (DATA / "haibinjie-2020-report.txt").read_text(encoding="utf-8")
    prior = tmp_path / "上年"
    prior.mkdir()
    hostile = text.replace("海滨街2020年", "(" * 40_000 + "海滨街2019年", 1)
    (prior / "海滨街2019.txt").write_text(hostile, encoding="utf-8")
    current = tmp_path / "海滨街2020.txt"
    shutil.copy(DATA / "haibinjie-2020-report.txt", current)
    done = subprocess.run(
        [sys.executable, "-m", "commands.check_workbook", str(current), "--prior", str(prior),
         "--format", "json"],
        capture_output=True, text=True, timeout=20, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert '"F012"' not in done.stdout


def _address_space(_: int) -> int:
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]


def test_batch_workers_have_a_memory_ceiling() -> None:
    import resource

    from checker.batch import _init_checker
    from checker.options import CheckOptions
    from common.parallel import parallel_map

    caps = parallel_map(
        _address_space, list(range(16)), jobs=2, initializer=_init_checker,
        initargs=(CheckOptions(), None),
    )  # fmt: skip
    assert all(cap != resource.RLIM_INFINITY for cap in caps), caps
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY, "not the parent"
