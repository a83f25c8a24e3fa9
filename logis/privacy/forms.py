from django import forms

from logis.core.forms import StyledFormMixin


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
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "Ce mot de passe n'est pas celui de votre compte. Saisissez le mot de passe que vous utilisez pour "
                "vous connecter (ou réinitialisez-le depuis la page de connexion)."
            )
        return password
