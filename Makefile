# Lejre Kommune status pages: build, preview and test.
# Variables: NOW=2016-10-01 SITE=DIR OUT=DIR PREVIEW=1 STRICT=1 PORT=8000 HOST=127.0.0.1
#            PYTEST_ARGS="-m browser"   (see `make help`)
#            PUBLISH_TARGET=/srv/kvalitet or user@host:/srv/kvalitet  PUBLISH_KEEP=5 DRY_RUN=1 IF_DUE=1

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
PUBLISH_ARGS := $(COMMON_ARGS) --target "$(PUBLISH_TARGET)" $(if $(PUBLISH_KEEP),--keep $(PUBLISH_KEEP)) \
               $(if $(filter 1,$(DRY_RUN)),--dry-run) $(if $(filter 1,$(IF_DUE)),--if-due) \
               $(if $(filter 1,$(STRICT)),--strict)
NEED_TARGET = @test -n "$(PUBLISH_TARGET)" || { echo 'Skriv hvorhen, fx: make $@ PUBLISH_TARGET=/srv/kvalitet (eller bruger@server:/srv/kvalitet)' >&2; exit 2; }

.DEFAULT_GOAL := help
.PHONY: help build serve check test test-fast fuzz system-tools bench bench-before bench-preview clean distclean publish rollback releases

help:
	@echo "make build      set up $(VENV) if needed and build the site into output/"
	@echo "make serve      live preview with drafts on 127.0.0.1: rebuilt and reloaded on every save (PORT=, HOST=)"
	@echo "make check      run every gate (axe, Nu checker, links, CPR, language, freshness); every finding in full; write nothing"
	@echo "make test       run every test: tests/unit, tests/integration and tests/browser (PYTEST_ARGS=...)"
	@echo "make test-fast  the unit tests only (tests/unit: in memory, no build.py, browser or tools; seconds)"
	@echo "make fuzz       random front matter, Markdown and data files built and checked by build.py: $(FUZZ_EXAMPLES) per"
	@echo "                content type, a new seed each run (FUZZ_SEED=N repeats one; make test runs a few, always the same)"
	@echo "make publish PUBLISH_TARGET=DIR|user@host:DIR   build for now, run every gate, switch the live site in one rename"
	@echo "                (stopped by fejl and blokerer udgivelse; STRICT=1 also by advarsler)"
	@echo "                (PUBLISH_KEEP=5 releases kept, DRY_RUN=1 lists the pages that would change, IF_DUE=1 for cron)"
	@echo "make rollback PUBLISH_TARGET=...   make the release live before this one live again (by the history;"
	@echo "                never one a rollback withdrew)"
	@echo "make releases PUBLISH_TARGET=...   list the target's history of publishes and rollbacks, newest first"
	@echo "make bench      build times at 1,000 and 10,000 generated pages as ratios to a minimal floor (BENCHMARKS.md)"
	@echo "make bench-before BEFORE=REV  this checkout against commit REV, alternating on one corpus: paired ratios"
	@echo "make bench-preview  save-to-reload latency in Chromium: 1,000 generated pages and the real site"
	@echo "make clean      remove output/ and caches; distclean also removes $(VENV)"
	@echo "make ny-moede TITEL=\"...\" DATO=2016-10-05   new draft meeting (also ny-referat MOEDE=2016-10-05-borgermoede, ny-tiltag, ny-status, ny-side)"
	@echo "make tjek-fil FIL=content/...md   check one file quickly; make schemas   regenerate schemas/ (JSON Schemas)"
	@echo "Options: NOW=2016-10-01 SITE=DIR OUT=DIR PREVIEW=1 STRICT=1"

build: $(RUNTIME_STAMP)
	@$(PY) build.py build $(BUILD_ARGS)

serve: $(RUNTIME_STAMP)
	@$(PY) build.py serve $(SERVE_ARGS)

check: $(RUNTIME_STAMP) node_modules/.installed
	@$(PY) build.py check $(COMMON_ARGS)

