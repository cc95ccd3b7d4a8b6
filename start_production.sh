#!/usr/bin/env bash
# Start the service in production: validate the settings, migrate the database, exec Gunicorn.
# Every setting comes from the environment (see env.example); nothing is invented here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export SHORTSTORY_ENV="${SHORTSTORY_ENV:-${FLASK_ENV:-production}}"

# Prefer the project's virtualenv when there is one; a PaaS puts the tools on PATH instead.
if [[ -x .venv/bin/shortstory ]]; then
    PATH="$PWD/.venv/bin:$PATH"
fi
for tool in shortstory gunicorn; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "start_production.sh: '$tool' is not installed (pip install -r requirements.txt && pip install .)" >&2
        exit 127
    fi
done

# check-config prints the problems (one readable message) and exits non-zero when settings are
# invalid; its listing of the effective settings (secrets masked) is not needed in the log here.
if ! shortstory check-config >/dev/null; then
    echo "start_production.sh: invalid configuration, not starting (see the message above)" >&2
    exit 2
fi

if [[ "${SKIP_MIGRATIONS:-0}" != "1" ]]; then
    shortstory db upgrade
fi

exec gunicorn -c gunicorn_config.py shortstory.wsgi:app
