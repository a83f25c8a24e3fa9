"""The ranking read from the stored current scores is the live ranking: same order, same scores, same breakdowns,
same eligibility verdicts, on random demands, and still after a demand, an offer, an employer's priorities, the
landlord's policy, a grid or the day changed."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from logis.demands.services import demand_record_income_exception_proof
from logis.eligibility.models import LandlordPolicy
from logis.eligibility.services import offer_verdict
from logis.employers.models import EmployerPriorities
from logis.landlords.selectors import RankingRows
from logis.offers.models import Offer
from logis.scoring.models import RankingScore
from logis.scoring.services import (
    rank_applications,
    ranked_application,
    ranking_ensure_current,
    ranking_scores_outdated,
    verdict_summary,
)
from logis.scoring.tasks import refresh_outdated_ranking_scores
from tests.factories import ApplicationFactory, OfferFactory, OrganizationFactory
from tests.scoring.factories import GridVersionFactory, application_for, demand_from_register

pytestmark = pytest.mark.django_db

HOUSINGS = ["locataire_hlm", "locataire_prive", "chez_parents", "heberge_tiers", "logement_temporaire", "sans_abri"]
REASONS = ["trop_cher", "rapprochement_travail", "sans_logement", "expulsion", "violences", "handicap", "non_decent"]


def random_applications(offer, rng: random.Random, count: int, *, employer=None) -> list:
    now = timezone.now()
    applications = []
    for _ in range(count):
        members = [
            {"relation": "enfant", "birth_date": dt.date(rng.randint(2008, 2024), rng.randint(1, 12), 1)}
            for _ in range(rng.randint(0, 3))
        ]
        applications.append(
            application_for(
                offer,
                # Many share a filing day and a score: the ties are decided as the live ranking decides them.
                created_at=now - dt.timedelta(minutes=rng.choice([0, 5, 5, 30])),
                filed_at=now - dt.timedelta(days=rng.choice([0, 40, 400, 400, 1200])),
                members=members,
                employer=employer if rng.random() < 0.5 else None,
                employment_start=dt.date(rng.randint(2010, 2026), rng.randint(1, 11), 3),
                contract_type=rng.choice(["CDI", "CDD", "INTERIM"]),
                rfr_n2=rng.choice([9000, 14000, 24000, 41000]),
                monthly_resources=[{"code": "SAL", "amount": rng.choice([900, 1500, 2100, 3400])}],
                current_housing=rng.choice(HOUSINGS),
                current_surface=rng.choice([None, 12, 28, 60]),
                current_occupants=rng.randint(1, 5),
                reasons=rng.sample(REASONS, rng.randint(0, 3)),
            )
        )
    for application in applications:
        if rng.random() < 0.3:
            application.state = "validated"
            application.save()
    return applications


def live_ranking(offer, *, today=None, step=""):
    ranking = rank_applications(offer, today=today)
    offer = Offer.objects.get(pk=offer.pk)  # the landlord's policy as it is now
    return [
        (
            line.application.pk,
            line.rank,
            len(ranking),
            line.score,
            verdict_summary(offer_verdict(line.application.demand, offer, today=today)),
        )
        for line in ranking
        if not step or line.application.state == step
    ]


def stored_ranking(offer, *, step="", page_size=7):
    rows = RankingRows(Offer.objects.get(pk=offer.pk), step=step)  # as a request reads it
    lines = []
    for start in range(0, rows.count(), page_size):
        lines += [
            (row.application.pk, row.position, row.count, row.score, row.verdict)
            for row in rows[start : start + page_size]
        ]
    return lines


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stored_ranking_is_the_live_ranking_page_by_page_on_random_demands(seed):
    rng = random.Random(seed)
    employer = OrganizationFactory()
    EmployerPriorities.objects.create(
        organization=employer,
        permanent_contract_points=rng.randint(0, 5),
        seniority_points=rng.randint(0, 5),
        min_seniority_months=12,
        updated_at=timezone.now(),
    )
    offer = OfferFactory()
    random_applications(offer, rng, 18, employer=employer)
    assert stored_ranking(offer) == live_ranking(offer)
    assert stored_ranking(offer, step="validated") == live_ranking(offer, step="validated")
    assert stored_ranking(offer, step="submitted") == live_ranking(offer, step="submitted")


def test_the_applicants_position_counted_on_the_stored_scores_is_the_live_one():
    offer = OfferFactory()
    random_applications(offer, random.Random(5), 15)
    for line in rank_applications(offer):
        mine = ranked_application(line.application)  # « Mes candidatures »: the applicant's row, the rows ahead
        assert (mine.rank, mine.count, mine.score) == (line.rank, line.count, line.score)


def test_the_stored_ranking_follows_a_change_of_demand_offer_priorities_and_grid():
    rng = random.Random(9)
    employer = OrganizationFactory()
    priorities = EmployerPriorities.objects.create(organization=employer, updated_at=timezone.now())
    offer = OfferFactory()
    applications = random_applications(offer, rng, 10, employer=employer)
    assert stored_ranking(offer) == live_ranking(offer)

    demand = applications[3].demand
    demand.snapshot = {**demand.snapshot, "current_housing": "sans_abri"}
    demand.save()
    assert stored_ranking(offer) == live_ranking(offer)

    offer.rent = offer.rent * 3
    offer.save()
    assert stored_ranking(offer) == live_ranking(offer)

    priorities.permanent_contract_points = 9
    priorities.save()
    assert stored_ranking(offer) == live_ranking(offer)

    # The verdicts: the landlord's thresholds, the offer's financing, the proof of a declared income exception.
    verdicts = [line[4] for line in stored_ranking(offer)]
    policy = LandlordPolicy.objects.create(organization=offer.landlord, max_effort_rate="0.05")
    assert stored_ranking(offer) == live_ranking(offer)
    assert [line[4] for line in stored_ranking(offer)] != verdicts
    policy.delete()
    offer.financing = "PLAI"
    offer.save(update_fields=["financing"])
    assert stored_ranking(offer) == live_ranking(offer)
    demand = applications[5].demand
    demand.income_exception, demand.own_rfr_n2 = "divorce", 3000
    demand.save()
    assert stored_ranking(offer) == live_ranking(offer)
    demand_record_income_exception_proof(demand=demand, proven=True)
    assert stored_ranking(offer) == live_ranking(offer)

    criteria = GridVersionFactory.build().criteria
    criteria["criteria"][0]["points"] = criteria["criteria"][0].get("points", 0) + 50
    GridVersionFactory(version=1, criteria=criteria)
    assert stored_ranking(offer) == live_ranking(offer)
    assert {row.grid_key.split(":")[0] for row in RankingScore.objects.all()} == {"national-1"}


def test_a_new_day_recomputes_the_scores_that_count_months():
    offer = OfferFactory()
    random_applications(offer, random.Random(4), 6)
    today = timezone.localdate()
    ranking_ensure_current(offer, today=today)
    later = today + dt.timedelta(days=400)
    assert ranking_scores_outdated(today=later) == [offer.pk]
    ranking_ensure_current(offer, today=later)
    assert set(RankingScore.objects.values_list("computed_on", flat=True)) == {later}
    stored = [(row.application_id, row.result()) for row in RankingScore.objects.order_by("-total", "filed_on")]
    live = {line.application.pk: line.score for line in rank_applications(offer, today=later)}
    assert all(live[pk] == result for pk, result in stored)


def test_the_tasks_compute_the_scores_after_commit_without_any_read(django_capture_on_commit_callbacks):
    offer = OfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_for(offer)
    stored = RankingScore.objects.get(application=application)
    assert stored.result() == rank_applications(offer)[0].score

    demand = application.demand
    with django_capture_on_commit_callbacks(execute=True):
        demand.snapshot = {**demand.snapshot, "reasons": ["violences"]}
        demand.save()
    stored = RankingScore.objects.get(application=application)
    assert "domestic_violence" in {line.code for line in stored.result().breakdown}


def test_a_demand_save_drops_its_scores_in_the_same_transaction():
    offer = OfferFactory()
    application = application_for(offer)
    ranking_ensure_current(offer)
    demand = application.demand
    demand.monthly_resources = 900
    demand.save()
    assert not RankingScore.objects.filter(application=application).exists()
    # A save of what no score reads keeps them.
    ranking_ensure_current(offer)
    demand.register_status = "active"
    demand.save(update_fields=["register_status"])
    assert RankingScore.objects.filter(application=application).exists()


def test_the_daily_task_recomputes_the_scores_of_an_earlier_day():
    offer = OfferFactory()
    application = ApplicationFactory(offer=offer, demand=demand_from_register())
    ranking_ensure_current(offer)
    RankingScore.objects.update(computed_on=timezone.localdate() - dt.timedelta(days=1), total=-1)
    assert refresh_outdated_ranking_scores() == 1
    stored = RankingScore.objects.get(application=application)
    assert stored.computed_on == timezone.localdate()
    assert stored.total == rank_applications(offer)[0].score.total
    assert refresh_outdated_ranking_scores() == 0


def test_the_rows_of_closed_applications_never_count_as_current_ones():
    """The check counts the current rows from their index, minus those of closed applications (their row stays):
    an application in progress without a row is scored even when a closed one still has a current row."""
    from logis.scoring.services import ranking_ensure_current_counts

    offer = OfferFactory()
    kept, closed, dropped = (application_for(offer) for _ in range(3))
    assert ranking_ensure_current_counts(offer) == (3, 0)
    Application = type(kept)
    Application.objects.filter(pk=closed.pk).update(state="withdrawn")  # its current row stays
    RankingScore.objects.filter(pk=dropped.pk).delete()
    assert RankingScore.objects.filter(pk=closed.pk).exists()
    assert ranking_ensure_current_counts(offer) == (2, 1)
    assert RankingScore.objects.filter(pk=dropped.pk).exists()  # scored again
    assert {row.application.pk for row in RankingRows(offer)[0:25]} == {kept.pk, dropped.pk}
    assert RankingRows(offer).total() == 2
    assert RankingRows(offer).closed() == 1
