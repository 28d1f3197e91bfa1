"""`perms` in templates asks the rules declared in each app's rules.py, as the views do.

Django's own `perms` (auth context processor) answers yes to a superuser for any
permission, while `common.web.require` asks the rule itself: a superuser coordinator was
offered links ("My availability") that then answered 403. This one replaces it, so a
page offers exactly what its view accepts."""

import rules


class _RulePerms:
    def __init__(self, user, app_label: str):
        self.user, self.app_label = user, app_label

    def __getitem__(self, name: str) -> bool:
        return rules.has_perm(f"{self.app_label}.{name}", self.user)

    def __bool__(self) -> bool:
        return True

    def __iter__(self):  # `{% if perms.app %}` and template iteration: nothing to list
        return iter(())


class RulePermWrapper:
    """`{{ perms.app.name }}` and `{% if "app.name" in perms %}` through django-rules."""

    def __init__(self, user):
        self.user = user

    def __getitem__(self, app_label: str) -> _RulePerms:
        return _RulePerms(self.user, app_label)

    def __contains__(self, perm: str) -> bool:
        return "." in perm and rules.has_perm(perm, self.user)

    def __iter__(self):
        return iter(())


def rule_perms(request) -> dict:
    user = getattr(request, "user", None)
    return {"perms": RulePermWrapper(user)} if user is not None else {}
