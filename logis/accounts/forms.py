"""allauth's forms, styled and worded for Logis (wired in settings.ACCOUNT_FORMS).

Each form keeps allauth's behaviour and only changes what a person sees: French labels, Bootstrap classes and
ARIA links (StyledFormMixin), autocomplete hints, and the focus on the first field (or the first field in error).
"""

from allauth.account import forms as allauth_forms
from allauth.account.fields import PasswordField
from allauth.utils import set_form_field_order
from django import forms

from logis.core.forms import StyledFormMixin


class AutofocusMixin:
    """Puts the keyboard focus on the first field, or on the first field in error once the form is validated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_autofocus(next(iter(self.fields), None))

    def full_clean(self):
        super().full_clean()
        invalid = [name for name in self.fields if name in self.errors]
        if invalid:
            self._set_autofocus(invalid[0])

    def _set_autofocus(self, name):
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
        if name is not None:
            self.fields[name].widget.attrs["autofocus"] = True


def _email_widget_attrs(field: forms.Field) -> None:
    field.label = "Adresse e-mail"
    field.widget.attrs.update({"autocomplete": "email", "placeholder": "prenom.nom@exemple.fr"})


def _password_widget_attrs(field: forms.Field, *, label: str, autocomplete: str) -> None:
    field.label = label
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs["autocomplete"] = autocomplete


class SignupForm(StyledFormMixin, AutofocusMixin, allauth_forms.SignupForm):
    """« Créer mon compte »: first name, last name and e-mail; the password is created after the e-mail link.

    allauth's adapter copies first_name and last_name onto the new user (DefaultAccountAdapter.save_user).
    """

    first_name = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    field_order = ["first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_widget_attrs(self.fields["email"])
        self.fields[
            "email"
        ].help_text = "Nous y enverrons un lien pour confirmer l'adresse et créer votre mot de passe."


class _PasswordLoginForm(allauth_forms.LoginForm):
    """allauth drops the password field when ACCOUNT_SIGNUP_FIELDS asks no password (it then expects a login by
    code). Our accounts do have a password, created right after the e-mail is confirmed: the field comes back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" not in self.fields:
            self.fields["password"] = PasswordField(show_reset_help=True)
            set_form_field_order(self, ["login", "password", "remember"])


class LoginForm(StyledFormMixin, AutofocusMixin, _PasswordLoginForm):
    """« Se connecter » with e-mail and password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_widget_attrs(self.fields["login"])
        _password_widget_attrs(self.fields["password"], label="Mot de passe", autocomplete="current-password")
        if "remember" in self.fields:
            self.fields["remember"].label = "Garder ma session ouverte sur cet appareil"


class ResetPasswordForm(StyledFormMixin, AutofocusMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_widget_attrs(self.fields["email"])


class _NewPasswordMixin:
    """Labels of the two « new password » fields (allauth's password1 / password2)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_widget_attrs(self.fields["password1"], label="Mot de passe", autocomplete="new-password")
        _password_widget_attrs(
            self.fields["password2"], label="Confirmez le mot de passe", autocomplete="new-password"
        )
        self.fields["password2"].help_text = "Saisissez le même mot de passe une seconde fois."


class ResetPasswordKeyForm(StyledFormMixin, AutofocusMixin, _NewPasswordMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class SetPasswordForm(StyledFormMixin, AutofocusMixin, _NewPasswordMixin, allauth_forms.SetPasswordForm):
    pass


class ChangePasswordForm(StyledFormMixin, AutofocusMixin, _NewPasswordMixin, allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_widget_attrs(
            self.fields["oldpassword"], label="Mot de passe actuel", autocomplete="current-password"
        )
