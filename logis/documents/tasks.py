"""Scheduled job of the documents, run daily by Celery beat (also `manage.py purge_documents`, e.g. from cron)."""

import logging

from celery import shared_task

from logis.documents.services import documents_purge, orphan_files_purge, quarantine_scan

logger = logging.getLogger(__name__)


@shared_task(name="documents.purge_documents", ignore_result=True)
def purge_documents() -> dict[str, int]:
    """Erase the documents of demands ended more than a year ago, and stray files. Safe twice."""

    erased = documents_purge()
    counts = {"pieces": sum(line.pieces for line in erased), "files": sum(line.files for line in erased)}
    counts["files"] += len(orphan_files_purge())
    logger.info("purge_documents: %(pieces)s piece(s), %(files)s file(s) erased", counts)
    return counts


@shared_task(name="documents.scan_quarantine", ignore_result=True)
def scan_quarantine() -> dict[str, int]:
    """Scan the uploads kept in quarantine while clamd was unreachable. Safe twice, and twice at once."""

    report = quarantine_scan()
    counts = {"clean": report.clean, "infected": report.infected, "waiting": report.waiting}
    if report.unavailable and report.waiting:
        logger.warning("scan_quarantine: antivirus unavailable, %(waiting)s file(s) still waiting", counts)
    else:
        logger.info("scan_quarantine: %(clean)s released, %(infected)s infected", counts)
    return counts
