# Safe Passage: `make run` starts the app, `make test` runs every test.
# Everything is installed into .venv/ by these rules; nothing is installed by hand.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup content run test lint bench dist clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

setup: $(STAMP)

# Build resources/content.db when it is missing or older than a source file.
content: setup
	$(PY) -m desktop.content.build --if-stale

# Exit 3 is the pre-flight check (desktop/preflight.py EXIT_CODE): it has said what to
# install (every other error exits 2).
run: content
	@$(VENV)/bin/safe-passage || { status=$$?; [ $$status -ne 3 ] || \
		echo "(see 'Before the first run' at the top of README.md)" >&2; \
		exit $$status; }

test: content
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# ruff over everything, mypy over the code below the Qt line (see pyproject.toml).
lint: setup
	$(VENV)/bin/ruff check desktop tests packaging
	$(VENV)/bin/mypy

bench: content
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop.bench

dist: content
	$(PY) -m pip install --quiet -e '.[build]'
	$(PY) -m PyInstaller --noconfirm --clean build.spec
	dist/safe-passage/safe-passage --version
	rm -rf build/self-test
	QT_QPA_PLATFORM=offscreen dist/safe-passage/safe-passage --self-test --basedir build/self-test
	du -sh dist/safe-passage

clean:
	rm -rf build dist resources/content.db .pytest_cache
