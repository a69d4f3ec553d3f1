"""Ingest on a Dask LocalCluster (2 workers) gives the archive and index of a serial run.

Real council texts (tests/data/real/) and one scanned page (real OCR), both ingested once
serially and once distributed; compared: ids, document.json except the timestamp,
outcomes, passages and their vectors (e5).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("dask.distributed", reason="Dask fehlt: pip install 'ratsarchiv[distributed]'")

from ingest.archive import DOCUMENT_JSON  # noqa: E402
from kb.library import Library  # noqa: E402
from tests.conftest import PAGE_1, render_scan  # noqa: E402

REAL = Path(__file__).parent / "data" / "real"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for path in sorted(REAL.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    # Same stem in a subfolder: the second file needs its own id (Archive.id_for_origin).
    (folder / "sub").mkdir()
    shutil.copy(REAL / "10033.txt", folder / "sub" / "10033.txt")
    (folder / "leer.pdf").write_bytes(b"%PDF-1.4 kaputt")  # fails by name, in both runs
    render_scan(folder / "scan-schulsozialarbeit.pdf", [PAGE_1])
    return folder


def _run(root: Path, inputs: Path, **cluster) -> tuple[Library, object]:
    library = Library(root, model="e5")
    return library, library.ingest([inputs], **cluster)


def _archive(library: Library) -> dict[str, dict]:
    docs = {}
    for doc_id in library.archive.ids():
        data = json.loads((library.archive.path_of(doc_id) / DOCUMENT_JSON).read_text(encoding="utf-8"))
        data.pop("ingested_at")
        docs[doc_id] = data
    return docs


def _index(library: Library) -> dict[str, tuple[str, dict, list[float]]]:
    return {d.id: (d.content, d.meta, d.embedding) for d in library.store.filter_documents()}


@pytest.mark.slow
def test_two_workers_equal_a_serial_run(tmp_path, inputs):
    serial, serial_result = _run(tmp_path / "serial", inputs)
    spread, spread_result = _run(tmp_path / "dask", inputs, workers=2)

    def outcomes(result):
        return [(o.path, o.status, o.document_id, o.pages, o.ocr_pages, o.repaired_words, o.error)
                for o in result.report.outcomes]

    assert outcomes(spread_result) == outcomes(serial_result)
    assert [o.path.name for o in serial_result.report.failed] == ["leer.pdf"]
    assert _archive(spread) == _archive(serial)
    assert len(_archive(serial)) == 8  # 6 texts, the second 10033.txt, the scan
    assert any(p["origin"] == "ocr" for d in _archive(serial).values() for p in d["pages"])

    a, b = _index(serial), _index(spread)
    assert a.keys() == b.keys() and len(a) > 10
    for pid in a:
        assert b[pid][:2] == a[pid][:2]
        assert np.allclose(b[pid][2], a[pid][2], atol=1e-6)
    assert spread_result.index.passages == serial_result.index.passages

    # A second distributed run finds everything unchanged, as a serial one does.
    again = spread.ingest([inputs], workers=2)
    assert again.report.count("unchanged") == 8 and again.index.indexed == 0


def test_workers_must_be_a_positive_number(capsys):
    from kb.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["ingest", str(REAL), "--workers", "0"])
    assert exit_.value.code == 2
    assert "keine positive ganze Zahl" in capsys.readouterr().err


def test_serial_ingest_never_imports_dask(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from kb.library import Library; "
        f"r = Library(Path({str(tmp_path)!r}), model=None).ingest([Path({str(REAL / '10033.txt')!r})]); "
        "assert r.ok and r.report.count('ingested') == 1; "
        "assert not any(m == 'dask' or m.startswith(('dask.', 'distributed')) for m in sys.modules), 'dask imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def test_unreachable_scheduler_is_told_in_german_and_nothing_is_stored(tmp_path):
    from ingest.distributed import ClusterUnavailable

    library = Library(tmp_path, model=None)
    with pytest.raises(ClusterUnavailable, match="Dask-Scheduler ist nicht erreichbar: tcp://127.0.0.1:1"):
        library.ingest([REAL / "10033.txt"], scheduler="tcp://127.0.0.1:1")
    assert library.archive.ids() == []


def test_length_batches_keep_the_order_and_the_vectors():
    """Passages are embedded in batches sorted by length; each keeps its own vector, in input order."""
    from haystack import Document as Passage

    from kb.embedders import E5DocumentEmbedder

    texts = ["Förderung der Schulsozialarbeit an zwölf Schulen im Kreisgebiet für zwei Jahre.",
             "Haushalt", "Der Kreistag beschließt die Haushaltssatzung 2021.", "Radverkehr"]
    passages = [Passage(id=str(i), content=t) for i, t in enumerate(texts)]
    together = E5DocumentEmbedder(batch_size=2).run(documents=passages)["documents"]
    alone = [E5DocumentEmbedder(batch_size=1).run(documents=[p])["documents"][0] for p in passages]
    assert [d.id for d in together] == ["0", "1", "2", "3"]
    for a, b in zip(together, alone):
        assert np.allclose(a.embedding, b.embedding, atol=1e-4)
