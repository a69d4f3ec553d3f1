"""Where the time of the text path goes, per stage, on real born-digital texts.

    .venv/bin/python bench/repair_speed.py [N]

Reads the first N real texts (../shared/real/karlsruhe/files, shuffled with a fixed seed) and
times each stage the ingest runs on a text file: read, layout (running lines, split words),
damage estimate, repair, metadata, passages. One process, one lexicon (as a batch ingest);
embeddings are not counted. Run it on another branch's checkout for a before/after in the
same conditions.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.inputs import inspect_file, read_text_file
from ingest.layout import join_split_words_across_pages, strip_running_lines
from ingest.lexicon import Lexicon
from ingest.metadata import extract_metadata
from ingest.models import Document, Page
from ingest.pipeline import split_text_pages
from ingest.repair import estimate_damage, repair_text
from kb.passages import split_document

FILES = (Path(__file__).resolve().parents[2] / "shared/real/karlsruhe/files")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    files = sorted(FILES.glob("*.txt"))
    random.Random(7).shuffle(files)
    files = files[:n]
    t0 = time.perf_counter()
    lexicon = Lexicon()
    lexicon.score("Förderung")  # loads wordfreq's list
    load = time.perf_counter() - t0
    stages = dict.fromkeys(("read", "layout", "damage", "repair", "metadata", "passages"), 0.0)
    words = 0

    def timed(stage: str, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        stages[stage] += time.perf_counter() - start
        return result

    for path in files:
        source = timed("read", inspect_file, path)
        pages = timed("read", lambda p: split_text_pages(read_text_file(p)), path)
        cleaned = timed("layout", lambda p: join_split_words_across_pages(strip_running_lines(p)), pages)
        damage = timed("damage", estimate_damage, "\n".join(cleaned), lexicon)
        texts = timed("repair", lambda c, d: [repair_text(t, lexicon, damage=d).text for t in c], cleaned, damage)
        metadata = timed("metadata", extract_metadata, texts)
        doc = Document(id=path.stem, source=path.name, checksum=source.checksum, media_type=source.media_type,
                       pages=[Page(number=i + 1, raw=r, text=t, origin="plain-text") for i, (r, t) in enumerate(zip(pages, texts))],
                       metadata=metadata)
        timed("passages", split_document, doc)
        words += sum(len(t.split()) for t in texts)
    total = sum(stages.values())
    print(f"{n} real texts, {words:,} words: {total:.1f} s = {n / total:.1f} documents/s "
          f"(lexicon load {load:.1f} s once, not counted)")
    for stage, seconds in stages.items():
        print(f"  {stage:9} {seconds:6.1f} s  {seconds / total:5.1%}  {n / seconds if seconds else float('inf'):8.1f} documents/s alone")


if __name__ == "__main__":
    main()