# System packages first (bin/test-tools installs them as root, or stops at once naming them).
test: system-tools $(DEV_STAMP) node_modules/.installed
	$(PY) -m pytest -q $(PYTEST_ARGS)

# The unit layer alone: no system packages, no Chromium, Java or Pagefind needed.
test-fast: $(DEV_STAMP)
	$(PY) -m pytest -q tests/unit $(PYTEST_ARGS)

# The fuzz tests (tests/integration/test_fuzz.py) at length: their cases spread over the cores,
# Hypothesis's counts printed at the end. The seed is printed first so a failing run can be repeated.
FUZZ_EXAMPLES ?= 2000
fuzz: $(DEV_STAMP)
	@seed=$(FUZZ_SEED); seed=$${seed:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "make fuzz: $(FUZZ_EXAMPLES) examples per case, seed $$seed (make fuzz FUZZ_SEED=$$seed runs them again)"; \
	SITEGEN_FUZZ=long SITEGEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q tests/integration/test_fuzz.py \
		--dist load --hypothesis-seed=$$seed --hypothesis-show-statistics $(PYTEST_ARGS)

system-tools:
	@bin/test-tools

bench: $(RUNTIME_STAMP)
	$(PY) bench/build_bench.py

# This checkout against an earlier commit, alternating on one corpus: paired ratios (bench/paired.py).
bench-before: $(RUNTIME_STAMP)
	@test -n "$(BEFORE)" || { echo 'Skriv hvilken udgave, fx: make bench-before BEFORE=008344f' >&2; exit 2; }
	$(PY) bench/paired.py --before "$(BEFORE)"

bench-preview: $(DEV_STAMP)
	$(PY) bench/preview_latency.py

# Publishing (sitegen/output/publish.py): the same gates as `check` (STRICT=1: warnings stop it too), then an atomic switch.
publish: $(RUNTIME_STAMP) node_modules/.installed
	$(NEED_TARGET)
	@$(PY) build.py publish $(PUBLISH_ARGS)

rollback: $(RUNTIME_STAMP)
	$(NEED_TARGET)
	@$(PY) build.py rollback --target "$(PUBLISH_TARGET)"

releases: $(RUNTIME_STAMP)
	$(NEED_TARGET)
	@$(PY) build.py releases --target "$(PUBLISH_TARGET)"

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
	rm -rf output/ .preview/ .pytest_cache/ .cache/ .hypothesis/
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# Editors: new drafts, one file checked, the JSON Schemas (docs/redaktoer.md).
# Their recipes start with @: an editor sees build.py's answer, not the command line before it.
# TITEL, DATO, MOEDE and FIL reach the shell as environment variables, so quotes
# and $ in a title are safe.
export TITEL DATO MOEDE FIL
.PHONY: ny-moede ny-referat ny-tiltag ny-status ny-side tjek-fil schemas
NEW_TYPE_ny-moede   := meeting
NEW_TYPE_ny-referat := minutes
NEW_TYPE_ny-tiltag  := initiative
NEW_TYPE_ny-status  := update
NEW_TYPE_ny-side    := page

ny-moede ny-referat ny-tiltag ny-status ny-side: $(RUNTIME_STAMP)
	@test -n "$$TITEL" || { echo 'Skriv en titel, fx: make $@ TITEL="Borgermøde i oktober"' >&2; exit 2; }
	@$(PY) build.py new $(NEW_TYPE_$@) "$$TITEL" $(if $(SITE),--site "$(SITE)") \
		$(if $(DATO),--date "$$DATO") $(if $(and $(MOEDE),$(filter ny-referat,$@)),--meeting "$$MOEDE")

tjek-fil: $(RUNTIME_STAMP)
	@test -n "$$FIL" || { echo 'Skriv filen, fx: make tjek-fil FIL=content/meetings/2016-10-05-borgermoede.md' >&2; exit 2; }
	@$(PY) build.py check --file "$$FIL" $(COMMON_ARGS)

schemas: $(RUNTIME_STAMP)
	@$(PY) -m sitegen.editors.schema schemas
