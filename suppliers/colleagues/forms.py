from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from suppliers.models import Membership

User = get_user_model()


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def clean_email(self):
        return self.cleaned_data["email"].strip()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class JoinForm(UserCreationForm):
    """The invitee's new user: the e-mail address is the invitation's."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["first_name", "last_name", "username"]

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        # The password validators compare the password with the user's e-mail address too.
        self.instance.email = email
