"""The knowledge base over ingested documents: index, search, answers, links."""

import os

# Offline by design: models ship inside PyPI packages; nothing is fetched at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
