# The two commands: `make run` (a demo on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PORT ?= 8000
# The settings read it too: e-mails link to the port the portal runs on (PORTAL_URL's default).
export PORT
MANAGE := $(PY) manage.py

.PHONY: run test install messages worker beat up clean bench bench-load bench-growth bench-numbering

# Reinstall only when the lock changes: the stamp is a copy of the lock it was installed from.
$(INSTALLED): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -qq --disable-pip-version-check --require-hashes -r requirements.lock
	cp requirements.lock $(INSTALLED)

install: $(INSTALLED)

messages: install
	$(MANAGE) compilemessages --ignore=$(VENV) -v0

run: messages
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_demo
	@echo ""
	@echo "  Supplier portal: http://127.0.0.1:$(PORT)/"
	@echo "  Sign in as elise / demo (or tom / demo, another organisation)."
	@echo "  Support staff: sam / demo on http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Benchmarks, outside CI: PostgreSQL required (DATABASE_URL, default portal_bench on localhost).
# Each appends its figures to bench/RESULTS.md.
bench: messages
	$(PY) bench/browser.py
	$(PY) bench/search.py
	$(PY) bench/loader.py
	$(PY) bench/invoicing_list.py
	$(PY) bench/invoicing.py
	$(PY) bench/billing.py

bench-load: messages
	$(PY) bench/load.py

bench-growth: messages
	$(PY) bench/growth.py

bench-numbering: messages
	$(PY) bench/numbering.py

worker: install
	$(VENV)/bin/celery -A portal worker -Q default,loads,billing,exports --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A portal beat --loglevel=INFO

up:
	docker compose up --build

clean:
	rm -rf $(VENV) staticfiles
