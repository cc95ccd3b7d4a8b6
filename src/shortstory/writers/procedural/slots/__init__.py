"""The realiser's slot families, one module each: verbs and agreement, cast, places, premise,
dialogue and clues. :class:`~shortstory.writers.procedural.realiser.Realiser` joins them."""
