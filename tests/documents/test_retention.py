import datetime as dt
import os
import time

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command

from logis.demands.models import Demand
from logis.documents.models import DemandRetention, Piece
from logis.documents.services import Upload, piece_upload
from logis.documents.storage import document_storage
from tests.documents import files
from tests.documents.conftest import storage_files
from tests.factories import DemandFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)


def _purge(capsys) -> str:
    call_command("purge_documents")
    return capsys.readouterr().out


def _with_pieces(demand):
    piece_upload(
        demand=demand, kind="identity", variant="cni", uploads=[Upload("cni.pdf", files.text_pdf())], by=demand.owner
    )
    piece_upload(demand=demand, kind="payslips", uploads=[Upload("p.png", files.png())], by=demand.owner)
    return demand


def test_documents_are_erased_one_year_after_the_demand_ended(capsys):
    with time_machine.travel(START, tick=False):
        ended = _with_pieces(DemandFactory())
        active = _with_pieces(DemandFactory())
        Demand.objects.filter(pk=ended.pk).update(register_status="attributed")
        assert "Aucun document à effacer." in _purge(capsys)  # the end is recorded, nothing erased yet
        retention = DemandRetention.objects.get()
        assert (retention.demand, retention.ended_on, retention.erase_on) == (
            ended,
            dt.date(2026, 1, 15),
            dt.date(2027, 1, 15),
        )
    assert len(storage_files()) == 4

    with time_machine.travel(START + dt.timedelta(days=364), tick=False):
        assert "Aucun document à effacer." in _purge(capsys)
        assert Piece.objects.filter(demand=ended).count() == 2

    with time_machine.travel(START + dt.timedelta(days=365), tick=False):
        out = _purge(capsys)
        assert f"Demande {ended.pk} : 2 pièces, 2 fichiers effacés" in out
        assert not Piece.objects.filter(demand=ended).exists()
        assert Piece.objects.filter(demand=active).count() == 2
        kept = {
            f.storage_name.split("/")[-1]
            for piece in active.pieces.all()
            for v in piece.versions.all()
            for f in v.files.all()
        }
        assert {path.name for path in storage_files()} == kept
        # Safe to run twice: the second run deletes nothing.
        assert "Aucun document à effacer." in _purge(capsys)
        assert Piece.objects.filter(demand=active).count() == 2
        assert len(storage_files()) == 2


def test_a_renewed_demand_keeps_its_documents(capsys):
    with time_machine.travel(START, tick=False):
        demand = _with_pieces(DemandFactory(register_status="radiated"))
        _purge(capsys)
        assert DemandRetention.objects.filter(demand=demand).exists()
    with time_machine.travel(START + dt.timedelta(days=100), tick=False):
        Demand.objects.filter(pk=demand.pk).update(register_status="active")
        _purge(capsys)
        assert not DemandRetention.objects.exists()
    with time_machine.travel(START + dt.timedelta(days=400), tick=False):
        assert "Aucun document à effacer." in _purge(capsys)
        assert Piece.objects.filter(demand=demand).count() == 2


def test_stray_files_in_the_storage_are_swept_once_old(capsys):
    """A file no row references (a rolled-back upload, say) goes once it is old; a fresh one may be an upload
    whose transaction is still running, and stays."""
    storage = document_storage()
    demand = _with_pieces(DemandFactory())
    storage.save("ab/stray.pdf", ContentFile(b"%PDF-1.4 orphan"))
    storage.save("cd/fresh.pdf", ContentFile(b"%PDF-1.4 in flight"))
    day_old = time.time() - 24 * 3600
    os.utime(storage.path("ab/stray.pdf"), (day_old, day_old))
    out = _purge(capsys)
    assert "Fichier orphelin effacé du stockage : ab/stray.pdf" in out
    assert not storage.exists("ab/stray.pdf")
    assert storage.exists("cd/fresh.pdf")
    assert len(storage_files()) == 3
    assert Piece.objects.filter(demand=demand).count() == 2
