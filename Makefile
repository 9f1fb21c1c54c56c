# Two commands on a fresh machine: `make build` (the course decks) and `make test`.
# Each creates the virtual environment first when it is missing.
VENV := .venv
PY := $(VENV)/bin/python
# The exact torch pin is what installs from this machine's local wheels; pyproject keeps a range.
TORCH := torch==2.14.1 torchvision==0.29.1

.PHONY: build test venv browser clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH) || $(PY) -m pip install -q torch torchvision
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

# Chromium for PDFs and browser tests (Debian/Ubuntu); skipped when already present.
browser:
	@command -v chromium >/dev/null || command -v google-chrome >/dev/null || \
	  (apt-get update -q && apt-get install -y -q chromium poppler-utils) || \
	  echo "warning: could not install Chromium; PDF output and browser tests will be skipped"

build: venv browser
	$(PY) tests/fixtures/datasets.py data --try-download
	$(VENV)/bin/lecture-tool build --to html,pdf,marp

test: venv
	$(PY) -m pytest

clean:
	rm -rf build
