"""The forum's categories, aligned on the platform's services (issue #9, services-and-aids.md §5).

Created by migration 0003 in every database; `categories_ensure` puts back any that are missing (demo loader, tests
after a database flush)."""

CATEGORIES = [
    ("logement-social", "Logement social", "La demande, les offres, la candidature, la commission, le bail.", 1),
    ("aides-et-prets", "Aides et prêts", "Avance LOCA-PASS, garantie Visale, Mobili-Jeune, prêts : vos questions.", 2),
    ("demenagement", "Déménagement", "Préparer son déménagement, les démarches, l'installation.", 3),
    (
        "difficultes",
        "Difficultés",
        "Loyer difficile à payer, séparation, perte d'emploi : s'entraider et s'orienter.",
        4,
    ),
    ("employeurs", "Employeurs", "L'accord de l'employeur, le rôle des ressources humaines, la PEEC.", 5),
]


def categories_ensure(category_model) -> None:
    for slug, name, description, position in CATEGORIES:
        category_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
