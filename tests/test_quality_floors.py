"""Quality floors, measured by the evaluation scripts on the data in the repo.

Slow parts run the real pipeline (OCRmyPDF + Tesseract) over the whole sample corpus once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import eval_ocr, eval_repair, eval_search
from ingest.metadata import extract_metadata
from tests.conftest import ROOT

PAPERS = json.loads((ROOT / "tests" / "eval" / "corpus" / "papers.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def repair_figures() -> eval_repair.RepairFigures:
    return eval_repair.evaluate()


def test_seed_repair_word_error_rate(repair_figures):
    assert repair_figures.seed_raw_wer > 0.08  # the seed really is damaged
    assert repair_figures.seed_wer <= 0.010
    assert repair_figures.seed_wer_without_archive <= 0.015


def test_repair_leaves_clean_text_alone(repair_figures):
    assert repair_figures.clean_words > 3000
    assert repair_figures.clean_change_rate <= 0.001


@pytest.fixture(scope="module")
def ocr_figures(corpus_data: Path) -> list[eval_ocr.DocFigures]:
    return eval_ocr.evaluate(corpus_data)


def test_ocr_plus_repair_word_error_rate(ocr_figures):
    scans = [f for f in ocr_figures if f.rendering.startswith("scan")]
    assert len(scans) >= 15 and all(f.ocr_pages == f.pages for f in scans)
    words = sum(f.ref_words for f in scans)
    assert sum(f.errors for f in scans) / words <= 0.010
    assert max(f.wer for f in scans) <= 0.015, [(f.id, round(f.wer, 4)) for f in scans]


def test_text_pdfs_keep_their_layer(ocr_figures):
    digital = [f for f in ocr_figures if f.rendering == "text-pdf"]
    assert digital and all(f.ocr_pages == 0 and f.wer <= 0.01 for f in digital)


@pytest.mark.parametrize("paper", [p for p in PAPERS if p["rendering"] != "text"], ids=lambda p: p["id"])
def test_metadata_matches_ground_truth(paper):
    text = (ROOT / "tests" / "eval" / "corpus" / paper["file"]).read_text(encoding="utf-8")
    md = extract_metadata([text])
    assert md.doc_type == paper["doc_type"]
    assert md.date == paper["date"]
    assert md.vorlage_number == paper["vorlage_number"]
    assert md.title == paper["title"]
    assert (md.session.body, md.session.date) == (paper["body"], paper["session_date"])
    names = {p.name for p in md.people}
    assert {p["name"] for p in paper["people"]} <= names
    roles = {p.name: p.role for p in md.people}
    for person in paper["people"]:
        if person["role"]:
            assert roles[person["name"]] and person["role"] in roles[person["name"]]


def test_hybrid_search_recall(corpus_data: Path):
    figures = eval_search.evaluate(corpus_data, "e5")
    hybrid, bm25 = figures["hybrid"], figures["bm25"]
    assert hybrid.recall[5] >= 0.90
    # Fusion puts the answering page first more often than BM25 alone.
    assert hybrid.recall[1] > bm25.recall[1]
    assert hybrid.mrr > bm25.mrr
