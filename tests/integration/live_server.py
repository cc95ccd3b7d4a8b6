"""Real processes for the integration tests: Gunicorn serving the app, and a private Redis.

Each process listens on a free loopback port, is waited for until it answers, and is stopped with
SIGTERM (SIGKILL only if it ignores that) and reaped, so no test leaves a server behind. Only
processes started here are ever stopped: the shared PostgreSQL and Redis are never touched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = REPO_ROOT / "gunicorn_config.py"
HARNESS_DIR = Path(__file__).resolve().parent
# Variables a child inherits from the test run; everything else is set explicitly per server, so
# a developer's shell (or CI's) can not leak settings such as DATABASE_URL into a test.
INHERITED_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "VIRTUAL_ENV")


class ServerStartError(RuntimeError):
    """A server process exited or did not answer in time; the message carries its log."""


def running_in_ci() -> bool:
    """True under continuous integration (``CI=true``): a missing tool fails instead of skipping."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def child_environment(env: Mapping[str, str]) -> dict[str, str]:
    """A clean environment for a child process: a few inherited basics plus ``env``."""
    base = {name: os.environ[name] for name in INHERITED_VARIABLES if name in os.environ}
    venv_bin = str(Path(sys.executable).parent)
    base["PATH"] = os.pathsep.join([venv_bin, base.get("PATH", "/usr/bin:/bin")])
    base["PYTHONUNBUFFERED"] = "1"
    base.update(env)
    return base


def stop_process(process: subprocess.Popen[bytes], timeout: float = 20.0) -> int:
    """SIGTERM the process, wait for it (SIGKILL after ``timeout``) and return its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    return int(process.returncode)


def _tail(path: Path, lines: int = 60) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


@dataclass
class GunicornServer:
    """A running Gunicorn: its base URL, its process and the file its output goes to."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        """Everything the server wrote so far (stdout and stderr)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """Graceful stop (SIGTERM), reaped; returns Gunicorn's exit code."""
        return stop_process(self.process)


def gunicorn_command(app: str = "shortstory.wsgi:app", extra_args: Sequence[str] = ()) -> list[str]:
    """The Gunicorn command line of the tests: the project's config, this directory importable."""
    return [
        sys.executable, "-m", "gunicorn",
        "-c", str(GUNICORN_CONFIG),
        "--pythonpath", str(HARNESS_DIR),
        *extra_args,
        app,
    ]  # fmt: skip


def start_gunicorn(
    env: Mapping[str, str],
    log_path: Path,
    *,
    app: str = "shortstory.wsgi:app",
    workers: int = 1,
    threads: int = 4,
    extra_args: Sequence[str] = (),
    command: Sequence[str] | None = None,
    ready_path: str = "/health/live",
    timeout: float = 90.0,
) -> GunicornServer:
    """Start a real Gunicorn with the project's ``gunicorn_config.py`` and wait until it answers.

    ``app`` may name a module of this directory (the harness directory is on the Python path), e.g.
    ``frame_app:build()``. ``command`` replaces the whole command line (``start_production.sh``,
    which ends by exec'ing Gunicorn). The working directory is the log's directory, so no ``.env``
    of the repository is read. ``PORT`` and ``HOST`` are chosen here.

    :raises ServerStartError: when the process exits or ``ready_path`` does not answer 200 in time.
    """
    port = free_port()
    child_env = child_environment(
        {
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_GRACEFUL_TIMEOUT": "10",
            **env,
            "PORT": str(port),
        }
    )
    argv = list(command) if command is not None else gunicorn_command(app, extra_args)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            argv,
            cwd=log_path.parent,
            env=child_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = GunicornServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_ready(server, ready_path, timeout)
    except BaseException:
        # Whatever went wrong (even an interrupt), no server outlives the test that started it.
        stop_process(process)
        raise
    return server


def _wait_until_ready(server: GunicornServer, ready_path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerStartError(
                f"server exited with {server.process.returncode} before answering:\n"
                f"{_tail(server.log_path)}"
            )
        try:
            if requests.get(server.base_url + ready_path, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            # Refused while booting, or slow to answer on a busy machine: ask again.
            pass
        time.sleep(0.1)
    raise ServerStartError(
        f"server did not answer {ready_path} in {timeout}s:\n{_tail(server.log_path)}"
    )


@dataclass
class RedisServer:
    """A private ``redis-server`` on a free loopback port, with no persistence."""

    url: str
    port: int
    process: subprocess.Popen[bytes]

    def stop(self) -> int:
        """Stop this server (and only this one)."""
        return stop_process(self.process)


def redis_server_binary() -> str | None:
    """Path of ``redis-server`` when it is installed."""
    return shutil.which("redis-server")


def start_redis(workdir: Path, timeout: float = 10.0, port: int | None = None,
                password: str | None = None) -> RedisServer:
    """Start a throw-away ``redis-server`` (on ``port``, else a free one; requiring ``password``
    when given, which its ``url`` then carries) and wait until it answers PING.

    :raises ServerStartError: when the binary is missing or the server does not come up.
    """
    import redis

    binary = redis_server_binary()
    if binary is None:
        raise ServerStartError("redis-server is not installed (apt-get install redis-server)")
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "redis.log"
    command = [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", str(workdir), "--daemonize", "no", "--logfile", str(log_path),
        *(["--requirepass", password] if password else []),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
    )
    auth = f":{password}@" if password else ""
    server = RedisServer(f"redis://{auth}127.0.0.1:{port}/0", port, process)
    client = redis.Redis(port=port, password=password, socket_connect_timeout=1)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ServerStartError(f"redis-server exited:\n{_tail(log_path)}")
            try:
                if client.ping():
                    return server
            except redis.RedisError:
                time.sleep(0.05)
        raise ServerStartError(f"redis-server did not answer in {timeout}s:\n{_tail(log_path)}")
    except BaseException:
        stop_process(process)
        raise
    finally:
        client.close()


NGINX_SITE = REPO_ROOT / "deploy" / "nginx.conf"


@dataclass
class NginxServer:
    """An unprivileged Nginx running the project's ``deploy/nginx.conf`` on loopback ports."""

    https_url: str
    http_url: str
    process: subprocess.Popen[bytes]
    error_log: Path

    def stop(self) -> int:
        """SIGQUIT (Nginx's graceful stop) this instance, reaped."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        return stop_process(self.process)


def nginx_binary() -> str | None:
    """Path of ``nginx`` when it is installed (Debian puts it in /usr/sbin)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def render_nginx_site(upstream_port: int, http_port: int, https_port: int, workdir: Path) -> str:
    """``deploy/nginx.conf`` as shipped, pointed at test ports, a self-signed pair and ``workdir``.

    Only addresses and paths change; every proxy directive is the shipped one.
    """
    text = NGINX_SITE.read_text(encoding="utf-8")
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream_port};",
        "listen [::]:80;": "",
        "listen [::]:443 ssl http2;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/letsencrypt/live/story.example.com/fullchain.pem": str(workdir / "cert.pem"),
        "/etc/letsencrypt/live/story.example.com/privkey.pem": str(workdir / "key.pem"),
        "/var/log/nginx/": f"{workdir}/",
        "/var/www/letsencrypt": str(workdir),
    }
    for old, new in replacements.items():
        if old not in text:
            raise AssertionError(f"deploy/nginx.conf no longer contains {old!r}")
        text = text.replace(old, new)
    return text


