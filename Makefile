# Meldpunt — `make run` and `make test` set everything up on a fresh machine.
VENV   := .venv
PYTHON := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app app
PYTHON_SYSTEM ?= python3
OIDC_DIR := tests/oidc
export FLASK_APP := app

.PHONY: run test lint typecheck i18n-check rules-doc setup setup-dev system-deps test-system-deps translations db clean bench

run: setup db
	@echo "Meldpunt on http://127.0.0.1:5000 — demo accounts: mentor@, coordinator@, director@, admin@, mentor2@, director2@demo.meldpunt.nl (password: demo)"
	@# The scheduler (outbox delivery, deadlines) runs beside the web server and stops with it.
	@$(FLASK) scheduler & SCHEDULER_PID=$$!; \
	trap 'kill $$SCHEDULER_PID 2>/dev/null; wait $$SCHEDULER_PID 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup-dev
	$(VENV)/bin/pytest tests -q -W ignore::DeprecationWarning -n auto

# Gates, run by .ci/run before the tests and by .pre-commit-config.yaml; configured in pyproject.toml.
lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup-dev
	$(VENV)/bin/mypy --strict

# Every msgid that pybabel extract finds is in each catalogue, translated and not fuzzy.
i18n-check: setup-dev
	$(PYTHON) -m incidents.i18n_check

# docs/rules.md from workflows/rulebook.py and the tests marked @pytest.mark.rule (checked by tests/test_rules_doc.py).
rules-doc: setup-dev
	$(PYTHON) -m tests.rules_doc

setup: system-deps $(VENV)/.runtime translations

setup-dev: setup $(VENV)/.dev $(OIDC_DIR)/node_modules/.installed test-system-deps

# WeasyPrint needs Pango; install it from Debian when it is missing (needs root or sudo).
system-deps:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; \
	fi

# tests/deploy runs `nginx -t` and a real nginx with deploy/nginx/meldpunt.conf (skipped without it);
# systemd-analyze (package systemd) verifies the units. Installed from Debian when missing (on a host
# with systemd, Debian then starts its default site on port 80: `systemctl disable --now nginx`).
test-system-deps:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends nginx openssl; \
	fi

$(VENV)/.runtime: requirements.txt
	test -x $(PYTHON) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

# The real OpenID provider the SSO tests start on 127.0.0.1 (node oidc-provider, tests/oidc):
# npm ci when node_modules is missing or older than the lock file.
$(OIDC_DIR)/node_modules/.installed: $(OIDC_DIR)/package.json $(OIDC_DIR)/package-lock.json
	cd $(OIDC_DIR) && npm ci --no-audit --no-fund
	touch $@

translations: $(VENV)/.runtime
	$(VENV)/bin/pybabel compile -d translations 2>&1 | grep -v "^compiling" || true

db: setup
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty

bench: setup-dev
	for b in bench/bench_*.py; do $(PYTHON) $$b || exit 1; done

clean:
	rm -rf $(VENV) instance
