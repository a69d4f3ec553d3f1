# Ratsarchiv: `make run` sets up a fresh machine and ingests the sample corpus;
# ends with the web service up on http://127.0.0.1:8000 (`kb serve`);
# `make test` sets up and runs the test suite. Both are safe to repeat.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?= data
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-deu tesseract-ocr-eng ghostscript unpaper pngquant qpdf \
	poppler-utils wngerman fonts-dejavu-core fonts-liberation chromium
HOST ?= 127.0.0.1
PORT ?= 8000

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HAYSTACK_TELEMETRY_ENABLED := False

.PHONY: setup system venv run ingest serve test eval bench corpus clean

setup: system venv

# Debian packages: OCR engine with the German model, PDF tools, the German word list.
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installiere Systempakete: $$missing"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# The CPU build of PyTorch first: otherwise pip resolves a multi-GB CUDA build.
venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test]'
	touch $@

ingest: setup
	$(VENV)/bin/kb ingest corpus/ --index $(DATA)

# Ingest the sample corpus, then serve the API and the web page until stopped (Ctrl-C).
run: ingest serve

serve: setup
	$(VENV)/bin/kb serve --index $(DATA) --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest -q

eval: setup
	$(PY) bench/eval_repair.py
	$(PY) bench/eval_ocr.py

bench: setup
	$(PY) bench/ocr.py

corpus: setup
	$(PY) bench/make_corpus.py

clean:
	rm -rf $(DATA) .pytest_cache
