from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Anyone may sign up as a requester; other roles are granted by coordinators."""

    def is_open_for_signup(self, request) -> bool:
        return True
