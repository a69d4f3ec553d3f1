"""Parsing and OCR of a PDF in a child process that is killed at its limits.

    parent: run(task, …) ──spawn──▶ child: python -m ingest.worker <workdir>/task.json
       │ watches every 0.1 s:            rlimit(AS), own process group, TMPDIR=<workdir>/tmp
       │ RSS of the whole tree,          check_pdf → text layers  |  OCRmyPDF (→ Ghostscript,
       │ wall time                                                    Tesseract children)
       ▼ at a limit: killpg(SIGKILL)     writes <workdir>/result.json: the texts or the error
    IngestError with a German reason ("Texterkennung abgebrochen: Zeitlimit 600 s überschritten")

Why a process: a deflate bomb or a giant page makes Ghostscript and Tesseract take
gigabytes, and a thread cannot be stopped. The child is its own process group, so one
kill ends Tesseract and Ghostscript too; a thread in the child kills that group if the
parent dies or the time is far over (nobody is left to watch). OCRmyPDF's own logging and
stderr games stay in the child: the parent's `sys.stderr` is never touched.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from ingest import errors
from ingest.errors import IngestError, OcrFailed, OcrOutOfMemory, OcrTimeout
from ingest.limits import Limits

_ROOT = Path(__file__).resolve().parents[1]
_POLL = 0.1  # seconds between two looks at the child's memory and time
# A Python child with OCRmyPDF reserves far more address space than it uses (thread
# stacks, malloc arenas); the rlimit is a backstop against runaway allocation, set above
# the tree limit that the watchdog enforces on real memory (RSS).
_ADDRESS_SPACE_FACTOR = 2


@dataclass
class WorkerRun:
    """The result of one task, and what it cost."""

    result: dict[str, Any]
    peak_rss_mb: float
    seconds: float


def run(task: dict[str, Any], workdir: Path, limits: Limits, pages: int, stage: str) -> WorkerRun:
    """Run `task` (see `_perform`) in a child; raise the child's `IngestError`, or one for a limit.

    `pages`: how many pages the task handles (scales the time limit); `stage`: the German
    name of the step for messages ("Texterkennung", "PDF-Prüfung").
    """
    workdir.mkdir(parents=True, exist_ok=True)
    scratch = workdir / "tmp"
    scratch.mkdir(exist_ok=True)
    task_file, result_file, log_file = workdir / "task.json", workdir / "result.json", workdir / "worker.log"
    result_file.unlink(missing_ok=True)
    timeout = limits.timeout_for(pages)
    task_file.write_text(
        json.dumps({**task, "limits": limits.to_dict(), "timeout": timeout, "stage": stage, "result": str(result_file)}),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "TMPDIR": str(scratch),  # OCRmyPDF's ocrmypdf.io.* folders: in our scratch, not /tmp
        "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")])),
        "OMP_THREAD_LIMIT": "1",  # Tesseract: one thread per page process; OCRmyPDF runs pages in parallel
    }
    started = time.monotonic()
    with log_file.open("wb") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "ingest.worker", str(task_file)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group: one killpg ends Tesseract and Ghostscript too
        )
        peak = 0.0
        try:
            peak = _watch(child, limits, timeout, stage)
        finally:
            if child.poll() is None:
                _kill_group(child)
    seconds = time.monotonic() - started
    if not result_file.exists():
        raise OcrFailed(f"{stage} ohne Ergebnis beendet (Code {child.returncode}): {_tail(log_file)}")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    if "error" in result:
        raise _error(result["error"], result["message"])
    return WorkerRun(result, peak, seconds)


def _watch(child: subprocess.Popen, limits: Limits, timeout: float, stage: str) -> float:
    """Wait for the child; kill its group at the memory or time limit. The peak tree RSS in MB."""
    deadline = time.monotonic() + timeout
    peak = 0.0
    try:
        process = psutil.Process(child.pid)
    except psutil.NoSuchProcess:
        child.wait()
        return peak
    while child.poll() is None:
        rss = _tree_rss_mb(process)
        peak = max(peak, rss)
        if rss > limits.ocr_memory_mb:
            _kill_group(child)
            raise _limit(OcrOutOfMemory, stage, f"Speicherlimit {limits.ocr_memory_mb} MB überschritten")
        if time.monotonic() > deadline:
            _kill_group(child)
            raise _limit(OcrTimeout, stage, f"Zeitlimit {timeout:.0f} s überschritten")
        try:
            child.wait(_POLL)
        except subprocess.TimeoutExpired:
            pass
    if child.returncode in (-signal.SIGKILL, -signal.SIGSEGV) or child.returncode == 137:
        # Killed by the kernel (OOM) or its own guard before it could write a result.
        raise _limit(OcrOutOfMemory, stage, f"Speicherlimit {limits.ocr_memory_mb} MB überschritten")
    return peak


def _tree_rss_mb(process: psutil.Process) -> float:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


def _kill_group(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.wait()


def _limit(cls: type[IngestError], stage: str, detail: str) -> IngestError:
    """ "Texterkennung abgebrochen: Zeitlimit 600 s überschritten" (the stage names the step)."""
    return _error(cls.__name__, f"{stage} abgebrochen: {detail}")


def _error(name: str, message: str) -> IngestError:
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, IngestError)):
        cls = OcrFailed
    error = cls()
    error.args = (message,)
    return error


def _tail(log_file: Path, chars: int = 300) -> str:
    text = log_file.read_text(encoding="utf-8", errors="replace").strip()
    return text[-chars:] or "keine Ausgabe"


# --- The child --------------------------------------------------------------------------


def _perform(task: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """What the child does: "inspect" (limits, then text layers) or "ocr" (OCRmyPDF)."""
    from ingest import ocr
    from ingest.limits import check_pdf

    path = Path(task["path"])
    if task["op"] == "inspect":
        check_pdf(path, limits)
        return {"texts": ocr.text_layers(path)}
    if task["op"] == "ocr":
        texts = ocr.run_ocr_here(
            path, Path(task["output"]), task["pages"], force=task["force"], jobs=task.get("jobs"), limits=limits
        )
        return {"texts": {str(k): v for k, v in texts.items()}}
    raise ValueError(f"unknown task {task['op']!r}")


def _guard(timeout: float) -> None:
    """In the child: end the whole group if the parent is gone or the time is far over."""
    parent = os.getppid()
    deadline = time.monotonic() + timeout + 30

    def watch() -> None:
        while os.getppid() == parent and time.monotonic() < deadline:
            time.sleep(1)
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def main(task_file: str) -> int:
    task = json.loads(Path(task_file).read_text(encoding="utf-8"))
    limits = Limits(**task["limits"])
    address_space = limits.ocr_memory_mb * _ADDRESS_SPACE_FACTOR * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    _guard(task["timeout"])
    try:
        outcome = _perform(task, limits)
    except IngestError as e:
        outcome = {"error": type(e).__name__, "message": str(e)}
    except MemoryError:  # the rlimit hit Python itself
        outcome = {"error": "OcrOutOfMemory", "message": f"{task['stage']} abgebrochen: Speicherlimit {limits.ocr_memory_mb} MB überschritten"}
    result = Path(task["result"])
    tmp = result.with_suffix(".tmp")
    tmp.write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
    tmp.replace(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
