# Two commands: `make run` serves the app on a fresh machine, `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
NPM ?= npm
# Front-end build output, served from static_build/ (see STATICFILES_DIRS).
ASSETS := static_build/app/app.min.css static_build/govuk/govuk-frontend.min.js \
	static_build/govuk/govuk-frontend.min.js.map

.PHONY: run test test-browser assets lint migrate fixtures clean

$(VENV): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)

# npm packages exactly as package-lock.json pins them; no install scripts are run.
node_modules: package.json package-lock.json
	$(NPM) ci --ignore-scripts --no-audit --no-fund
	touch node_modules

assets: $(ASSETS)

# GOV.UK Frontend built with our settings (Arial, no GDS Transport) plus our own styles.
static_build/app/app.min.css: node_modules $(wildcard static/scss/*.scss)
	node_modules/.bin/sass --pkg-importer=node --style=compressed --no-source-map \
		static/scss/app.scss $@

# The one GOV.UK Frontend script the pages load, and its source map (the manifest storage
# follows the script's sourceMappingURL).
static_build/govuk/%: node_modules
	mkdir -p $(@D)
	cp node_modules/govuk-frontend/dist/govuk/$* $@

# Embedded default: SQLite, tasks run inline, in-memory cache; DEBUG on for local serving.
run: export DEBUG = 1
run: $(VENV) $(ASSETS)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Uses PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set, SQLite otherwise.
# DEBUG stays off, as in production; only the secret key is a test one.
test: export SECRET_KEY ?= test-only-secret-key-not-used-anywhere-else
test: $(VENV) $(ASSETS)
	$(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Only the browser tests (Playwright driving /usr/bin/chromium, or CHROMIUM_PATH).
test-browser: override PYTEST_ARGS += tests/browser
test-browser: test

lint: $(VENV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles static_build node_modules
