"""The story pipeline, pure Python: premise -> outline -> scaffold -> draft -> revise.

The entry points live in :mod:`shortstory.pipeline.run` (``plan_story``, ``write_story``,
``render_from_plan``); import them from there. Nothing here runs at import time.
"""
