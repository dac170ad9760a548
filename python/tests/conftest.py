"""Shared fixtures: the repository, and the `sla` command built from it (the reference every
Python answer is compared with)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "data" / "kanban-2025.jsonl"
AS_OF = "2026-01-01T00:00:00+08:00"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def sla_bin() -> Path:
    """The `sla` CLI: $SLA_BIN, else `cargo build --features cli` (a no-op when .ci/run's
    `cargo test --all-features` has built it)."""
    given = os.environ.get("SLA_BIN")
    if given:
        return Path(given)
    subprocess.run(
        ["cargo", "build", "--quiet", "--features", "cli", "--bin", "sla"],
        cwd=REPO,
        check=True,
    )
    return REPO / "target" / "debug" / "sla"


def run_sla(
    sla_bin: Path, args: list[str], cwd: Path = REPO, stdin: bytes = b""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(sla_bin), *args], cwd=cwd, input=stdin, capture_output=True, check=False
    )
