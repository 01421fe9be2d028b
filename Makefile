# Activation Functions, executed. Two commands matter: `make book` and `make test`.
# Both set up .venv from requirements.txt on first use.

PYTHON ?= python3
# `make test PYTHON=python3.13` builds and uses its own venv (.venv-python3.13), so a venv
# of one Python never stands in for another.
VENV   ?= $(if $(filter command line,$(origin PYTHON)),.venv-$(notdir $(PYTHON)),.venv)
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The landing page and every chapter notebook, in a stable order.
NOTEBOOKS := intro.ipynb $(sort $(wildcard chapters/*.ipynb chapters/*/*.ipynb))

# Small matrix products in the chapters' experiments run faster on one BLAS thread,
# and notebooks and tests already run two at a time.
export OPENBLAS_NUM_THREADS := 1

# Warnings and cell errors fail the build; -n makes broken references fail too.
BOOK_FLAGS := -W -n --keep-going

.PHONY: venv book test notebooks serve lab lint clean warm bench bench-pages vega check-site properties reference-values frameworks frameworks-check

# npm packages pinned in package-lock.json: MathJax (mathjax-full), which typesets the
# site's math when it is built; Vega for the interactive charts; and, for
# `make check-site` and `make bench`, playwright-core and axe-core. Reinstalled only when
# the lock changes.
NODE_STAMP := node_modules/.installed
CHROMIUM ?= /usr/bin/chromium
# The word the site check searches for (a term a chapter defines).
SEARCH_TERM ?=

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps -r requirements.txt
	touch $(STAMP)

# Tests and builds run notebooks in the `activations-warm` kernel (tools/warm_kernel/):
# an ordinary IPython kernel, forked from a parent that has already imported NumPy,
# SciPy, SymPy, Matplotlib and ipykernel, so that each of sixty notebooks does not pay
# two seconds of imports. Installed into the venv as a link, so edits take effect.
WARM_KERNEL := $(VENV)/share/jupyter/kernels/activations-warm/kernel.json

$(WARM_KERNEL): $(STAMP)
	mkdir -p $(VENV)/share/jupyter/kernels
	ln -sfn $(CURDIR)/tools/warm_kernel $(VENV)/share/jupyter/kernels/activations-warm

# The first `import matplotlib.pyplot` on a fresh machine prints "building the font
# cache" to stderr, which a strict build counts as a failure: pay for it here once.
warm: $(STAMP) $(WARM_KERNEL)
	@MPLBACKEND=Agg $(PY) -c "import matplotlib.pyplot" 2>/dev/null

# The printable cheat sheet is drawn first (activations.book.cheatsheet, into cheatsheet/,
# published at the site's root). Notebooks execute two at a time into the build's
# jupyter-cache first (tools/prebuild.py);
# Jupyter Book then renders from that cache, two pages at a time (tools/build_book.py is
# `jupyter-book build` with Sphinx's -j), and executes (and fails on) anything missing.
# When no file of the repository changed since the last successful build (build
# outputs, the venv, node_modules and caches aside), there is nothing to do.
# `make clean` (or removing the stamp) forces a build.
BOOK_STAMP := _build/html/.built
CHANGED_SINCE_BUILD = find . \( -path ./_build -o -path './.venv*' -o -path ./.git \
	-o -path ./node_modules -o -path ./cheatsheet -o -name __pycache__ \
	-o -name .ipynb_checkpoints \) -prune -o -type f -newer $(BOOK_STAMP) -print -quit

book: warm vega $(NODE_STAMP)
	@if [ -f $(BOOK_STAMP) ] && [ -z "$$($(CHANGED_SINCE_BUILD))" ]; then \
		echo "book: no file changed since the last build of _build/html"; \
	else \
		MPLBACKEND=Agg $(PY) -m activations.book.cheatsheet cheatsheet && \
		$(PY) tools/prebuild.py && \
		$(PY) tools/build_book.py $(BOOK_FLAGS) . && \
		touch $(BOOK_STAMP); \
	fi

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Vega, Vega-Lite and Vega-Embed for the interactive charts, copied from the pinned npm
# packages beside interactive/vega/sliders.js (the loader the charts' HTML asks for);
# published as /vega/ by html_extra_path and loaded only on pages with a chart, when it
# comes into view.
VEGA_JS := interactive/vega/vega.min.js interactive/vega/vega-lite.min.js \
	interactive/vega/vega-embed.min.js

$(VEGA_JS): $(NODE_STAMP)
	cp node_modules/vega/build/vega.min.js node_modules/vega-lite/build/vega-lite.min.js \
		node_modules/vega-embed/build/vega-embed.min.js interactive/vega/

vega: $(VEGA_JS)

# What the frameworks compute, measured rather than read from their documentation: a
# separate environment, .venv-frameworks (PyTorch CPU, TensorFlow CPU, JAX, Keras 3 on
# JAX, MLX CPU, Hugging Face transformers; gigabytes, so not the book's venv), pinned in
# tools/frameworks/requirements.txt. `make frameworks` writes data/frameworks.json, which
# the chapters read; the book builds without this environment. A framework that cannot be
# installed is recorded as not measured.
FW_VENV  := .venv-frameworks
FW_STAMP := $(FW_VENV)/frameworks-install.json
# What CI re-measures: a few functions, in every framework that installs.
FW_SAMPLE ?= relu,softplus,gelu,selu,softmax

