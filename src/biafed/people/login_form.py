"""The login form (ACCOUNT_FORMS): its own module, since allauth's forms import
biafed.people.forms (the sign-up questions) while they load."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's login form, refused whole when password login is switched off."""

    def clean(self):
        if not settings.LOGIN_PASSWORD_ENABLED:
            raise forms.ValidationError(
                _("Logging in with a password is switched off on this site."),
                code="password_login_off",
            )
        return super().clean()
