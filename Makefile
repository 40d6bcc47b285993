# Two commands: `make run` serves the app on a fresh machine, `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint migrate fixtures clean

$(VENV): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)

# Embedded default: SQLite, tasks run inline, in-memory cache; DEBUG on for local serving.
run: export DEBUG = 1
run: $(VENV)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Uses PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set, SQLite otherwise.
# DEBUG stays off, as in production; only the secret key is a test one.
test: export SECRET_KEY ?= test-only-secret-key-not-used-anywhere-else
test: $(VENV)
	$(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
