from django.contrib.auth.tokens import PasswordResetTokenGenerator

# The signed payload of a confirmation link (accounts.emails makes it, accounts.views reads it).
ACTIVATION_SALT = "accounts.activation"


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """The token of a "confirm your email address" link.

    Like a password-reset token it is bound to the account's state: once the address is
    confirmed, the account deactivated or its password changed, every earlier link stops
    working. It expires after PASSWORD_RESET_TIMEOUT (3 days).
    """

    key_salt = "accounts.tokens.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        last_login = user.last_login and user.last_login.replace(microsecond=0, tzinfo=None)
        confirmed_at = user.confirmed_at and user.confirmed_at.replace(microsecond=0, tzinfo=None)
        return (
            f"{user.pk}{user.email}{user.password}{user.is_active}{confirmed_at}"
            f"{last_login}{timestamp}"
        )


confirmation_token = ConfirmationTokenGenerator()
