"""Gunicorn's control socket: one per server, under the run's directory, or none — two servers on
one host never share (and delete) one another's."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

from live_server import GunicornServer, start_gunicorn


def _port(server: GunicornServer) -> int:
    return int(server.base_url.rsplit(":", 1)[1])


def _answers(path: Path) -> bool:
    if not path.exists() or not stat.S_ISSOCK(path.stat().st_mode):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(5)
        try:
            client.connect(str(path))
        except OSError:
            return False
    return True


def test_two_servers_in_one_directory_each_keep_their_own_control_socket(tmp_path: Path) -> None:
    run, home = tmp_path / "run", tmp_path / "home"
    run.mkdir()
    home.mkdir()
    env = {"SHORTSTORY_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path}/s.sqlite3",
           "HOME": str(home), "XDG_RUNTIME_DIR": ""}
    first = start_gunicorn(env, run / "first.log")
    try:
        second = start_gunicorn(env, run / "second.log")
        try:
            sockets = [run / "var" / f"gunicorn-{_port(s)}.ctl" for s in (first, second)]
            assert all(_answers(path) for path in sockets), sorted(run.rglob("*"))
            assert not (home / ".gunicorn").exists()
            assert first.stop() == 0
            assert not sockets[0].exists()
            assert _answers(sockets[1]), "stopping one server took the other's control socket"
        finally:
            second.stop()
    finally:
        first.stop()


def test_the_control_socket_can_be_turned_off(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"SHORTSTORY_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path}/s.sqlite3",
           "HOME": str(home), "XDG_RUNTIME_DIR": "", "GUNICORN_CONTROL_SOCKET": "off"}
    server = start_gunicorn(env, tmp_path / "server.log")
    try:
        assert not list(tmp_path.rglob("*.ctl"))
        assert not (home / ".gunicorn").exists()
    finally:
        assert server.stop() == 0
