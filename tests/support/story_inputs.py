"""The story inputs the corpus tests share: characters, ideas, themes and every POV/tense.

Each corpus test builds its own requests from these (its own order, subset and lengths), so a
character or an idea is written once; change one here and every corpus that uses it follows.
"""

from __future__ import annotations

import itertools
from typing import Any

MAREN = {"name": "Maren Holt", "pronouns": "she/her", "traits": ["methodical", "lonely"],
         "quirk": "counts stairs aloud", "contradiction": "fears the dark she guards",
         "want": "to be needed"}
TOMASZ = {"name": "Tomasz Ilić", "pronouns": "he/him", "traits": ["stubborn", "generous", "tired"],
          "quirk": "whistles through his teeth when he lies",
          "contradiction": "hoards every letter he claims to despise",
          "want": "to finish his father's map"}
ADE = {"name": "Ade Okafor", "pronouns": "they/them", "traits": ["curious", "restless"],
       "quirk": "a habit of naming every stray cat",
       "contradiction": "trusts strangers more than friends", "want": "a room of their own"}
ZOE = {"name": "Zoë Ångström", "pronouns": "she/her", "traits": ["precise", "proud"],
       "quirk": "taps a pencil against her teeth",
       "contradiction": "hates crowds but sings in them", "want": "to win back her sister's trust"}
BRAM = {"name": "Bram de Vries", "pronouns": "he/him", "traits": ["shy"],
        "quirk": "keeps a pebble in each pocket", "contradiction": "",
        "want": "to be left alone"}
INES = {"name": "Ines Carvalho", "pronouns": "they/them", "traits": ["blunt", "loyal"],
        "quirk": "", "contradiction": "gives advice they never take",
        "want": "to learn who sent the letters"}

CHARACTERS: list[dict[str, Any]] = [MAREN, TOMASZ, ADE, ZOE, BRAM, INES]
"""Every shared character: names in three scripts' worth of letters, every pronoun set, empty
quirks and contradictions."""

LIGHTHOUSE = "A lighthouse keeper finds the lamp lit every night by someone else."
TRANSLATOR = "A translator discovers that a dead poet's final book was written by a living woman."
BAKER = "A night-shift baker receives orders for bread from an address that burned down."
SURVEYOR = "A surveyor mapping a flooded valley keeps finding the same drowned bell tower."
CLOCKMAKER = "A retired clockmaker is asked to repair a clock that runs backwards."
COURIER = "A courier carries a sealed box across a city that changes its streets each dawn."
GREENHOUSE = "Two estranged sisters inherit a greenhouse that blooms only in winter."
ANNOUNCER = "A station announcer hears her own voice announcing trains that never arrive."
ARCHIVIST = "An archivist finds a letter that was posted tomorrow."
FERRYMAN = "A ferryman is paid in coins that have not been minted yet."

IDEAS = [LIGHTHOUSE, TRANSLATOR, BAKER, SURVEYOR, CLOCKMAKER, COURIER, GREENHOUSE, ANNOUNCER]
"""The engine corpus's ideas, in its order."""

STRANGERS = "what we owe to strangers"
THEMES = [STRANGERS, "the price of keeping promises", "whether memory can be trusted",
          "how grief changes shape", "the courage to ask for help", ""]

POV_TENSE = list(itertools.product(["first", "close_third", "second"], ["past", "present"]))
"""Every point of view with every tense."""
