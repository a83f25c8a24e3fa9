import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from logis.registry import numbering
from logis.registry.models import NumberSequence, RegisteredDemand
from logis.registry.services import _years_after, registry_demand_file


def filing_data(commune, **changes):
    data = {
        "civility": "M",
        "last_name": "Nguyen",
        "first_name": "Hugo",
        "birth_date": dt.date(1985, 11, 3),
        "nationality": "FR",
        "residence_permit_expires_on": None,
        "email": "hugo.nguyen@exemple.fr",
        "phone": "",
        "address": "4 rue des Lilas",
        "postal_code": commune.postal_code,
        "commune": commune,
        "family_situation": "marie",
        "expected_births": 1,
        "profession": "Cariste",
        "contract_type": "CDI",
        "employer_name": "",
        "employer_siret": "",
        "workplace_commune": None,
        "rfr_n2": 31000,
        "rfr_n1": 32000,
        "monthly_resources": [{"code": "SAL", "amount": 1900}, {"code": "AF", "amount": 140}],
        "current_housing": "heberge_tiers",
        "current_rent": None,
        "current_occupants": 4,
        "current_surface": None,
        "reasons": ["sans_logement"],
        "wished_communes": [commune.insee],
        "wished_typologies": ["T3"],
        "wished_kind": "flat",
        "max_rent": None,
        "accessibility_needed": False,
        "accessibility_details": "",
        "applicant_has_disability": False,
        "members": [
            {
                "first_name": "Linh",
                "last_name": "Nguyen",
                "birth_date": dt.date(1987, 2, 1),
                "relation": "conjoint",
                "is_dependent": False,
                "has_disability": False,
            }
        ],
    }
    data.update(changes)
    return data


def test_a_demand_filed_in_ile_de_france_gets_the_regional_territory(paris, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demand = registry_demand_file(data=filing_data(paris))
    today = timezone.localdate()
    assert numbering.NUMERO_PATTERN.match(demand.numero_unique)
    assert demand.numero_unique == f"111{today:%m%y}000001G0001"
    assert demand.expires_on == _years_after(today, 1)
    assert demand.status == RegisteredDemand.Status.ACTIVE
    assert demand.members.get().relation == "conjoint"


def test_a_demand_filed_in_lyon_gets_the_departement_territory(lyon):
    demand = registry_demand_file(data=filing_data(lyon))
    assert demand.numero_unique[:3] == "069"


def test_the_guichet_comes_from_the_settings(lyon, settings):
    settings.LOGIS_REGISTRY_GUICHET = "G1104"
    demand = registry_demand_file(data=filing_data(lyon))
    assert demand.numero_unique.endswith("G1104")
    assert demand.guichet == "G1104"


def test_sequence_numbers_follow_each_other_within_a_territory(lyon, villeurbanne, paris):
    first = registry_demand_file(data=filing_data(lyon))
    second = registry_demand_file(data=filing_data(villeurbanne, email="autre@exemple.fr"))
    in_paris = registry_demand_file(data=filing_data(paris))
    assert first.numero_unique[7:13] == "000001"
    assert second.numero_unique[7:13] == "000002"
    assert in_paris.numero_unique[7:13] == "000001"


def test_sequences_restart_each_month_and_per_territory(db):
    march = dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC)
    april = dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC)
    assert numbering.issue(territory="069", filed_at=march, guichet="G0001") == "0690326000001G0001"
    assert numbering.issue(territory="069", filed_at=march, guichet="G0001") == "0690326000002G0001"
    assert numbering.issue(territory="111", filed_at=march, guichet="G0001") == "1110326000001G0001"
    assert numbering.issue(territory="069", filed_at=april, guichet="G0001") == "0690426000001G0001"
    assert NumberSequence.objects.get(territory="069", month="0326").last == 2


def test_the_attestation_is_emailed_only_after_commit(lyon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demand = registry_demand_file(data=filing_data(lyon, last_name="O'Brien"))
        assert mail.outbox == []
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["hugo.nguyen@exemple.fr"]
    assert "Attestation d'enregistrement" in message.subject
    body = message.body
    assert numbering.format_for_display(demand.numero_unique) in body
    assert "Bonjour Hugo O'Brien" in body, "plain text: no HTML escaping"
    assert f"valable jusqu'au {demand.expires_on.day} " in body
    assert "Ma situation" in body
    assert "http://testserver/compte/" in body


def test_no_attestation_when_the_filing_rolls_back(lyon, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="Ce champ ne peut pas être vide"),
    ):
        registry_demand_file(data=filing_data(lyon, reasons=[]))
    assert mail.outbox == []
    assert not RegisteredDemand.objects.exists()
    assert not NumberSequence.objects.filter(last__gt=0).exists()


def test_an_expired_residence_permit_is_refused_by_the_register(lyon):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        registry_demand_file(data=filing_data(lyon, nationality="HUE", residence_permit_expires_on=yesterday))
    assert "residence_permit_expires_on" in error.value.message_dict
    assert not RegisteredDemand.objects.exists()


def test_a_valid_residence_permit_is_recorded(lyon):
    next_year = timezone.localdate() + dt.timedelta(days=200)
    demand = registry_demand_file(data=filing_data(lyon, nationality="HUE", residence_permit_expires_on=next_year))
    assert demand.residence_permit_expires_on == next_year


def test_filing_twice_with_the_same_key_files_once(lyon, django_capture_on_commit_callbacks):
    key = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        first = registry_demand_file(data=filing_data(lyon, filing_key=key))
        second = registry_demand_file(data=filing_data(lyon, filing_key=key))
    assert first == second
    assert RegisteredDemand.objects.count() == 1
    assert len(mail.outbox) == 1


def test_one_year_later_from_the_29th_of_february_is_the_28th():
    assert _years_after(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    assert _years_after(dt.date(2026, 11, 27), 1) == dt.date(2027, 11, 27)


def test_a_child_in_alternating_custody_reaches_the_household_the_rules_read(lyon):
    from logis.demands.household import household_of
    from logis.demands.services import household_facts
    from logis.registry.api import find_demand

    child = {
        "first_name": "Lou",
        "last_name": "Nguyen",
        "birth_date": dt.date(2017, 6, 1),
        "relation": "enfant",
        "is_dependent": True,
        "has_disability": False,
        "alternating_custody": True,
    }
    demand = registry_demand_file(data=filing_data(lyon, family_situation="divorce", members=[child]))
    record = find_demand(demand.numero_unique)
    assert record.members[0].alternating_custody
    rows = household_facts(record)
    assert rows[1]["alternating_custody"] is True

    class Imported:  # what Demand holds after the import
        household = rows
        household_size = record.household_size

    assert household_of(Imported, dt.date(2026, 3, 15)).alternating_custody_children == 1
