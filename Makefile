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
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

## Align the bundled UN pair into a TMX (the README's first command).
run: install
	$(BIN)/tmbuild align corpora/un-oic-2017/fr.txt corpora/un-oic-2017/en.txt \
		-o out/un-oic-2017.tmx --tsv out/un-oic-2017.tsv
	$(BIN)/tmbuild eval out/un-oic-2017.tmx --gold corpora/un-oic-2017/gold.jsonl

## System tools the tests use for real: xmllint (DTD validation), OmegaT (console mode, and javac
## to compile a small probe against its glossary readers), Chromium (browser tests), DejaVu fonts
## (PDF fixtures), LibreOffice Writer and the Liberation fonts (born-digital DOCX/PDF fixtures).
SYSDEPS := xmllint:libxml2-utils omegat:omegat javac:default-jdk-headless chromium:chromium \
	/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core soffice:libreoffice-writer-nogui \
	/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf:fonts-liberation
sysdeps:
	@missing=""; for pair in $(SYSDEPS); do what=$${pair%%:*}; pkg=$${pair##*:}; \
		if [ -e "$$what" ] || command -v "$$what" >/dev/null 2>&1; then :; else missing="$$missing $$pkg"; fi; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "note: missing$$missing and not root; the tests that need them are skipped"; fi

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
