# Everything tmbuild needs is installed from this file and pyproject.toml.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test test-fast lint bench sysdeps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: the local CPU build, not a multi-GB CUDA download.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[ui,test,bench]'
	touch $(STAMP)

install: $(STAMP)

## Align the bundled UN pair into a TMX (the README's first command).
run: install
	$(BIN)/tmbuild align corpora/un-oic-2017/fr.txt corpora/un-oic-2017/en.txt \
		-o out/un-oic-2017.tmx --tsv out/un-oic-2017.tsv
	$(BIN)/tmbuild eval out/un-oic-2017.tmx --gold corpora/un-oic-2017/gold.jsonl

## System tools the tests use for real: xmllint (DTD validation) and OmegaT (console mode).
sysdeps:
	@if command -v xmllint >/dev/null && command -v omegat >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils omegat; \
	else echo "note: xmllint/omegat missing and not root; their tests will be skipped"; fi

lint: install
	$(BIN)/ruff check .

## The README's second command: install everything, lint, run the whole suite (slow tests too).
test: install sysdeps lint
	$(BIN)/pytest -q

## Quick loop while developing: skips the slow end-to-end checks.
test-fast: install
	$(BIN)/pytest -q -m "not slow"

bench: install
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) out .pytest_cache
