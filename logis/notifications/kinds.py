"""The kinds of messages the platform sends a person, for the notification centre (pure: no Django).

Every e-mail template is a kind; kinds are grouped in categories a person may mute by e-mail (the message still
appears in the product). Some kinds always go by e-mail whatever the preference:
- a legal deadline runs from them: an offer to answer within 10 days (R441-10 CCH), the CALEOL's decision and what
  follows from it (R441-3: the applicant is notified of the decision);
- the DSA asks that the author of a removed post receive the statement of reasons (art. 17), and a sanction is told
  the same way;
- a code or an attestation the person must keep (the register's security code, the filing attestation).
"""

CATEGORIES = {
    "applications": "Mes candidatures",
    "demand": "Ma demande de logement",
    "agreements": "L'accord de l'employeur",
    "support": "Accompagnement social",
    "contact": "Mes messages à l'équipe",
    "forum": "Forum",
    "searches": "Alertes de recherche et favoris",
    "other": "Autres messages",
}
_PREFIXES = [
    ("application_", "applications"),
    ("agreement_", "agreements"),
    ("employer_agreement_", "agreements"),
    ("demand_", "demand"),
    ("registry_", "demand"),
    ("support_", "support"),
    ("contact_", "contact"),
    ("forum_", "forum"),
    ("search_", "searches"),
    ("favourite_", "searches"),
]
ALWAYS_BY_EMAIL = {
    "application_offer_made": "une offre est à accepter ou refuser dans un délai légal",
    "application_accepted": "décision de la commission d'attribution",
    "application_conditional": "décision de la commission d'attribution",
    "application_refused": "décision de la commission d'attribution",
    "application_not_attributed": "décision de la commission d'attribution",
    "application_inadmissible": "décision sur la recevabilité de la candidature",
    "application_expired": "fin du délai de réponse à une offre",
    "application_lapsed": "fin du délai d'une condition suspensive",
    "forum_post_removed": "exposé des motifs d'une décision de modération",
    "forum_sanction": "sanction de la modération",
    "registry_security_code": "code de sécurité à saisir",
    "registry_attestation": "attestation d'enregistrement de la demande",
    "account_inactive_warning": "suppression prochaine d'un compte inactif",
}
# Messages whose body gives access to something (a code): the product shows that one was sent, not its content.
SECRET_BODIES = {"registry_security_code", "employer_invitation", "tenant_file_shared"}


def category_of(template: str) -> str:
    for prefix, category in _PREFIXES:
        if template.startswith(prefix):
            return category
    return "other"


def always_by_email(template: str) -> bool:
    return template in ALWAYS_BY_EMAIL
