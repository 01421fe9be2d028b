# Activation Functions, executed. Two commands matter: `make book` and `make test`.
# Both set up .venv from requirements.txt on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Every chapter notebook, in a stable order.
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb chapters/*/*.ipynb))

# Warnings and cell errors fail the build; -n makes broken references fail too.
BOOK_FLAGS := -W -n --keep-going

.PHONY: venv book test notebooks serve lab lint clean warm bench

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The first `import matplotlib.pyplot` on a fresh machine prints "building the font
# cache" to stderr, which a strict build counts as a failure: pay for it here once.
warm: $(STAMP)
	@MPLBACKEND=Agg $(PY) -c "import matplotlib.pyplot" 2>/dev/null

# Notebooks execute two at a time into the build's jupyter-cache first (tools/prebuild.py);
# Jupyter Book then renders from that cache, and executes (and fails on) anything missing.
book: warm
	$(PY) tools/prebuild.py
	$(BIN)/jupyter-book build $(BOOK_FLAGS) .

test: warm
	$(BIN)/pytest -n 2 --dist loadfile --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg

# Re-execute every chapter in place (text outputs and counts kept, PNG dropped,
# no timing metadata), so stored notebooks are byte-identical run to run.
notebooks: warm
	$(PY) tools/execute_notebooks.py $(NOTEBOOKS)

serve:
	$(PY) -m http.server --bind $(HOST) --directory _build/html $(PORT)

lab: warm
	$(BIN)/jupyter lab --notebook-dir=chapters

lint: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks chapters

clean:
	rm -rf _build
