"""Every scheduled job is a Celery task in the beat schedule, and runs (eagerly here) like its command."""

import pytest
from django.conf import settings
from django.core.management import get_commands

from config.celery import app

JOBS = {
    "commission.expire_offers": "expire_offers",
    "documents.purge_documents": "purge_documents",
    "audit.purge_audit": "purge_audit",
    "documents.scan_quarantine": "scan_quarantine",
    "moving.send_moving_reminders": "send_moving_reminders",
    "scoring.refresh_outdated_ranking_scores": "refresh_ranking_scores",
    "privacy.purge_personal_data": "purge_personal_data",
    "searches.send_search_alerts": "send_search_alerts",
}


def test_every_daily_job_is_scheduled_by_beat_and_has_its_command():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    app.loader.import_default_modules()

    assert set(JOBS) | {"notifications.outbox_flush"} <= scheduled
    assert scheduled <= set(app.tasks)  # no schedule entry names a task that does not exist
    for command in JOBS.values():
        assert command in get_commands()


@pytest.mark.django_db
def test_the_daily_jobs_run_as_tasks_with_nothing_to_do():
    app.loader.import_default_modules()

    assert app.tasks["commission.expire_offers"].delay().get() == {"expired": 0, "lapsed": 0}
    assert app.tasks["documents.purge_documents"].delay().get() == {"pieces": 0, "files": 0}
    assert app.tasks["audit.purge_audit"].delay().get() == 0
    assert app.tasks["documents.scan_quarantine"].delay().get() == {"clean": 0, "infected": 0, "waiting": 0}
    assert app.tasks["notifications.outbox_flush"].delay().get() == {}
    assert app.tasks["moving.send_moving_reminders"].delay().get() == 0
    assert app.tasks["scoring.refresh_outdated_ranking_scores"].delay().get() == 0
    assert app.tasks["privacy.purge_personal_data"].delay().get() == {"warned": 0, "deleted": 0, "demands": 0}
    assert app.tasks["searches.send_search_alerts"].delay().get() == 0
