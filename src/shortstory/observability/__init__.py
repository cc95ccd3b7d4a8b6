"""What the service tells its operators: log lines (structlog) and error reports (Sentry).

Shared by the web processes, the job workers and the commands, so it sits below all of them.
"""
