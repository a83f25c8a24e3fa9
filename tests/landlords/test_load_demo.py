"""The demo data give the demo agent's landlord applications and a CALEOL session, once, without e-mails."""

import pytest

from logis.applications.models import Application
from logis.commission.models import AgendaItem, CommissionSession
from tests.core.test_load_demo import communes_extract, load_demo  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_load_demo_puts_three_files_on_the_agenda_of_a_session_once(communes_extract, mailoutbox):  # noqa: F811
    load_demo(communes=communes_extract)
    load_demo(communes=communes_extract)
    session = CommissionSession.objects.get()
    assert session.landlord.memberships.filter(user__email="bailleur@logis.test").exists()
    assert AgendaItem.objects.filter(agenda_offer__session=session).count() == 3
    states = sorted(Application.objects.values_list("state", flat=True))
    assert states.count("in_commission") == 3
    assert "submitted" in states
    assert not [m for m in mailoutbox if "logis.test" in m.to[0] and "candidat" in m.to[0]]
