"""What each role's home page lists, filled in by the apps in their `ready()`, so the page
never imports them (docs/architecture.md, "The registries").

    register_home_section("analyst", build_analyst_home)

`build(user) -> HomeLists` says what waits for `user` in that role (things to do now,
each with a count and a link) and what is coming. Counts come from aggregates: a builder
runs a fixed number of queries, however many rows it counts.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

ROLE_ORDER = ("requester", "analyst", "committee", "facility_manager", "coordinator")
"""The order of a person's sections on the home page."""


@dataclass(frozen=True)
class HomeItem:
    label: str  # translated, with the count in it (see `counted`)
    count: int
    url: str


def counted(count: int, label) -> str:
    """`label`, a plural message keyed on "count" (`ngettext_lazy(one, many, "count")`), for
    `count`: the form of the active language, with the number in it."""
    return str(label % {"count": count})


@dataclass
class HomeLists:
    """Every item has the same shape: a count, its words (the plural form that fits the
    count, in the reader's language) and a link::

        lists.wait(n, ngettext_lazy("%(count)d quote to issue", "%(count)d quotes to issue",
                                    "count"), reverse("billing:home"))
    """

    waiting: list[HomeItem] = field(default_factory=list)
    coming: list[HomeItem] = field(default_factory=list)

    def wait(self, count: int, label, url: str) -> None:
        """Add a waiting item, only when something waits."""
        if count:
            self.waiting.append(HomeItem(label=counted(count, label), count=count, url=url))

    def come(self, count: int, label, url: str) -> None:
        """Add a coming item, only when something is coming."""
        if count:
            self.coming.append(HomeItem(label=counted(count, label), count=count, url=url))


def link(count: int, first: int | None, one: str, many: str) -> str:
    """The page of the one object (`first`) when there is one, else the list page."""
    return reverse(one, args=[first]) if count == 1 else reverse(many)


_builders: dict[str, list[Callable[..., HomeLists]]] = {role: [] for role in ROLE_ORDER}


def register_home_section(role: str, build: Callable[..., HomeLists]) -> None:
    if role not in _builders:
        raise ValueError(f"unknown home role {role!r}")
    if build not in _builders[role]:
        _builders[role].append(build)


def home_lists(user, roles) -> list[tuple[str, HomeLists]]:
    """For each of `roles` (in ROLE_ORDER), what the registered builders list for `user`."""
    sections = []
    for role in ROLE_ORDER:
        if role not in roles:
            continue
        merged = HomeLists()
        for build in _builders[role]:
            lists = build(user)
            merged.waiting.extend(lists.waiting)
            merged.coming.extend(lists.coming)
        sections.append((role, merged))
    return sections
