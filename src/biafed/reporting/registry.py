"""The indicators a report shows, registered by the apps that own the data.

reporting registers the open desk's and the projects' indicators itself (it sits above
them); the apps above reporting (billing, network) register theirs from their
`AppConfig.ready()`, so reporting never imports them:

    register_indicator(
        key="network.meetings_held",
        label=_("Meetings held"),
        category=_("Network life"),
        unit="count",
        definition=_("Meetings and events held, by their start date."),
        compute=lambda *, start, end, site: meetings_held(start=start, end=end),
    )

`compute(*, start, end, site)` takes a period of dates (both ends included) and a host
facility or None (the whole network), and returns a number, or a `{part: number}` dict for
a breakdown (every part listed, in a stable order). An indicator that has no meaning for
one host facility passes `per_site=False`; it is then left out of the per-site figures.

`compute_by_site(*, start, end, sites)`, optional, gives the same values for every host
facility of `sites` at once (`{facility id: value}`), in one grouped query instead of one
per facility: the report's per-facility table then costs one query per indicator.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Value = int | float | Decimal | dict | None

UNITS = ("count", "percent", "days", "hours", "score", "amount")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    category: str
    unit: str
    definition: str
    compute: Callable[..., Value]
    per_site: bool = True
    order: int = 0
    compute_by_site: Callable[..., dict[int, Value]] | None = None

    def values_by_site(self, *, start, end, sites) -> dict[int, Value]:
        """`{facility id: value}` for each of `sites`."""
        if self.compute_by_site is not None:
            return self.compute_by_site(start=start, end=end, sites=sites)
        return {site.pk: self.compute(start=start, end=end, site=site) for site in sites}


_indicators: dict[str, Indicator] = {}


def register_indicator(
    *,
    key: str,
    label,
    category,
    unit: str,
    definition,
    compute: Callable[..., Value],
    per_site: bool = True,
    compute_by_site: Callable[..., dict[int, Value]] | None = None,
) -> None:
    """Add (or replace, so `ready()` may run twice) one indicator."""
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {UNITS}")
    order = _indicators[key].order if key in _indicators else len(_indicators)
    _indicators[key] = Indicator(
        key=key,
        label=label,
        category=category,
        unit=unit,
        definition=definition,
        compute=compute,
        per_site=per_site,
        order=order,
        compute_by_site=compute_by_site,
    )


def indicators() -> list[Indicator]:
    """Every registered indicator, in the order they were registered."""
    return sorted(_indicators.values(), key=lambda i: i.order)


def unregister_indicator(key: str) -> None:
    _indicators.pop(key, None)


# --- Labels of the parts of a breakdown ----------------------------------------------------
# A breakdown's keys are stable values ("submitted", "form"): exports keep them; pages, charts
# and PDFs show their labels in the reader's language.
_part_labels: dict[str, Any] = {}


def register_part_labels(choices: Any) -> None:
    """Show the parts of breakdowns keyed by these TextChoices values with their labels."""
    for value, label in choices.choices:
        _part_labels.setdefault(str(value), label)


def part_label(key: str) -> str:
    return str(_part_labels.get(str(key), key))
