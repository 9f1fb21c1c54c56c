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

# Chromium for PDFs and browser tests (Debian/Ubuntu), and fonts for every script a slide may
# use (Latin, Greek, CJK, emoji) plus an OpenType math font that decks embed: without them
# Chromium prints empty boxes. The fonts are installed even when Chromium is already there.
FONTS := fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-lmodern fonts-stix
browser:
	@missing="$$(for p in $(FONTS) poppler-utils; do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	 if ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then \
	   missing="chromium $$missing"; fi; \
	 if [ -n "$$missing" ]; then \
	   (apt-get update -q && apt-get install -y -q $$missing) || \
	   echo "warning: could not install $$missing; PDF output, browser tests or some scripts' fonts will be missing"; \
	 fi

# --frozen: the GPU-only snippets' results frozen on a GPU (snippets/_frozen/), so every build
# shows their real numbers; every other snippet runs here.
build: venv browser
	$(PY) tests/fixtures/datasets.py data --try-download
	$(VENV)/bin/lecture-tool build --frozen --to html,pdf,marp
	$(VENV)/bin/lecture-tool build --frozen --student --to html,pdf

test: venv browser
	$(PY) -m pytest

clean:
	rm -rf build
