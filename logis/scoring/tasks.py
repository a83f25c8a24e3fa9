"""Tasks that keep the current scores of the rankings (RankingScore) in step with what they depend on (ADR 0016).

`refresh_ranking_scores` runs after the commit of a change of a demand, an offer, an employer's priorities or an
agreement (logis.scoring.effects); `refresh_outdated_ranking_scores` runs daily from Celery beat (also
`manage.py refresh_ranking_scores`), for the seniority that counts in months from the day.
"""

import logging

from celery import shared_task

from logis.scoring.services import ranking_scores_outdated, ranking_scores_refresh

logger = logging.getLogger(__name__)


@shared_task(name="scoring.refresh_ranking_scores", ignore_result=True)
def refresh_ranking_scores(*, applications=None, offers=None, demands=None, employers=None) -> int:
    return ranking_scores_refresh(applications=applications, offers=offers, demands=demands, employers=employers)


@shared_task(name="scoring.refresh_outdated_ranking_scores", ignore_result=True)
def refresh_outdated_ranking_scores() -> int:
    """The current scores computed before today, offer by offer. Safe twice (a current row is left alone)."""
    written = 0
    for offer_id in ranking_scores_outdated():
        written += ranking_scores_refresh(offers=[offer_id])
    logger.info("refresh_outdated_ranking_scores: %s score(s) recomputed", written)
    return written
