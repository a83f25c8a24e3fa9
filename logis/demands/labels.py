"""French words for the codes of a register record (CERFA 14069*05), to show "Ma situation".

The register interface (logis/registry/api.py) hands out codes; these are the words a person reads. An unknown
code is shown as it is rather than hidden.
"""

CIVILITY = {"M": "Monsieur", "MME": "Madame"}

REGISTER_STATUS = {
    "active": "Active",
    "attributed": "Satisfaite (logement attribué)",
    "radiated": "Radiée",
}

NATIONALITY = {
    "FR": "Française",
    "UE": "Union européenne, EEE ou Suisse",
    "HUE": "Hors Union européenne",
}

FAMILY_SITUATION = {
    "celibataire": "Célibataire",
    "marie": "Marié ou mariée",
    "pacse": "Pacsé ou pacsée",
    "concubin": "En concubinage",
    "divorce": "Divorcé ou divorcée",
    "separe": "Séparé ou séparée",
    "veuf": "Veuf ou veuve",
}

CONTRACT_TYPE = {
    "CDI": "CDI",
    "CDD": "CDD",
    "INTERIM": "Intérim",
    "APPRENTI": "Apprentissage ou alternance",
    "STAGE": "Stage",
    "FONCTIONNAIRE": "Fonctionnaire",
    "INDEPENDANT": "Indépendant",
    "ETUDIANT": "Étudiant",
    "CHOMAGE": "Demandeur d'emploi",
    "RETRAITE": "Retraité",
    "AUTRE": "Autre",
}

RESOURCE = {
    "SAL": "Salaires",
    "CHO": "Allocations chômage",
    "RSA": "RSA",
    "AAH": "Allocation aux adultes handicapés",
    "AF": "Allocations familiales",
    "PAJE": "Prestation d'accueil du jeune enfant",
    "RET": "Retraite",
    "PINV": "Pension d'invalidité",
    "PAR": "Pension alimentaire reçue",
    "BE": "Bourse d'études",
    "AUT": "Autres ressources",
}

CURRENT_HOUSING = {
    "locataire_hlm": "Locataire HLM",
    "locataire_prive": "Locataire du parc privé",
    "proprietaire": "Propriétaire occupant",
    "chez_parents": "Hébergé ou hébergée chez mes parents ou mes enfants",
    "heberge_tiers": "Hébergé ou hébergée chez un particulier",
    "logement_temporaire": "Logement temporaire, foyer, résidence sociale",
    "hotel": "Hôtel",
    "sans_abri": "Sans abri ou abri de fortune",
    "autre": "Autre",
}

REASON = {
    "sans_logement": "Sans logement, hébergé ou en logement temporaire",
    "non_decent": "Logement non décent, insalubre ou dangereux",
    "repris": "Logement repris ou mis en vente par le propriétaire",
    "expulsion": "Procédure d'expulsion",
    "violences": "Violences familiales",
    "handicap": "Handicap",
    "sante": "Raisons de santé",
    "trop_cher": "Logement trop cher",
    "trop_petit": "Logement trop petit",
    "trop_grand": "Logement trop grand",
    "separation": "Divorce, séparation",
    "decohabitation": "Décohabitation",
    "futur_couple": "Futur couple",
    "mutation": "Mutation professionnelle",
    "rapprochement_travail": "Rapprochement du lieu de travail",
    "rapprochement_famille": "Rapprochement de la famille",
    "environnement": "Problèmes d'environnement ou de voisinage",
    "autre": "Autre motif",
}

HOUSING_KIND = {"flat": "Appartement", "house": "Maison", "any": "Indifférent"}


def label(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    return table.get(code, code)
