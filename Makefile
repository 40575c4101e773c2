# make demo: set up a virtual environment from nothing and convert the shipped sample.
# make test: set up the same environment and run the whole test suite, ruff and mypy.
# make docs: the API reference from the docstrings, into build/api/ (git-ignored).
# make fuzz: the long fuzz campaign; make bench: the benchmarks.
# make build: (re)compile the hot modules with mypyc (setup.py); COMPILE=0 for pure Python.
PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
COMPILE ?= 1
BUILT = $(VENV)/.built-$(COMPILE)
COMPILED_SOURCES := $(shell $(PY) -c "exec(open('govreport_io/_compiled.py').read()); \
	print(' '.join(m.replace('.', '/') + '.py' for m in MODULES))")

.PHONY: demo test lint typecheck bench fuzz samples docs clean build

# The environment and the dependencies (pure Python, quick); $(BUILT) compiles, once.
$(STAMP): pyproject.toml setup.py
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	GOVREPORT_IO_COMPILE=0 $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Python imports a compiled module in place of the source beside it: rebuild whenever a source
# changes (or COMPILE does), and remove the old extension modules first.
$(BUILT): $(STAMP) setup.py govreport_io/_compiled.py $(COMPILED_SOURCES)
	find govreport_io -name '*.so' -delete
	rm -f *__mypyc*.so $(VENV)/.built-*
	GOVREPORT_IO_COMPILE=$(COMPILE) $(BIN)/python -m pip install --quiet --no-deps -e .
	@# pip --quiet hides the build's own lines: say what was built (a type error makes it pure)
	@$(BIN)/govreport --version
	touch $(BUILT)

build: $(BUILT)

demo: $(BUILT)
	@mkdir -p demo-out
	@echo "== reading samples/capture-pdftext.txt (text as taken out of a PDF) =="
	$(BIN)/govreport convert samples/capture-pdftext.txt -o demo-out/report.json
	$(BIN)/govreport convert samples/capture-pdftext.txt -o demo-out/report.md
	$(BIN)/govreport convert samples/report.json -o demo-out/report.html
	$(BIN)/govreport convert samples/report.json -o demo-out/report.docx
	$(BIN)/govreport convert samples/report.json -o demo-out/report.pdf
	$(BIN)/govreport convert samples/report.json -o demo-out/report.xlsx
	@echo "== a blank official form for an office to fill =="
	$(BIN)/govreport template --form 2021 --organ 青溪县人民政府办公室 --year 2025 -o demo-out/form.xlsx
	@echo "== every shipped sample into one tidy dataset (one row per cell) =="
	$(BIN)/govreport dataset samples/ -o demo-out/samples.csv -q
	@echo "== checking the arithmetic (勾稽关系) =="
	$(BIN)/govreport validate samples/capture-pdftext.txt samples/report.pdf
	@echo "== written to demo-out/ =="
	@ls demo-out

# pytest-xdist: one worker per CPU (one CPU: one worker), each test file whole on one worker (module
# fixtures run once), files in tests/conftest.py's order (the longest first) rather than by test count.
test: $(BUILT)
	$(BIN)/python -m pytest -n logical --dist loadfile --no-loadscope-reorder
	$(BIN)/ruff check govreport_io tests benchmarks fuzz samples/build.py docs/build_api.py setup.py
	$(BIN)/mypy govreport_io

lint: $(STAMP)
	$(BIN)/ruff check govreport_io tests benchmarks fuzz samples/build.py docs/build_api.py setup.py
	$(BIN)/mypy govreport_io

bench: $(BUILT)
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_readers.py
	$(BIN)/python benchmarks/bench_linear.py

# make fuzz: the slow hostile recipes and the saved corpus, then a long campaign (docs/reliability.md).
FUZZ_ARGS ?= --cases 300
fuzz: $(BUILT)
	FUZZ_SLOW=1 nice -n 10 $(BIN)/python -m pytest -q tests/fuzz
	nice -n 10 $(BIN)/python -m fuzz $(FUZZ_ARGS)

samples: $(BUILT)
	$(BIN)/python samples/build.py

docs: $(BUILT)
	$(BIN)/python docs/build_api.py build/api

clean:
	rm -rf $(VENV) demo-out .pytest_cache .mypy_cache .ruff_cache .hypothesis build
	find govreport_io -name '*.so' -delete
	rm -f *__mypyc*.so
