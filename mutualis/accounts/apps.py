from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mutualis.accounts"
    label = "accounts"

    def ready(self):
        from django.db.models.signals import post_save

        from . import security
        from .models import User

        post_save.connect(
            security.after_password_change, sender=User, dispatch_uid="accounts-password-change"
        )
