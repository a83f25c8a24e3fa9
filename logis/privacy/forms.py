from django import forms

from logis.core.forms import StyledFormMixin
from logis.privacy import limits


class AccountDeleteForm(StyledFormMixin, forms.Form):
    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        help_text="Pour confirmer que c'est bien vous qui supprimez ce compte.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe pour confirmer la suppression."},
    )
    confirm = forms.BooleanField(
        label="Je comprends que la suppression est définitive et que mes données ne pourront pas être récupérées.",
        error_messages={"required": "Cochez la case pour confirmer que vous voulez supprimer votre compte."},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        """Wrong passwords are counted per account (logis.privacy.limits): past a few, each attempt waits."""
        password = self.cleaned_data["password"]
        refusal = limits.refusal(self.user)
        if refusal:
            raise forms.ValidationError(refusal, code="wait")
        if not self.user.check_password(password):
            failures = limits.failed(self.user)
            wait = limits.delay_for(failures)
            if wait:
                raise forms.ValidationError(
                    "Ce mot de passe n'est pas celui de votre compte. Après plusieurs essais erronés, vous devez "
                    f"patienter {limits.wait_text(wait)} avant de réessayer. Si vous avez oublié votre mot de passe, "
                    "déconnectez-vous et utilisez « Mot de passe oublié ? » sur la page de connexion.",
                    code="wrong_wait",
                )
            raise forms.ValidationError(
                "Ce mot de passe n'est pas celui de votre compte. Saisissez le mot de passe que vous utilisez pour "
                "vous connecter (ou réinitialisez-le depuis la page de connexion)."
            )
        limits.cleared(self.user)
        return password
