"""Settings: read from the environment table, overridable, validated per environment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shortstory.config import (
    ConfigError,
    Settings,
    load_settings,
    load_settings_or_exit,
    mask_url,
)

PG = "postgresql://app:s3cret@db.internal:5432/stories"


def test_defaults_need_no_configuration(tmp_path: Path) -> None:
    settings = load_settings(environ={}, dotenv_path=None)
    assert settings.environment == "development"
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'var' / 'shortstory.sqlite3'}"
    assert settings.redis_url is None
    # Development-sized limits: clicking through a front end never meets them.
    assert settings.ratelimit_default == "5000 per day;1000 per hour"
    assert settings.ratelimit_generation == "60 per minute"
    assert settings.ratelimit_revision == "300 per hour"
    assert settings.ratelimit_other == "2000 per hour"
    assert settings.max_content_length == 1_048_576
    assert settings.log_format == "console"
    assert len(settings.secret_key) >= 32
    assert settings.local_user_enabled


def test_production_keeps_the_seeded_limits_and_explicit_limits_win() -> None:
    production = load_settings(environ={"SHORTSTORY_ENV": "production", "SECRET_KEY": "k" * 40,
                                        "DATABASE_URL": PG}, dotenv_path=None)
    assert (production.ratelimit_default, production.ratelimit_generation,
            production.ratelimit_revision, production.ratelimit_other) == (
        "200 per day;50 per hour", "10 per minute", "20 per hour", "100 per hour")
    chosen = load_settings(environ={"RATELIMIT_GENERATION": "3 per minute"}, dotenv_path=None)
    assert chosen.ratelimit_generation == "3 per minute"
    assert chosen.ratelimit_other == "2000 per hour"


def test_make_run_serves_development_from_one_process_so_limits_count_in_one_place() -> None:
    root = Path(__file__).resolve().parents[3]
    dry = subprocess.run(["make", "-n", "run"], cwd=root, capture_output=True, text=True,
                         timeout=60, env={"PATH": "/usr/bin:/bin"})
    commands = dry.stdout.replace("\\\n", " ").splitlines()
    serve = next(line for line in commands if "gunicorn -c" in line)
    assert "WEB_CONCURRENCY=1 " in serve and "GUNICORN_THREADS=8 " in serve, serve


def test_development_secret_differs_per_process_start() -> None:
    first = load_settings(environ={}, dotenv_path=None)
    second = load_settings(environ={}, dotenv_path=None)
    assert first.secret_key != second.secret_key


def test_environment_variables_are_typed() -> None:
    settings = load_settings(
        environ={
            "DB_POOL_SIZE": "7",
            "RATELIMIT_ENABLED": "off",
            "CORS_ORIGINS": "https://a.example, https://b.example/",
            "LOG_LEVEL": "debug",
            "REDIS_URL": "redis://127.0.0.1:6379/2",
        },
        dotenv_path=None,
    )
    assert settings.db_pool_size == 7
    assert settings.ratelimit_enabled is False
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.log_level == "DEBUG"
    assert settings.redis_url == "redis://127.0.0.1:6379/2"


def test_flask_env_is_an_alias_and_shortstory_env_wins() -> None:
    assert load_settings(environ={"FLASK_ENV": "test"}, dotenv_path=None).environment == "test"
    both = {"FLASK_ENV": "test", "SHORTSTORY_ENV": "development"}
    assert load_settings(environ=both, dotenv_path=None).environment == "development"


def test_heroku_postgres_scheme_is_rewritten() -> None:
    settings = load_settings(
        environ={"DATABASE_URL": "postgres://u:p@h:5432/d"}, dotenv_path=None
    )
    assert settings.database_url == "postgresql://u:p@h:5432/d"


def test_overrides_win_over_the_environment() -> None:
    settings = load_settings(
        {"db_pool_size": 3, "LOG_LEVEL": "warning"},
        environ={"DB_POOL_SIZE": "9", "LOG_LEVEL": "ERROR"},
        dotenv_path=None,
    )
    assert settings.db_pool_size == 3
    assert settings.log_level == "WARNING"


def test_unknown_override_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"no_such_setting": 1}, environ={}, dotenv_path=None)
    assert "no_such_setting" in caught.value.problems[0]


def test_dotenv_is_read_under_the_environment(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("DB_POOL_SIZE=4\nDB_MAX_OVERFLOW=2\n")
    settings = load_settings(environ={"DB_MAX_OVERFLOW": "6"}, dotenv_path=dotenv)
    assert settings.db_pool_size == 4
    assert settings.db_max_overflow == 6


def test_production_lists_every_problem_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(
            environ={
                "SHORTSTORY_ENV": "production",
                "DEBUG": "true",
                "DB_POOL_SIZE": "lots",
                "RATELIMIT_GENERATION": "often",
                "LOG_FORMAT": "xml",
            },
            dotenv_path=None,
        )
    problems = "\n".join(caught.value.problems)
    for expected in (
        "SECRET_KEY is required",
        "DATABASE_URL is required",
        "DEBUG must be off",
        "DB_POOL_SIZE='lots'",
        "RATELIMIT_GENERATION='often'",
        "LOG_FORMAT='xml'",
    ):
        assert expected in problems
    assert len(caught.value.problems) == 6


@pytest.mark.parametrize(
    ("environ", "problem"),
    [
        ({"SECRET_KEY": "short", "DATABASE_URL": PG}, "at least 32 characters"),
        ({"SECRET_KEY": "k" * 32, "DATABASE_URL": "sqlite:///x.db"}, "PostgreSQL in production"),
        ({"SECRET_KEY": "k" * 32, "DATABASE_URL": "mysql://h/d"}, "postgresql:// or sqlite://"),
        ({"SECRET_KEY": "k" * 32, "DATABASE_URL": PG, "CORS_ORIGINS": "*"}, "CORS_ORIGINS"),
    ],
)
def test_production_refuses(environ: dict[str, str], problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"SHORTSTORY_ENV": "production", **environ}, dotenv_path=None)
    assert any(problem in p for p in caught.value.problems)


def test_valid_production_settings_load() -> None:
    settings = load_settings(
        environ={"SHORTSTORY_ENV": "production", "SECRET_KEY": "k" * 32, "DATABASE_URL": PG},
        dotenv_path=None,
    )
    assert settings.is_production
    assert settings.log_format == "json"
    assert not settings.local_user_enabled


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SHORTSTORY_ENV", "staging"),
        ("DB_POOL_SIZE", "0"),
        ("MAX_CONTENT_LENGTH", "-1"),
        ("REDIS_URL", "http://cache"),
        ("CORS_ORIGINS", "not an origin"),
        ("JOB_BACKEND", "cron"),
        ("RATELIMIT_ENABLED", "maybe"),
        ("RATELIMIT_KEY_PREFIX", "two words"),
    ],
)
def test_each_bad_value_is_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={name: value}, dotenv_path=None)
    assert any(name in problem for problem in caught.value.problems)


def test_masked_settings_hide_every_secret() -> None:
    settings = load_settings(
        environ={
            "SHORTSTORY_ENV": "production",
            "SECRET_KEY": "topsecret-" + "x" * 30,
            "DATABASE_URL": PG,
            "REDIS_URL": "redis://:redispass@cache:6379/0",
            "SENTRY_DSN": "https://publickey@sentry.example/1",
            "METRICS_TOKEN": "metrics-token-value",
        },
        dotenv_path=None,
    )
    shown = repr(settings.masked())
    for secret in ("topsecret", "s3cret", "redispass", "publickey", "metrics-token-value"):
        assert secret not in shown
    assert "db.internal" in shown


def test_mask_url_keeps_everything_but_the_password() -> None:
    assert mask_url(PG) == "postgresql://app:***@db.internal:5432/stories"
    assert mask_url("sqlite:///var/x.sqlite3") == "sqlite:///var/x.sqlite3"


def test_load_settings_or_exit_prints_problems_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHORTSTORY_ENV", "production")
    with pytest.raises(SystemExit) as caught:
        load_settings_or_exit()
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "SECRET_KEY is required in production" in err
    assert "DATABASE_URL is required in production" in err


def _run(code: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_wsgi_refuses_bad_settings_without_a_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "SHORTSTORY_ENV": "production", "SECRET_KEY": "short"}
    result = _run("import shortstory.wsgi", env, tmp_path)
    # 4 is Gunicorn's APP_LOAD_ERROR: the arbiter halts instead of respawning workers forever.
    assert result.returncode == 4
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY must be at least 32 characters" in result.stderr
    assert "DATABASE_URL is required in production" in result.stderr


def test_settings_are_immutable() -> None:
    settings = Settings()
    with pytest.raises(AttributeError):
        settings.debug = True  # type: ignore[misc]