$(FW_STAMP): tools/frameworks/requirements.txt tools/frameworks/install.py requirements.txt
	$(PYTHON) tools/frameworks/install.py $(FW_VENV)

frameworks: $(FW_STAMP)
	$(FW_VENV)/bin/python tools/frameworks/measure.py --out data/frameworks.json

frameworks-check: $(FW_STAMP) venv
	$(FW_VENV)/bin/python tools/frameworks/measure.py --only $(FW_SAMPLE) --out $(FW_VENV)/sample.json
	$(PY) tools/frameworks/compare.py data/frameworks.json $(FW_VENV)/sample.json

# Debian's chromium, driven headless by playwright-core (Playwright's own browser
# download cannot work here). CI starts on a fresh machine, so install it if missing.
$(CHROMIUM):
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

# Open every page of _build/html in a real browser: console errors, failed or
# off-site requests, images, MathJax, 390 px layout, axe-core, search, links.
# Then make sure the checker still catches a broken link, anchor and equation.
check-site: $(NODE_STAMP) $(CHROMIUM)
	node tools/check_site.mjs --chromium $(CHROMIUM) $(if $(SEARCH_TERM),--search $(SEARCH_TERM)) _build/html
	CHECK_SITE=1 $(BIN)/pytest -q --noconftest tests/test_built_site.py tests/test_check_site.py tests/test_finish_pages.py -k "built_site or reports_each_breakage or finish"

# Every test, then the chapters a second time with NumPy held to its baseline SIMD level
# and OpenBLAS on its oldest kernels (tools/baseline_env.py prints the variables for this
# machine): the last bits of exp, log1p, tanh and matrix products differ between CPUs, so
# a stored output that depends on them would pass here and fail on a reader's laptop.
# Both runs always run; either failing fails the target.
NBVAL := --nbval --nbval-kernel-name activations-warm --nbval-sanitize-with tests/nbval_sanitize.cfg
# Three workers on two cores: part of each notebook's start is waiting for its kernel to
# answer, and a third worker computes meanwhile (measured: 50 s instead of 60 s for the
# chapters alone).
WORKERS ?= 3

test: warm
	@status=0; \
	$(BIN)/pytest -n $(WORKERS) --dist loadfile $(NBVAL) || status=1; \
	baseline="$$($(PY) tools/baseline_env.py)"; \
	echo "test: the chapters again, at the baseline SIMD level ($$baseline)"; \
	env $$baseline $(BIN)/pytest -n $(WORKERS) --dist loadfile $(NBVAL) intro.ipynb chapters || status=1; \
	exit $$status

# Re-execute every chapter in place (text outputs and counts kept, PNG dropped,
# no timing metadata), so stored notebooks are byte-identical run to run.
notebooks: warm
	$(PY) tools/execute_notebooks.py $(NOTEBOOKS)

serve:
	$(PY) -m http.server --bind $(HOST) --directory _build/html $(PORT)

# JupyterLab on chapters/, in the project's environment. As root (a container, a cloud
# notebook) Jupyter refuses to start without --allow-root; with no display it cannot open
# a browser, so it only prints the address to open.
LAB_PORT ?= 8888
lab: warm
	@echo "lab: JupyterLab on http://$(HOST):$(LAB_PORT)/lab (open the address with its token printed below; Ctrl-C stops it)"
	$(BIN)/jupyter lab --notebook-dir=chapters --ip=$(HOST) --port=$(LAB_PORT) \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root) $(if $(DISPLAY),,--no-browser)

lint: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks chapters _ext

clean:
	rm -rf _build cheatsheet

# Benchmarks (tables on stdout, CSV in _build/bench/): build and test budgets, page
# weight and load time, throughput against the textbook formulas, accuracy against mpmath.
bench: warm
	$(PY) benchmarks/build.py
	$(MAKE) --no-print-directory bench-pages
	$(PY) benchmarks/throughput.py
	$(PY) benchmarks/accuracy.py

# Each page's first view (bytes, raw and gzip) and its load and typesetting time with the
# CPU slowed four times, in headless Chromium, on the built site. BASELINE=DIR measures
# another build (an older _build/html) side by side, page by page, in the same run.
BASELINE ?=
bench-pages: $(NODE_STAMP) $(CHROMIUM)
	node benchmarks/pages.mjs --chromium $(CHROMIUM) --out _build/bench/pages.csv \
		$(if $(BASELINE),baseline=$(BASELINE)) site=_build/html

# Recompute every element-wise function's properties into the package's cache
# (a test recomputes each entry and compares, so a stale cache fails `make test`).
properties: $(STAMP)
	$(PY) -m activations.verification.refresh properties

# Recompute the exact values the accuracy sweep compares against, for every function
# whose expression changed (a test fails while any is stale, another re-checks a
# sample of them with mpmath).
reference-values: $(STAMP)
	$(PY) -m activations.verification.refresh reference-values
