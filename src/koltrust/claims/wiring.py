"""Plugging claim matching into screening, as the settings say."""

from __future__ import annotations

from koltrust.claims.matcher import LazyMatcher, SessionFactory
from koltrust.claims.producer import ClaimMatchProducer
from koltrust.config import Settings
from koltrust.screening.engine import FindingProducer
from koltrust.screening.model import Rulebook
from koltrust.screening.source import ProducersFor


def screening_producers(settings: Settings, sessions: SessionFactory) -> ProducersFor | None:
    """The claim-matching producer for each rulebook, or None when the settings turn claim
    matching off in screening. The producer finds nothing while no fact-check is stored."""
    if not settings.claims_in_screening:
        return None
    matcher = LazyMatcher(settings, sessions)

    def producers(rulebook: Rulebook) -> list[FindingProducer]:
        return [ClaimMatchProducer(matcher, rulebook)]

    return producers