def start_nginx(upstream_port: int, workdir: Path, timeout: float = 20.0) -> NginxServer:
    """Run Nginx in the foreground with the shipped site config in front of ``upstream_port``.

    :raises ServerStartError: when nginx or openssl is missing or Nginx does not come up.
    """
    binary = nginx_binary()
    openssl = shutil.which("openssl")
    if binary is None or openssl is None:
        raise ServerStartError("nginx and openssl are needed (apt-get install nginx openssl)")
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=story.example.com",
         "-keyout", str(workdir / "key.pem"), "-out", str(workdir / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    http_port, https_port = free_port(), free_port()
    (workdir / "site.conf").write_text(
        render_nginx_site(upstream_port, http_port, https_port, workdir), encoding="utf-8"
    )
    temp = {name: workdir / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (workdir / "nginx.conf").write_text(
        "daemon off;\n"
        f"pid {workdir}/nginx.pid;\n"
        f"error_log {workdir}/error.log;\n"
        "events {}\n"
        "http {\n"
        f"  access_log {workdir}/access.log;\n"
        f"  client_body_temp_path {temp['body']};\n"
        f"  proxy_temp_path {temp['proxy']};\n"
        f"  fastcgi_temp_path {temp['fastcgi']};\n"
        f"  uwsgi_temp_path {temp['uwsgi']};\n"
        f"  scgi_temp_path {temp['scgi']};\n"
        f"  include {workdir}/site.conf;\n"
        "}\n",
        encoding="utf-8",
    )
    error_log = workdir / "error.log"
    with error_log.open("ab") as stderr:
        process = subprocess.Popen(
            [binary, "-c", str(workdir / "nginx.conf"), "-p", f"{workdir}/"],
            stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
        )  # fmt: skip
    server = NginxServer(
        f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", process, error_log
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerStartError(f"nginx exited:\n{_tail(error_log)}")
        try:
            with socket.create_connection(("127.0.0.1", https_port), timeout=1):
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise ServerStartError(f"nginx did not listen in {timeout}s:\n{_tail(error_log)}")


def run_shortstory(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the ``shortstory`` command in a clean environment; output captured as text."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "shortstory"), *args],
        env=child_environment(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def create_api_key(database_url: str, workdir: Path) -> str:
    """A new user and its API key, made by ``shortstory users create`` (the key is printed once)."""
    name = f"it-{secrets.token_hex(4)}"
    result = run_shortstory(["users", "create", name], {"DATABASE_URL": database_url}, workdir)
    assert result.returncode == 0, f"users create failed:\n{result.stdout}\n{result.stderr}"
    return extract_api_key(result.stdout)


def extract_api_key(output: str) -> str:
    """The key in ``shortstory users create`` output: its longest whitespace-free token."""
    tokens = [token.strip("'\"`") for token in output.split()]
    return max(tokens, key=len)


def get_fresh_connection(url: str, key: str) -> requests.Response:
    # A new connection per request (no keep-alive), so Gunicorn may hand each to another worker.
    return requests.get(
        url, headers={"Authorization": f"Bearer {key}", "Connection": "close"}, timeout=10
    )


def wait_for_workers(
    server: GunicornServer,
    key: str,
    count: int,
    pid_path: str = "/api/v1/_frame/pid",
    timeout: float = 30,
) -> None:
    """Until ``count`` distinct workers have answered ``pid_path`` (``frame_app``'s, by default):
    Gunicorn answers as soon as one worker is up."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    url = f"{server.base_url}{pid_path}"
    with ThreadPoolExecutor(max_workers=count * 2) as pool:
        while len(seen) < count and time.monotonic() < deadline:
            replies = pool.map(lambda _: get_fresh_connection(url, key), range(count * 2))
            seen.update(r.json()["pid"] for r in replies if r.status_code == 200)
    assert len(seen) >= count, f"only {len(seen)} of {count} workers answered:\n{server.log()}"
