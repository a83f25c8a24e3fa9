"""Cotation of demands (interface; implemented by the scoring app)."""


def rank_applications(offer) -> list:
    """The offer's applications ranked by score (best first), each with its score breakdown."""
    return []
