"""The applicant dashboard's eligibility panel: what is still missing to use the platform, and what each missing
piece would change."""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from logis.eligibility.services import platform_verdict
from logis.employers.selectors import agreement_status
from logis.offers.selectors import COUNT_CAP, OfferSearch

register = template.Library()


@dataclass(frozen=True)
class MissingPiece:
    code: str
    message: str  # the rule's sentence
    action_label: str
    action_url: str
    change: str  # what obtaining it would change


def _offers(count: int) -> str:
    if count > COUNT_CAP:
        return f"plus de {COUNT_CAP} offres"
    return f"{count} offre{'s' if count > 1 else ''}"


def _missing_piece(check, *, agreement: str, information_complete: bool, offers: int) -> MissingPiece:
    applying = f"vous pourrez postuler aux {_offers(offers)} qui vous correspondent aujourd'hui"
    if offers > COUNT_CAP:
        applying = f"vous pourrez postuler à {_offers(offers)} qui vous correspondent aujourd'hui"
    if not offers:
        applying = "vous pourrez postuler dès qu'une offre vous correspondra"
    information = ("Compléter « Les informations »", reverse("demands:information"))
    situation = ("Ouvrir « Ma situation »", reverse("demands:situation"))
    if check.code == "employer_agreement":
        if agreement == "pending":
            return MissingPiece(
                check.code,
                "Votre employeur n'a pas encore répondu à la demande d'accord.",
                "Voir mes informations",
                information[1],
                f"Dès son accord, {applying}.",
            )
        if agreement == "refused":
            return MissingPiece(
                check.code,
                "Votre employeur a refusé son accord : rapprochez-vous de son service des ressources humaines.",
                *information,
                f"Avec son accord, {applying}.",
            )
        if information_complete:
            return MissingPiece(
                check.code, check.message, "Voir mes informations", information[1], f"Avec cet accord, {applying}."
            )
        return MissingPiece(
            check.code,
            f"{check.message} Complétez « Les informations » : la demande d'accord partira à votre employeur.",
            *information,
            f"Avec cet accord, {applying}.",
        )
    if check.code.startswith("employer"):
        return MissingPiece(
            check.code,
            check.message,
            *information,
            "Le service est réservé aux salariés des entreprises privées d'au moins 10 salariés (50 dans le "
            f"secteur agricole) : si votre employeur en fait partie, {applying}.",
        )
    if check.code == "residence":
        return MissingPiece(
            check.code,
            check.message,
            *situation,
            "Déclarez votre titre de séjour en cours de validité à votre guichet enregistreur, puis mettez à jour "
            f"« Ma situation » : {applying}.",
        )
    if check.code == "numero_unique":
        return MissingPiece(
            check.code,
            check.message,
            *situation,
            f"Une fois votre demande renouvelée et « Ma situation » mise à jour, {applying}.",
        )
    return MissingPiece(check.code, check.message, *situation, f"Une fois ce point réglé, {applying}.")


@register.inclusion_tag("eligibility/includes/_dashboard_panel.html", takes_context=True)
def eligibility_dashboard_panel(context, demand):
    """What the applicant still needs for platform eligibility, and what each missing piece would change."""
    if demand is None:
        return {"show": False}
    agreement = agreement_status(demand)
    verdict = platform_verdict(demand, agreement=agreement)
    offers = OfferSearch(demand).count()  # capped, as on "Mes offres"
    missing = [
        _missing_piece(check, agreement=agreement, information_complete=demand.information_complete, offers=offers)
        for check in verdict.failures
    ]
    return {
        "show": True,
        "eligible": verdict.eligible,
        "missing": missing,
        "offers": offers,
        "offers_label": _offers(offers),
    }
