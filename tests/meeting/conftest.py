"""The 200-return corpus, written and checked once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.results import Report


@dataclass(frozen=True)
class Corpus:
    folder: Path
    paths: list[Path]
    report: Report


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    from checker.batch import check_paths
    from checker.options import CheckOptions
    from tests.support.corpus import write_corpus

    folder = tmp_path_factory.mktemp("corpus") / "2025年回收"
    paths = write_corpus(folder)
    options = CheckOptions.of(jobs=2, progress=False)
    return Corpus(folder, paths, check_paths([folder], options=options))
