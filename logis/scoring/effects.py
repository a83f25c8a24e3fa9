"""What keeps the current scores of the rankings (RankingScore) true: every write of what a score depends on.

A score reads the demand (its register record, household, resources, wishes, employer, employment), the offer
(place, type, rent), the employer's priorities and the staff category of the agreement; the eligibility verdict
stored beside it reads the demand, the offer and the landlord's policy. Those rows are written by
many use cases of several apps (« Les informations », the register's refresh, the employer's settings, the
landlord's offer form, the admin): rather than ask each to remember the ranking, the model signals of these five
models drop the rows that depend on the written one in the writer's transaction (a rollback keeps them), and after
commit hand their recomputation to the task queue. Until the task has run, the ranking computes the missing rows
when it is read: it never shows a stale score (ADR 0016). The grid and the day are checked when the ranking is read;
the grid chosen for a commune is kept in the shared cache until a GridVersion is saved or deleted (below).
logis.core's ready() imports this module with every app's effects.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from logis.applications.models import Application
from logis.core.tasks import enqueue_on_commit
from logis.core.transactions import Mark
from logis.demands.models import Demand
from logis.eligibility.models import LandlordPolicy
from logis.employers.models import Agreement, EmployerPriorities
from logis.offers.models import Offer
from logis.scoring.models import GridVersion
from logis.scoring.services import grid_versions_changed, ranking_scores_forget
from logis.scoring.tasks import refresh_ranking_scores

logger = logging.getLogger(__name__)

# The fields of an offer a score reads (logis.scoring.facts._offer_facts and the PLAI ceiling of its zone), then
# those its eligibility verdict reads (logis.eligibility.adapters.offer_facts_of, the landlord's policy, the zones).
OFFER_FIELDS = frozenset(
    {"commune", "commune_id", "departement", "typology", "kind", "rent", "charges", "lat", "lng"}
    | {"financing", "is_accessible", "surface", "annex_rent", "energy_contribution", "individual_water"}
    | {"individual_heating", "individual_flat_charge", "landlord", "landlord_id", "channel", "social_zone", "abc_zone"}
)
# Fields of a demand no score reads: a save of only these keeps the scores.
DEMAND_FIELDS_UNREAD = frozenset({"register_status", "refreshed_at", "expires_on", "inform_employer"})


def _refresh_after_commit(**which) -> None:
    # With the transaction's other tasks (logis.core.tasks). A broker that is down loses nothing: the ranking
    # computes the missing rows when it is read.
    enqueue_on_commit(refresh_ranking_scores, **which)


def _forget(**which) -> int:
    """Drop the scores that depend on `which` (pks by kind) in the writer's transaction: how many were dropped. A
    transaction that dropped the same ones already, and has written no score since, does not drop them again
    (« Les informations » save the demand, then its employer's request: two signals for the same scores)."""
    connection = transaction.get_connection()
    key = tuple(sorted((kind, tuple(pks)) for kind, pks in which.items()))
    # Kept for the transaction in progress only (a new one starts empty: nothing grows on a long-lived connection).
    state = getattr(connection, "logis_scores_dropped", None)
    if state is None or not state[0].holds():
        state = connection.logis_scores_dropped = (Mark(), {})
    dropped = state[1]
    written = getattr(connection, "logis_scores_written", 0)
    earlier = dropped.get(key)
    if earlier is not None and earlier[1] == written and earlier[0].holds():
        return 0  # dropped in this transaction, and still: the task queued then recomputes them
    count = ranking_scores_forget(**which)
    dropped[key] = (Mark(), written)
    return count


def _reads(update_fields, unread=None, read=None) -> bool:
    if update_fields is None:
        return True
    fields = set(update_fields)
    if read is not None:
        return bool(fields & read)
    return not fields <= unread


def demand_changed(sender, instance, update_fields=None, **kwargs):
    if _reads(update_fields, unread=DEMAND_FIELDS_UNREAD) and _forget(demands=[instance.pk]):
        _refresh_after_commit(demands=[instance.pk])


def offer_changed(sender, instance, update_fields=None, created=False, **kwargs):
    if not created and _reads(update_fields, read=OFFER_FIELDS) and _forget(offers=[instance.pk]):
        _refresh_after_commit(offers=[instance.pk])


def priorities_changed(sender, instance, **kwargs):
    if _forget(employers=[instance.organization_id]):
        _refresh_after_commit(employers=[instance.organization_id])


def agreement_changed(sender, instance, **kwargs):
    if _forget(demands=[instance.demand_id]):
        _refresh_after_commit(demands=[instance.demand_id])


def policy_changed(sender, instance, **kwargs):
    offers = list(Offer.objects.filter(landlord_id=instance.organization_id).values_list("pk", flat=True))
    if offers and _forget(offers=offers):
        _refresh_after_commit(offers=offers)


def application_sent(sender, instance, created=False, **kwargs):
    if created:
        _refresh_after_commit(applications=[instance.pk])


def grid_version_changed(sender, instance, **kwargs):
    """The grids kept in the cache are left now and again once the change is committed (a request between the two
    may have read the version being replaced)."""
    grid_versions_changed()
    transaction.on_commit(grid_versions_changed)


def connect() -> None:
    """Run when logis.core's ready() imports every app's effects module (below)."""
    post_save.connect(demand_changed, sender=Demand, dispatch_uid="scoring-demand")
    post_save.connect(offer_changed, sender=Offer, dispatch_uid="scoring-offer")
    post_save.connect(priorities_changed, sender=EmployerPriorities, dispatch_uid="scoring-priorities")
    post_delete.connect(priorities_changed, sender=EmployerPriorities, dispatch_uid="scoring-priorities-delete")
    post_save.connect(agreement_changed, sender=Agreement, dispatch_uid="scoring-agreement")
    post_delete.connect(agreement_changed, sender=Agreement, dispatch_uid="scoring-agreement-delete")
    post_save.connect(policy_changed, sender=LandlordPolicy, dispatch_uid="scoring-policy")
    post_delete.connect(policy_changed, sender=LandlordPolicy, dispatch_uid="scoring-policy-delete")
    post_save.connect(application_sent, sender=Application, dispatch_uid="scoring-application")
    post_save.connect(grid_version_changed, sender=GridVersion, dispatch_uid="scoring-grid-version")
    post_delete.connect(grid_version_changed, sender=GridVersion, dispatch_uid="scoring-grid-version-delete")


connect()
