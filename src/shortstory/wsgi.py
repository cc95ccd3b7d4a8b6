"""The WSGI entry point: ``gunicorn shortstory.wsgi:app``.

Invalid settings print one readable message and stop the process without a traceback.
"""

from __future__ import annotations

from shortstory.app import create_app
from shortstory.config import load_settings_or_exit

# Gunicorn halts the whole server when a worker exits with 4 (its APP_LOAD_ERROR); any other
# code makes it respawn the worker forever against the same bad settings.
_APP_LOAD_ERROR = 4

app = create_app(settings=load_settings_or_exit(exit_code=_APP_LOAD_ERROR))
