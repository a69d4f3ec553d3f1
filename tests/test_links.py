"""kb.links.Linker on the real OCR'd sample corpus: the floors of linking, errors, the CLI.

The parts have their own tests: test_references.py, test_matters.py, test_related.py, test_timeline.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.eval_links import evaluate

ROOT = Path(__file__).resolve().parents[1]


def test_reference_resolution_and_related_recall_floors(corpus_data):
    figures = evaluate(corpus_data)
    assert figures.labelled >= 12
    assert figures.precision >= 0.95, figures.wrong
    assert figures.recall >= 0.9, figures.missed
    assert figures.recall_at_3 >= 0.9, figures.ranking_misses
    assert figures.detected >= 0.9 * figures.references  # unresolved ones (notices, programmes) are kept too


def test_unknown_document_is_a_key_error(linker):
    with pytest.raises(KeyError):
        linker.timeline(document_id="gibt-es-nicht")
    with pytest.raises(KeyError):
        linker.document("gibt-es-nicht")


def _kb(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False"}
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def test_cli_related_and_timeline_json(corpus_data):
    out = _kb("related", "bericht-on-demand-verkehr-2023", "--index", str(corpus_data), "--json", "--top", "3")
    assert out.returncode == 0, out.stderr
    related = json.loads(out.stdout)
    assert related[0]["document"] == "beschlussvorlage-on-demand-verkehr-2021"
    assert related[0]["reason"] == "zitiert"
    assert set(related[0]) == {"document", "title", "date", "reason", "evidence", "score"}
    out = _kb("timeline", "beschlussvorlage-hitzeaktionsplan-2023", "--index", str(corpus_data), "--json")
    assert out.returncode == 0, out.stderr
    timeline = json.loads(out.stdout)
    dates = [e["date"] for e in timeline["events"]]
    assert {"2022-09-22", "2023-03-30"} <= set(dates) and dates == sorted(dates)
    out = _kb("related", "gibt-es-nicht", "--index", str(corpus_data))
    assert out.returncode == 1 and "FEHLER" in out.stderr
