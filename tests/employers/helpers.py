import datetime as dt

from logis.demands.services import demand_update_information


def save_information(demand, *, inform: bool, siret: str | None = None, matricule: str = "LRE-0042"):
    """Save "Les informations" through the demands service, as the applicant's form does."""
    return demand_update_information(
        demand=demand,
        by=demand.owner,
        employer_name=demand.employer_name or "Entreprise",
        employer_siret=siret or demand.employer_siret,
        matricule=matricule,
        employment_start=dt.date(2020, 1, 6),
        inform_employer=inform,
    )
