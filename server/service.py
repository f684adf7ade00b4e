"""What the portal does, between the routes and the store: take an upload (stored first,
then checked), say where each office stands, record decisions and confirmations,
and make the round's outputs with the same library as the command line."""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.checking import Checked, CheckerPool, CheckFailed, Job, OutputJob, failed_report
from server.state import STATE_ORDER, OfficeState, finding_key, office_state
from server.store import Office, Store, Upload

KINDS = ("return", "published")


class Refused(Exception):
    """An action the office or supervisor may not take now (Chinese message)."""


@dataclass(frozen=True)
class Row:
    """One office of the supervisor's list."""

    office: Office
    state: OfficeState
    latest: Upload | None


class Portal:
    """The portal over one data folder and one pool of checking workers."""

    def __init__(self, store: Store, pool: CheckerPool) -> None:
        self.store = store
        self.pool = pool

    # -- uploads ---------------------------------------------------------------------

    def upload(self, office: Office, kind: str, name: str, data: bytes, ip: str) -> Upload:
        """Store the file, then check it; the upload with its result."""
        if kind not in KINDS:
            raise Refused("未知的上传类型")
        if not data:
            raise Refused("上传的文件是空的（0 字节），请重新选择文件")
        _refuse_archive(name, data)
        stored = self.store.add_upload(office, kind, name, data, ip)
        what = "上传报表" if kind == "return" else "检查发布的报告"
        self.store.audit(
            f"单位：{office.name}", what, f"第 {stored.version} 版 {name}", ip, office.id
        )
        self._check(office, stored)
        found = self.store.upload(office.id, kind, stored.version)
        assert found is not None
        return found

    def _check(self, office: Office, upload: Upload) -> None:
        job = Job(
            str(self.store.upload_path(office, upload)),
            upload.name,
            office.year,
            self._prior(office),
        )
        try:
            checked: Checked = self.pool.check(job)
        except CheckFailed as exc:
            checked = failed_report(upload.name, str(exc))
        self.store.record_check(upload.id, checked.report, checked.view, checked.values)

    def _prior(self, office: Office) -> str | None:
        round_ = self.store.round(office.year)
        if round_ is None or not round_["has_prior"]:
            return None
        return str(self.store.round_folder(office.year) / "上年")

    def recheck_unchecked(self) -> None:
        """At start: check what was stored but not checked when the server stopped."""
        pending = self.store.unchecked()
        if not pending:
            return

        def run() -> None:
            for office, upload in pending:
                self._check(office, upload)

        threading.Thread(target=run, name="recheck", daemon=True).start()

    # -- where offices stand ------------------------------------------------------------

    def state(self, office: Office) -> OfficeState:
        uploads = self.store.uploads(office.id)
        latest = uploads[0] if uploads else None
        return office_state(office, latest, len(uploads), self.store.decisions(office.id))

    def rows(self, year: int) -> list[Row]:
        """Every office of the round, failing first, then by roster order."""
        rows = []
        for office in self.store.offices(year):
            rows.append(Row(office, self.state(office), self.store.latest(office.id)))
        return sorted(rows, key=lambda r: (STATE_ORDER[r.state.state], r.office.roster_row))

    # -- the office's actions ---------------------------------------------------------

    def explain(self, office: Office, key: tuple[str, str, str], text: str, ip: str) -> None:
        latest = self.store.latest(office.id)
        if latest is None or key not in {finding_key(v) for v in latest.view}:
            raise Refused("该问题不在最新上传的报表中")
        self.store.decide(office.id, key, explanation=text.strip()[:2000])
        self.store.audit(f"单位：{office.name}", "填写说明", " ".join(key), ip, office.id)

    def confirm(self, office: Office, ip: str) -> None:
        state = self.state(office)
        latest = self.store.latest(office.id)
        if latest is None or not state.can_confirm:
            if state.state == "fail":
                raise Refused("报表还有错误，改正并重新上传后才能确认报送")
            if state.unexplained:
                raise Refused(f"还有 {state.unexplained} 个警告没有填写说明，填写后才能确认报送")
            raise Refused("还没有可以确认的报表")
        self.store.confirm(office.id, latest.version)
        self.store.audit(
            f"单位：{office.name}", "确认报送", f"第 {latest.version} 版", ip, office.id
        )

    # -- the supervisor's actions -----------------------------------------------------

    def decide(
        self, office: Office, key: tuple[str, str, str], status: str, note: str, ip: str
    ) -> None:
        if status not in ("pending", "explained", "to_fix"):
            raise Refused("处理意见只能是待处理、已说明或需修改")
        self.store.decide(office.id, key, status=status, note=note.strip()[:2000])
        self.store.audit("主管部门", "处理意见", f"{' '.join(key)} {status}", ip, office.id)

    # -- outputs ------------------------------------------------------------------------

    def latest_files(self, year: int) -> list[tuple[Office, Upload, Path]]:
        out = []
        for office in self.store.offices(year):
            latest = self.store.latest(office.id)
            if latest is not None:
                out.append((office, latest, self.store.upload_path(office, latest)))
        return out

    def returns_zip(self, year: int) -> bytes:
        """The latest upload of each office, named after the office."""
        from common.roster import safe_component, unique_names

        files = self.latest_files(year)
        stems = [safe_component(o.name) for o, _, _ in files]
        suffixes = [_suffix(u.name) for _, u, _ in files]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for (office, upload, path), stem, suffix in zip(files, stems, suffixes, strict=True):
                (name,) = unique_names([f"{stem}-第{upload.version}版"], suffix)
                archive.write(path, f"{year}年度/{office.roster_row:03d}-{name}")
        return buffer.getvalue()

    def _job(self, year: int, kind: str, target: Path) -> tuple[OutputJob, dict[str, Office]]:
        """The latest uploads under names the outputs show; which office each name is."""
        from common.roster import safe_component

        files = self.latest_files(year)
        if not files:
            raise Refused("还没有单位上传报表")
        names = [
            f"{o.roster_row:03d}-{safe_component(o.name)}{_suffix(u.name)}" for o, u, _ in files
        ]
        decisions = tuple(
            (name, rule, sheet, cell, str(row["status"]), str(row["note"]))
            for name, (office, _, _) in zip(names, files, strict=True)
            for (rule, sheet, cell), row in self.store.decisions(office.id).items()
        )
        job = OutputJob(
            kind,
            tuple((str(p), n) for (_, _, p), n in zip(files, names, strict=True)),
            str(target),
            self._prior(files[0][0]),
            decisions,
        )
        return job, {n: o for n, (o, _, _) in zip(names, files, strict=True)}

    def output(self, year: int, kind: str) -> bytes:
        """An output of the round, made by the library as the command line makes it:
        "rollup", "html", "annotate" (a .zip), "publish" (.docx) or "register" (.xlsx)."""
        import tempfile

        suffix = {"rollup": ".xlsx", "html": ".html", "annotate": ".zip", "publish": ".docx"}
        with tempfile.TemporaryDirectory(prefix="xxgk-out-") as tmp:
            target = Path(tmp) / f"输出{suffix.get(kind, '.xlsx')}"
            job, _ = self._job(year, kind, target)
            try:
                made = self.pool.output(job)
            except CheckFailed as exc:
                raise Refused(f"无法生成：{exc}") from None
            if isinstance(made, tuple):  # ("refused", reason)
                raise Refused(str(made[1]))
            return target.read_bytes()

    def import_register(self, year: int, data: bytes, ip: str) -> int:
        """The meeting's decisions from an Excel register; how many were taken."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="xxgk-register-") as tmp:
            target = Path(tmp) / "审核意见.xlsx"
            target.write_bytes(data)
            job, offices = self._job(year, "read_register", target)
            try:
                found = self.pool.output(job)
            except CheckFailed as exc:
                raise Refused(f"无法读取审核意见表：{exc}") from None
        if isinstance(found, str):
            raise Refused(found)
        for name, rule, sheet, cell, status, note in found:
            self.store.decide(offices[name].id, (rule, sheet, cell), status=status, note=note)
        self.store.audit("主管部门", "导入审核意见表", f"{len(found)} 条", ip)
        return len(found)

    def report_data(self, year: int) -> list[dict[str, Any]]:
        """The API's view of the round."""
        return [
            {
                "unit": r.office.name,
                "code": r.office.code,
                "state": r.state.state,
                "errors": r.state.errors,
                "warnings": r.state.warnings,
                "versions": r.state.versions,
            }
            for r in sorted(self.rows(year), key=lambda r: r.office.roster_row)
        ]


def _refuse_archive(name: str, data: bytes) -> None:
    """One upload is one office's file: a .zip of files is refused before it is stored
    (checked in a batch, its members would be returns of their own)."""
    from checker.api import archive_refusal

    refusal = archive_refusal(name, data)
    if refusal is not None:
        raise Refused(refusal)


def _suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ".bin"
