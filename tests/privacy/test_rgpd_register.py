"""docs/rgpd.md, the register of processing: every retention period says where it comes from (issue #12)."""

import re
from pathlib import Path

from django.conf import settings

REGISTER = Path(__file__).resolve().parents[2] / "docs" / "rgpd.md"
PROPOSAL = "*(proposition, en attente de confirmation par le DPO)*"
TO_BE_SET = "à fixer avec le DPO"
# A period that follows from a text or a recommendation names it.
SOURCE = re.compile(r"délibération n°|code de commerce|R441-9 CCH|non conservé")


def _rows() -> list[list[str]]:
    lines = [line for line in REGISTER.read_text().splitlines() if re.match(r"^\| \d+ \|", line)]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def _retention(row: list[str]) -> str:
    return row[5]


def test_the_register_has_its_processings_each_with_a_retention_period():
    rows = _rows()
    assert len(rows) >= 12
    assert all(len(row) == 8 for row in rows), [row[0] for row in rows if len(row) != 8]


def test_every_retention_period_is_either_our_proposal_awaiting_the_dpo_or_sourced():
    unmarked = [
        row[1]
        for row in _rows()
        if PROPOSAL not in _retention(row) and TO_BE_SET not in _retention(row) and not SOURCE.search(_retention(row))
    ]
    assert unmarked == []
    assert "Une durée suivie de *(proposition, en attente de" in REGISTER.read_text()


def test_a_period_our_team_chose_is_marked_as_a_proposal_even_beside_a_source():
    """The periods the code applies and that no text sets (accounts, documents, demands) await the DPO."""
    by_name = {row[1]: _retention(row) for row in _rows()}
    for name in ("Comptes et connexion", "Pièces du dossier", "Sécurité des connexions"):
        assert PROPOSAL in by_name[name], name
    assert PROPOSAL in next(value for key, value in by_name.items() if key.startswith("Import de la demande"))


def test_the_settings_named_in_the_register_apply_the_periods_it_states():
    text = REGISTER.read_text()
    stated = {
        "LOGIS_INACTIVE_ACCOUNT_DAYS": (730, "inutilisé depuis 2 ans"),
        "LOGIS_INACTIVE_WARNING_DAYS": (30, "supprimé 30 jours plus tard"),
        "LOGIS_ENDED_DEMAND_RETENTION_DAYS": (365, "puis un an après sa fin"),
        "LOGIS_AUDIT_RETENTION_DAYS": (365, "| un an (`LOGIS_AUDIT_RETENTION_DAYS`"),
    }
    named = set(re.findall(r"`(LOGIS_[A-Z_]+)`", text))
    assert named == set(stated)
    for name, (days, wording) in stated.items():
        assert getattr(settings, name) == days, name
        assert wording in text, wording
