from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from logis.accounts import throttle


@login_not_required
@require_GET
def unlock(request, token):
    """The link of the « connexion suspendue » e-mail: the owner lifts the lockout of the device they used."""
    if throttle.unlock(token):
        messages.success(
            request, "La connexion à votre compte est rétablie sur cet appareil. Vous pouvez vous connecter."
        )
    else:
        messages.error(
            request,
            "Ce lien n'est plus valable (il expire après 24 heures). Utilisez « Mot de passe oublié ? » pour "
            "retrouver l'accès à votre compte.",
        )
    return redirect("account_login")
