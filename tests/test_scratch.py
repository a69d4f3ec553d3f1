"""Scratch lives under <data>/.scratch/ and OCR work survives a kill of the batch."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from ingest.archive import Archive
from ingest.pipeline import ingest_paths

ROOT = Path(__file__).resolve().parents[1]


def test_a_killed_batch_leaves_scratch_to_the_next_writer_and_keeps_its_ocr(
    scan_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    data = tmp_path / "data"
    first = shutil.copyfile(scan_pdf, tmp_path / "erste.pdf")
    second = tmp_path / "zweite.pdf"
    second.write_bytes(scan_pdf.read_bytes() + b"\n% zweite Fassung\n")  # another file, same pages
    code = f"""
        import pathlib
        from ingest.archive import Archive
        from ingest.pipeline import ingest_paths
        ingest_paths([pathlib.Path({str(first)!r}), pathlib.Path({str(second)!r})], Archive(pathlib.Path({str(data)!r})), jobs=1)
    """
    batch = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    cached = data / ".scratch" / "ocr" / hashlib.sha256(first.read_bytes()).hexdigest() / "result.json"
    try:
        # The first file is OCR'd and cached; OCRmyPDF works on the second, in our scratch.
        _wait(lambda: cached.exists() and list((data / ".scratch").glob(f"{batch.pid}-*/*/ocr/tmp/ocrmypdf.io.*")), batch)
    finally:
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
    # The worker notices that its parent is gone and ends its whole process group.
    deadline = time.monotonic() + 15
    while _processes_in(data / ".scratch") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_in(data / ".scratch")
    leftovers = list((data / ".scratch").glob(f"{batch.pid}-*"))
    assert leftovers and Archive(data).ids() == []  # killed before its store pass

    # The next batch takes the OCR result from the cache (no worker runs) and cleans up.
    def no_worker(*args, **kwargs):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr("ingest.worker.run", no_worker)
    report = ingest_paths([first], Archive(data))
    assert not report.failed and report.ocr_pages == 2
    archive = Archive(data)
    assert "Zeitraum vom 01.08.2020 bis 31.07.2022" in archive.get("erste").text
    assert (archive.path_of("erste") / "searchable.pdf").exists()
    assert not any(p.exists() for p in leftovers)
    assert not cached.parent.exists()  # stored: dropped from the cache
    assert sorted(p.name for p in (data / ".scratch").iterdir()) == ["ocr"]


def _processes_in(scratch: Path) -> list[str]:
    found = []
    for process in psutil.process_iter(["name"]):
        try:
            if process.environ().get("TMPDIR", "").startswith(str(scratch)):
                found.append(process.info["name"])
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


def _wait(condition, child: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert child.poll() is None, "the batch ended early"
        assert time.monotonic() < deadline, "the batch did not get there"
        time.sleep(0.1)
