"""The service's settings: one typed object, read from the environment, validated per environment.

- :mod:`.settings`: the :class:`Settings` object, and :func:`app_settings`, the one way to the
  settings an app was built with;
- :mod:`.sources`: every environment variable mapped to its setting in one table
  (:data:`SETTINGS_TABLE`), and how overrides (tests) apply;
- :mod:`.checks`: what each environment refuses, every problem collected;
- :mod:`.loading`: :func:`load_settings` puts them together; one :class:`ConfigError` lists every
  problem.

Nothing here runs at import time.
"""

from shortstory.config.checks import default_job_backend
from shortstory.config.loading import load_settings, load_settings_or_exit
from shortstory.config.settings import (
    SETTINGS_KEY,
    ConfigError,
    Settings,
    app_settings,
    bind_settings,
    mask_url,
)
from shortstory.config.sources import (
    SETTINGS_TABLE,
    SettingSource,
    default_database_url,
    normalise_database_url,
)

__all__ = [
    "SETTINGS_KEY",
    "SETTINGS_TABLE",
    "ConfigError",
    "SettingSource",
    "Settings",
    "app_settings",
    "bind_settings",
    "default_database_url",
    "default_job_backend",
    "load_settings",
    "load_settings_or_exit",
    "mask_url",
    "normalise_database_url",
]
