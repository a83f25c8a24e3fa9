"""What a person types in each step of the filing form, valid unless a test changes it."""

from django.urls import reverse

from tests.factories import valid_siret

STEP_SLUGS = [
    "identite",
    "coordonnees",
    "famille",
    "situation-professionnelle",
    "ressources",
    "logement-actuel",
    "motifs",
    "logement-recherche",
]


def valid_steps() -> dict[str, dict]:
    return {
        "identite": {
            "civility": "MME",
            "last_name": "Martin",
            "first_name": "Camille",
            "birth_date": "1990-05-17",
            "nationality": "FR",
            "residence_permit_expires_on": "",
        },
        "coordonnees": {
            "email": "camille.martin@exemple.fr",
            "phone": "06 12 34 56 78",
            "address": "12 rue de la République",
            "postal_code": "69001",
            "commune": "Lyon (69001)",
        },
        "famille": {
            "family_situation": "celibataire",
            "expected_births": "0",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-first_name": "Léa",
            "members-0-last_name": "Martin",
            "members-0-birth_date": "2015-03-02",
            "members-0-relation": "enfant",
            "members-0-is_dependent": "on",
        },
        "situation-professionnelle": {
            "profession": "Technicienne de laboratoire",
            "contract_type": "CDI",
            "employer_name": "Laboratoires du Rhône",
            "employer_siret": valid_siret(123456),
            "workplace_commune": "69100",
        },
        "ressources": {"rfr_n2": "24 000", "rfr_n1": "", "resource_SAL": "2100", "resource_AF": "0"},
        "logement-actuel": {
            "current_housing": "locataire_prive",
            "current_rent": "750",
            "current_occupants": "2",
            "current_surface": "30",
        },
        "motifs": {"reasons": ["trop_cher", "rapprochement_travail"]},
        "logement-recherche": {
            "wished_commune_1": "Lyon",
            "wished_commune_2": "Villeurbanne (69100)",
            "wished_typologies": ["T2", "T3"],
            "wished_kind": "any",
            "max_rent": "800",
        },
    }


def step_url(slug: str) -> str:
    return reverse("registry:file_step", args=[slug])


def fill_steps(client, *, until: str | None = None, changes: dict[str, dict] | None = None) -> None:
    """Post the valid data of every step before `until` (all steps when None)."""
    steps = valid_steps()
    for slug, values in (changes or {}).items():
        steps[slug].update(values)
    for slug in STEP_SLUGS:
        if slug == until:
            return
        response = client.post(step_url(slug), steps[slug])
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
