"""Signing in and the user of each request: Django's ModelBackend, the user read with their organisation."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class UserWithOrganisation(ModelBackend):
    """Every page names the user's organisation in its header and scopes what it shows by that
    organisation's path: read with the user in one query, not a second query on each page."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
