"""Text analysis: the product's judge. Pure Python, no network, no Flask, no SQL."""
