"""The cyclic garbage collector held off while one analysis runs.

An analysis of a long text keeps tens of thousands of small containers alive at once (a
sentence's marked words, n-grams, spans) and lets every one of them go by reference counting
when it ends: none is part of a cycle. While they live, though, their number sets off the
collector: a dozen young-generation passes for 7,500 words, and every few analyses a full pass
over the whole heap, lemminflect's and the pronouncing dictionary's tables included (about
30 ms on this machine), which finds nothing of ours to free. :func:`collection_paused` switches
the collector off for the analysis and back on after it (only if it was on), the way Mercurial
builds its large indexes (``util.nogc``); what the analysis leaves behind is counted as usual
from then on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the ``with`` block with the cyclic garbage collector off; restore it after.

    Threads share the switch: another thread's analysis ending first turns it back on early
    (collections then run as they always did), and one that found it off leaves it to the
    thread that switched it off.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
