# Lejre Kommune status pages: build, preview and test.
# Variables: NOW=2016-10-01 SITE=DIR OUT=DIR PREVIEW=1 STRICT=1 PORT=8000 HOST=127.0.0.1
#            PYTEST_ARGS="-k browser"   (see `make help`)

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP     := $(VENV)/.installed-dev

# Options passed on to build.py only when their variable is set.
COMMON_ARGS := $(if $(SITE),--site "$(SITE)") $(if $(NOW),--now "$(NOW)")
BUILD_ARGS  := $(COMMON_ARGS) $(if $(OUT),--out "$(OUT)") \
               $(if $(filter 1,$(PREVIEW)),--preview) $(if $(filter 1,$(STRICT)),--strict)
SERVE_ARGS  := $(COMMON_ARGS) $(if $(PORT),--port $(PORT)) $(if $(HOST),--host $(HOST))

.DEFAULT_GOAL := help
.PHONY: help build serve check test bench-preview clean distclean

help:
	@echo "make build      set up $(VENV) if needed and build the site into output/"
	@echo "make serve      live preview with drafts on 127.0.0.1: rebuilt and reloaded on every save (PORT=, HOST=)"
	@echo "make check      run every gate (axe, Nu checker, links, CPR, language, freshness); write nothing"
	@echo "make test       run the tests (PYTEST_ARGS=...)"
	@echo "make bench-preview  save-to-reload latency in Chromium: 1,000 generated pages and the real site"
	@echo "make clean      remove output/ and caches; distclean also removes $(VENV)"
	@echo "Options: NOW=2016-10-01 SITE=DIR OUT=DIR PREVIEW=1 STRICT=1"

build: $(RUNTIME_STAMP)
	$(PY) build.py build $(BUILD_ARGS)

serve: $(RUNTIME_STAMP)
	$(PY) build.py serve $(SERVE_ARGS)

check: $(RUNTIME_STAMP) node_modules/.installed
	$(PY) build.py check $(COMMON_ARGS)

test: $(DEV_STAMP) node_modules/.installed
	$(PY) -m pytest -q $(PYTEST_ARGS)

bench-preview: $(DEV_STAMP)
	$(PY) bench/preview_latency.py

# The virtual environment; the stamps reinstall when the pins change.
$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PIP) install -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install -q -r requirements-dev.txt
	touch $@ $(RUNTIME_STAMP)

# axe-core and the Nu Html Checker, exactly as package-lock.json pins them. vnu-jar's
# install script only fetches a Java when none is installed; we use Debian's, so skip it.
node_modules/.installed: package-lock.json package.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

clean:
	rm -rf output/ .preview/ .pytest_cache/ .cache/
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
