"""The Celery backend's settings: chosen by default in production with a broker, refused without
one, and the Celery app built from them (JSON only, late acks, limits, queues per kind)."""

from __future__ import annotations

import pytest

from shortstory.config import ConfigError, Settings, load_settings
from shortstory.jobs.celery_backend import TASK_NAMES, CeleryQueue, build_celery, queue_names
from shortstory.jobs.queue import JobQueue, QueueUnavailable

PRODUCTION = {"SHORTSTORY_ENV": "production", "SECRET_KEY": "s" * 40,
              "DATABASE_URL": "postgresql://app@db.internal/stories"}
REDIS = "redis://cache.internal:6379/0"


def settings(**environ: str) -> Settings:
    return load_settings(environ=environ, dotenv_path=None)


def problems(**environ: str) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        settings(**environ)
    return raised.value.problems


def test_production_with_a_broker_defaults_to_celery() -> None:
    assert settings(**PRODUCTION, REDIS_URL=REDIS).job_backend == "celery"
    assert settings(**PRODUCTION, CELERY_BROKER_URL="amqp://mq.internal//").job_backend == "celery"


def test_without_a_broker_or_outside_production_the_default_is_inprocess() -> None:
    assert settings(**PRODUCTION).job_backend == "inprocess"
    assert settings(REDIS_URL=REDIS).job_backend == "inprocess"
    assert settings().job_backend == "inprocess"


def test_an_explicit_backend_wins_over_the_default() -> None:
    assert settings(**PRODUCTION, REDIS_URL=REDIS, JOB_BACKEND="inprocess").job_backend == (
        "inprocess")
    assert settings(REDIS_URL=REDIS, JOB_BACKEND="Celery").job_backend == "celery"


def test_celery_without_a_broker_url_stops_start_up_naming_both_variables() -> None:
    found = problems(JOB_BACKEND="celery")
    assert found == ["JOB_BACKEND=celery needs a broker: set REDIS_URL or CELERY_BROKER_URL"]


def test_an_unknown_job_backend_stops_start_up() -> None:
    assert problems(JOB_BACKEND="rq") == ["JOB_BACKEND='rq' must be one of inprocess, celery"]


@pytest.mark.parametrize(("environ", "expected"), [
    ({"JOB_SOFT_TIME_LIMIT": "700"}, "JOB_HARD_TIME_LIMIT=660 must be more than "
                                     "JOB_SOFT_TIME_LIMIT=700"),
    ({"JOB_SOFT_TIME_LIMIT": "0", "JOB_HARD_TIME_LIMIT": "5"},
     "JOB_SOFT_TIME_LIMIT=0 must be at least 1"),
    ({"JOB_HARD_TIME_LIMIT": "ten"}, "JOB_HARD_TIME_LIMIT='ten' must be a whole number"),
    ({"CELERY_QUEUE_CAPACITY": "0"}, "CELERY_QUEUE_CAPACITY=0 must be at least 1"),
    ({"JOB_QUEUE_PREFIX": "my queue"}, "JOB_QUEUE_PREFIX must be at most 64 letters, digits "
                                       "or . _ : -"),
    ({"CELERY_BROKER_URL": "http://mq"}, "CELERY_BROKER_URL must be a redis, rediss, amqp, "
                                         "amqps, pyamqp URL"),
])
def test_job_settings_are_validated(environ: dict[str, str], expected: str) -> None:
    assert expected in problems(**environ)


def test_the_broker_url_is_masked_when_shown() -> None:
    shown = settings(CELERY_BROKER_URL="amqp://jobs:hunter2@mq.internal//").masked()
    assert shown["celery_broker_url"] == "amqp://jobs:***@mq.internal//"


def test_the_celery_app_is_json_only_acks_late_and_takes_one_message_at_a_time() -> None:
    conf = build_celery(settings(JOB_BACKEND="celery", REDIS_URL=REDIS)).conf
    assert conf.task_serializer == "json"
    assert list(conf.accept_content) == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (600, 660)
    assert conf.worker_hijack_root_logger is False


def test_the_visibility_timeout_stays_above_the_hard_limit() -> None:
    conf = build_celery(settings(JOB_BACKEND="celery", REDIS_URL=REDIS,
                                 JOB_SOFT_TIME_LIMIT="30", JOB_HARD_TIME_LIMIT="40")).conf
    options = conf.broker_transport_options
    assert options["visibility_timeout"] == 80
    assert options["unacked_restore_interval"] == options["unacked_restore_throttle"] == 1


def test_a_rabbitmq_broker_gets_no_redis_transport_options() -> None:
    conf = build_celery(settings(JOB_BACKEND="celery",
                                 CELERY_BROKER_URL="amqp://mq.internal//")).conf
    assert conf.broker_url == "amqp://mq.internal//"
    assert dict(conf.broker_transport_options) == {}


def test_each_kind_has_its_queue_and_route_under_the_prefix() -> None:
    configured = settings(JOB_BACKEND="celery", REDIS_URL=REDIS, JOB_QUEUE_PREFIX="blue.")
    assert queue_names(configured) == {"generate": "blue.generate", "revise": "blue.revise"}
    conf = build_celery(configured).conf
    assert sorted(queue.name for queue in conf.task_queues) == ["blue.generate", "blue.revise"]
    assert conf.task_routes[TASK_NAMES["revise"]]["queue"] == "blue.revise"


def test_the_celery_queue_is_a_job_queue_that_reports_an_unreachable_broker() -> None:
    closed = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there
    queue = CeleryQueue.from_settings(settings(JOB_BACKEND="celery", REDIS_URL=closed))
    try:
        assert isinstance(queue, JobQueue)
        assert queue.name == "celery"
        with pytest.raises(QueueUnavailable) as raised:
            queue.enqueue("generate", "a-job-id")
        assert raised.value.retry_after > 0
        stats = queue.stats()
        assert stats["depth"] is None and stats["worker_heartbeat_age_s"] is None
        assert stats["queues"] == {"generate": None, "revise": None}
    finally:
        queue.shutdown()
