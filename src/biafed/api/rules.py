"""Who may manage API tokens and webhooks: declared once, used by the pages and services."""

import rules

from biafed.people.rules import is_staff_member


@rules.predicate
def is_token_owner(user, token) -> bool:
    return token is not None and token.owner_id == user.pk


rules.add_perm("api.manage_own_tokens", rules.is_authenticated & rules.is_active)
rules.add_perm("api.revoke_token", is_token_owner)
rules.add_perm("api.manage_webhooks", is_staff_member)
