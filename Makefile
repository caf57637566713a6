# newsalert: every target creates .venv and installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-unit test-integration kafka-start kafka-stop eval train bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## The whole pipeline on the embedded defaults: local Kafka, SQLite, console + outbox alerts.
run: $(STAMP)
	$(BIN)/newsalert run

## Every test: unit tests, then integration tests through a real broker the suite starts itself.
test: $(STAMP)
	$(BIN)/pytest

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit

test-integration: $(STAMP)
	$(BIN)/pytest tests/integration

kafka-start: $(STAMP)
	$(BIN)/newsalert kafka start

kafka-stop: $(STAMP)
	$(BIN)/newsalert kafka stop

CORPUS ?= ../shared/corpus
FOLDERS := $(CORPUS)/dev $(CORPUS)/reuters1987 $(CORPUS)/news2025 $(CORPUS)/peoplesdaily2018 $(CORPUS)/bbc $(CORPUS)/whitehouse

## Leave-one-source-out figures (SCORING.md rules) and the calibration table.
eval: $(STAMP)
	$(BIN)/newsalert eval --cv $(FOLDERS)

## Rebuild processors/model.json from every labelled folder (reproducible byte for byte).
train: $(STAMP)
	$(BIN)/newsalert train $(FOLDERS)

bench: $(STAMP)
	$(BIN)/newsalert bench detect ../shared/corpus/dev

clean:
	-$(BIN)/newsalert kafka stop
	rm -rf $(VENV) var .pytest_cache
