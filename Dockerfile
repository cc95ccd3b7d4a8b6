# syntax=docker/dockerfile:1
# The Short Story Pipeline image: one image for the web service (the default command) and the job
# worker (`shortstory worker`, see compose.yaml). Build: `docker build -t shortstory .`
# The image was written and linted here (hadolint, in `make test`) but not built in CI: no Docker
# engine runs on the machines that test it. DEPLOYMENT.md says the same.

# --- build: the pinned runtime set and the project, into a virtualenv ---------------------------
FROM python:3.11-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

WORKDIR /build
RUN python -m venv /opt/venv
# Dependencies first (the layer is reused until requirements.txt changes); every wheel is pinned.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir --no-deps .

# --- runtime: the virtualenv, the start script and Gunicorn's settings, a non-root user ----------
FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    SHORTSTORY_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000

# A fixed numeric id, so that volumes and the host see the same owner.
RUN groupadd --system --gid 10001 shortstory \
    && useradd --system --uid 10001 --gid shortstory --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin shortstory

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY gunicorn_config.py start_production.sh ./
# var/ holds Gunicorn's control socket; the code itself stays read-only to the service user.
RUN mkdir var && chown 10001:10001 var

USER 10001:10001
EXPOSE 8000

# Liveness only (no database call): /health/ready is for load balancers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/health/live', timeout=4)"]

# Exec form: start_production.sh checks the settings, migrates and execs Gunicorn, so Gunicorn is
# PID 1's successor and receives `docker stop`'s SIGTERM itself (graceful shutdown).
STOPSIGNAL SIGTERM
CMD ["./start_production.sh"]
