"""The story pipeline, pure Python: premise -> outline -> scaffold -> draft -> revise.

The entry points live in :mod:`shortstory.pipeline.planning` (``plan_story``, ``replan``),
:mod:`shortstory.pipeline.run` (``write_story``) and :mod:`shortstory.pipeline.revise`
(``revise_text``); import them from there. The
pipeline is handed its writer (and, to re-render a plan, the writer's ``render``) and imports
none. Nothing here runs at import time.
"""
