# policy-l10n — the two commands: `make build` (site for every locale) and `make test`.
# Both set up what they need: Debian packages (as root, via apt-get) and a .venv.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/policy-l10n
# Debian packages: GNU gettext (msgfmt -c), poppler (pdftotext/pdffonts), fonts per script and emoji,
# HarfBuzz subsetting (CJK PDFs take ~9 s instead of ~0.2 s without it), Pango for WeasyPrint.
APT_BUILD := gettext poppler-utils fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core \
             libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fontconfig
APT_TEST  := $(APT_BUILD) chromium unicode-data

.PHONY: build test deps-build deps-test venv bench clean

build: deps-build venv
	$(CLI) build

test: deps-test venv
	$(PY) -m pytest -q -p no:cacheprovider

# the bench extra: Sphinx, MyST and sphinx-intl, the cold-HTML baseline (benchmarks/README.md)
bench: deps-test venv $(VENV)/.bench-installed
	$(PY) benchmarks/run.py

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]' --config-settings editable_mode=compat
	touch $@

deps-build:
	@sh scripts/ensure-apt.sh $(APT_BUILD)

deps-test:
	@sh scripts/ensure-apt.sh $(APT_TEST)

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' --config-settings editable_mode=compat
	touch $@

clean:
	rm -rf output .preview .cache
