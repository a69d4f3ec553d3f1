"""Where the real papers are: `../shared/` beside the checkout (as CI lays it out).

One rule for every bench script and test: `RATSARCHIV_REAL` names the Karlsruhe dump,
`RATSARCHIV_SEED` the seed paper and `RATSARCHIV_OPARL_SCHEMAS` the OParl schemas directly; otherwise the first `shared/` folder found walking up
from this checkout (a git worktree sits one level deeper than a clone) is used. When none
exists the paths point beside the checkout and do not exist: callers skip with a reason.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    for parent in ROOT.parents:
        if (parent / "shared" / "real").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


SHARED = _shared()
KARLSRUHE = Path(os.environ.get("RATSARCHIV_REAL", SHARED / "real" / "karlsruhe"))
KARLSRUHE_FILES = KARLSRUHE / "files"
SEED_PAPER = Path(os.environ.get("RATSARCHIV_SEED", SHARED / "seed" / "vorlage-sozialplanung-2019.txt"))
OPARL_SCHEMAS = Path(os.environ.get("RATSARCHIV_OPARL_SCHEMAS", SHARED / "oparl-1.1-schema"))

# Indexes and caches the bench scripts build once and reuse (hours of e5 on 2 cores): beside
# the checkout unless RATSARCHIV_BENCH_CACHE names another folder.
BENCH_CACHE = Path(os.environ.get("RATSARCHIV_BENCH_CACHE", ROOT.parent / "cache"))
E5_CACHE = BENCH_CACHE / "e5-cache"  # the e5 passage cache (kb.embedding_cache)
