"""A story to export: several pages of prose with dialogue, a title in three scripts.

A uniquely named module (test modules import it; ``conftest`` is ambiguous with several on
``sys.path``); ``conftest.py`` beside it makes the fixture.
"""

from __future__ import annotations

from shortstory.exports import ExportDocument

TITLE = "Η λάμπα του Φάρου — Лампа маяка, à côté"
FIRST_SENTENCE = "“Maren Holt?” Tobias Castellan asked, as if the name had needed checking."
LAST_SENTENCE = "By morning the lamp was out, and nobody on the island said who had lit it."


def story_text(paragraphs: int = 60) -> str:
    """A story of ``paragraphs`` paragraphs (about 45 words each), dialogue among them."""
    body = []
    for n in range(paragraphs):
        if n % 4 == 1:
            body.append(f"“Did you climb the stairs again tonight?” Marta asked. “All {n} of "
                        f"them?”\n“Every one,” I said, and counted them aloud for her.")
        else:
            body.append(f"Paragraph {n}: I counted stairs aloud, methodical as ever, and the "
                        f"lamp room smelled of oil and salt & something older. The keeper's "
                        f"log said <nothing> about the light that burned on night {n}.")
    return "\n\n".join([FIRST_SENTENCE, *body, LAST_SENTENCE])


def sample_document() -> ExportDocument:
    """The story, by Zoë Ångström, written by the procedural writer."""
    return ExportDocument.from_text(title=TITLE, author="Zoë Ångström", writer="procedural",
                                    text=story_text())
