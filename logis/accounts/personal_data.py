"""The account's part of « Mes données »: identity, e-mail addresses, second factor (never its secrets).

Deleting the account empties it (order 100: after every other app's part): the row stays as « Compte supprimé » so
that the forum posts, the tickets and the access log that point at it stay consistent, but it holds no name, no
e-mail, no password and can no longer sign in.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from logis.core.personal_data import personal_data_section, row, rows

DELETED_NAME = "Compte supprimé"


@personal_data_section(
    "accounts",
    title="Votre compte",
    order=100,
    erased=(
        "Votre nom, votre adresse e-mail, votre mot de passe et votre second facteur sont effacés tout de suite ; "
        "vos sessions ouvertes sont fermées."
    ),
)
def account_data(user) -> dict:
    return {
        "Compte": [row(user, user=user, exclude=("is_superuser", "is_staff"))],
        "Adresses e-mail": rows(EmailAddress.objects.filter(user=user), user=user),
        "Second facteur": [
            {"type": authenticator.get_type_display(), "créé le": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user)
        ],
    }


@account_data.eraser
def erase_account(user, *, now) -> None:
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.first_name = DELETED_NAME
    user.last_name = ""
    user.email = f"compte-supprime-{user.pk}@logis.invalid"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # changes the session hash: every open session of the account ends
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
