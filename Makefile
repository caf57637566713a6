# newsalert: every target creates .venv and installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-faults test-unit test-integration kafka-start kafka-stop eval train bench clean corpus-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore::UserWarning $(BIN)/pip install --quiet -e '.[test]'  # quiet: setuptools' BuildBackendWarning about editable installs
	touch $(STAMP)

install: $(STAMP)

## The whole pipeline on the embedded defaults: local Kafka, SQLite, console + outbox alerts.
run: $(STAMP)
	$(BIN)/newsalert run

## Every test but the fault suite: unit tests, then integration tests through a real broker the suite starts.
test: $(STAMP)
	$(BIN)/pytest -m "not faults"

## The fault suite (marker `faults`): broker SIGKILL under load, scale 1 -> 2 -> 1, supervised restarts.
test-faults: $(STAMP)
	$(BIN)/pytest -m faults

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit

test-integration: $(STAMP)
	$(BIN)/pytest tests/integration

kafka-start: $(STAMP)
	$(BIN)/newsalert kafka start

kafka-stop: $(STAMP)
	$(BIN)/newsalert kafka stop

## The labelled corpus: CORPUS=..., else NEWSALERT_CORPUS, else shared/corpus beside the checkout.
CORPUS ?= $(or $(NEWSALERT_CORPUS),$(abspath ../shared/corpus))
FOLDERS := $(CORPUS)/dev $(CORPUS)/reuters1987 $(CORPUS)/news2025 $(CORPUS)/peoplesdaily2018 $(CORPUS)/bbc $(CORPUS)/whitehouse

corpus-check:
	@test -d "$(CORPUS)/dev" || { echo "make: no labelled corpus at $(CORPUS) (its dev/ folder is missing); run with CORPUS=/path/to/corpus or set NEWSALERT_CORPUS" >&2; exit 2; }

## Leave-one-source-out figures (SCORING.md rules) and the calibration table.
eval: $(STAMP) corpus-check
	$(BIN)/newsalert eval --cv $(FOLDERS)

## Rebuild processors/model.json from every labelled folder (reproducible byte for byte).
train: $(STAMP) corpus-check
	$(BIN)/newsalert train $(FOLDERS)

bench: $(STAMP) corpus-check
	$(BIN)/newsalert bench detect $(CORPUS)/dev

clean:
	-$(BIN)/newsalert kafka stop
	rm -rf $(VENV) var .pytest_cache
