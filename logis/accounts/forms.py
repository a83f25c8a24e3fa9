from django import forms


class SignupNameForm(forms.Form):
    """Extra fields of "Créer mon compte" (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
