"""The data layer: engine and per-request session, models, repositories, migrations.

Routes and services never build queries: they ask a repository (``UserRepository(session)``…)
for what they need, with the session of the request (:func:`request_session`) or of a job/CLI
(:meth:`Database.session_scope`).
"""

from shortstory.storage.session import Database, database, request_session

__all__ = ["Database", "database", "request_session"]
