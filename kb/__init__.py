"""The knowledge base over ingested documents: index, search, answers, links."""

import os

# Offline by design: models ship inside PyPI packages; nothing is fetched at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
# The e5 engine computes with OpenMP threads. Busy-waiting threads (the default) collapse
# when the two cores are shared (API requests in parallel, an ingest beside a search): a
# query then takes ~500 ms instead of ~20 ms. Passive waiting keeps the idle speed. libgomp
# reads this once, when torch (imported by haystack) loads it: so here, before haystack.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
