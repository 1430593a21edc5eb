from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.einvoicing.models import PlatformSettings


class HttpsURLField(forms.URLField):
    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class PlatformSettingsForm(forms.ModelForm):
    """The GE's approved platform. Secrets are write-only: left empty, the stored one is kept."""

    client_secret = forms.CharField(
        label=_("Secret client OAuth2"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Laissez vide pour garder le secret enregistré ; il n'est jamais réaffiché."),
    )
    clear_client_secret = forms.BooleanField(label=_("Effacer le secret client enregistré"), required=False)
    webhook_secret = forms.CharField(
        label=_("Clé de signature des notifications (webhook)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Clé partagée avec la plateforme pour signer ses notifications de statut (HMAC-SHA256). "
            "Laissez vide pour garder la clé enregistrée."
        ),
    )
    clear_webhook_secret = forms.BooleanField(
        label=_("Effacer la clé de signature enregistrée"), required=False
    )

    class Meta:
        model = PlatformSettings
        fields = ["base_url", "token_url", "client_id", "organization_id"]
        # A PA's API is only reached over HTTPS: an address typed without a scheme gets https://.
        field_classes = {"base_url": HttpsURLField, "token_url": HttpsURLField}
