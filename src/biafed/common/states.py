"""State machines: one table of allowed moves per status field, one way to move.

A model declares its table next to its status field::

    class Invoice(models.Model):
        status = models.CharField(choices=InvoiceStatus.choices, ...)
        transitions = Transitions(
            {InvoiceStatus.ISSUED: {InvoiceStatus.PAID, InvoiceStatus.CANCELLED},
             InvoiceStatus.PAID: set(), InvoiceStatus.CANCELLED: set()},
        )

and services change the status with `move(invoice, InvoiceStatus.PAID, actor=...)`.
The table only says which moves exist; each service keeps its own business checks
(who may, when) and its row lock (`select_for_update`): `move` trusts the status it is
given and runs inside the caller's transaction. See docs/states.md.
"""

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError

M = TypeVar("M", bound=models.Model)


class Transitions:
    """The allowed moves of one status field: `{from: {to, ...}}`.

    Every status of the field's choices is a key; a terminal status maps to an empty
    set. `stamps` names, per status, the date-time fields set to the moment it is
    entered (`{DELETED: ("deleted_at",)}`). `history_on` names the related object whose
    activity log records the moves (e.g. "project" for a phase), by default the object
    itself. `refusal` is the message of a refused move, with `%(current)s` and `%(new)s`.
    """

    def __init__(
        self,
        moves: Mapping[str, Iterable[str]],
        *,
        field: str = "status",
        stamps: Mapping[str, Iterable[str]] | None = None,
        history_on: str | None = None,
        refusal=None,
    ):
        self.moves = {str(source): frozenset(targets) for source, targets in moves.items()}
        self.field = field
        self.stamps = {str(status): tuple(names) for status, names in (stamps or {}).items()}
        self.history_on = history_on
        self.refusal = refusal or _("This cannot change from “%(current)s” to “%(new)s”.")
        self.model: type[models.Model] | None = None

    def __set_name__(self, owner, name):
        self.model = owner

    def __repr__(self) -> str:
        owner = self.model.__name__ if self.model else "?"
        return f"<Transitions of {owner}.{self.field}>"

    @property
    def choices(self) -> dict[str, str]:
        """The status field's choices: value -> label."""
        if self.model is None:
            raise TypeError("a Transitions table is declared as a model's class attribute")
        field = self.model._meta.get_field(self.field)
        assert isinstance(field, models.Field), f"{self.field} is not a status field"
        return dict(field.flatchoices)

    def allows(self, current: str, new: str) -> bool:
        return new in self.moves.get(current, ())

    def sources_of(self, new: str) -> tuple[str, ...]:
        """The statuses from which `new` can be reached."""
        return tuple(source for source, targets in self.moves.items() if new in targets)

    def check(self, current: str, new: str) -> None:
        """Refuse a move the table does not declare, with a message for the person."""
        if not self.allows(current, new):
            labels = self.choices
            raise BusinessRuleError(
                str(self.refusal)
                % {"current": labels.get(current, current), "new": labels.get(new, new)}
            )


def transitions_of(obj_or_model) -> Transitions:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    table = getattr(model, "transitions", None)
    if not isinstance(table, Transitions):
        raise TypeError(f"{model.__name__} declares no `transitions` table")
    return table


def allowed_moves(obj: models.Model) -> frozenset[str]:
    """The statuses `obj` may move to from its current one (for offering only those actions)."""
    table = transitions_of(obj)
    return table.moves.get(getattr(obj, table.field), frozenset())


def move(
    obj: M,
    to: str,
    *,
    actor,
    detail: str = "",
    extra_fields: Iterable[str] = (),
    verb: str = "",
) -> M:
    """Move `obj` to status `to` if its table allows it, save and log it; returns `obj`.

    Saves only the status, the fields stamped on entering `to`, the `auto_now` fields
    and `extra_fields` (set by the caller beforehand). The activity log gets one line,
    `verb` or "<from>-><to>", on `obj` or its `history_on` object. Moving to the status
    `obj` already has records nothing and only saves `extra_fields`, if any. An illegal
    move raises `BusinessRuleError` before anything is changed.

    Lock the row first where two people may act at once, as the services do;
    `move` joins the caller's transaction."""
    table = transitions_of(obj)
    current = getattr(obj, table.field)
    fields = list(dict.fromkeys(extra_fields))
    changed = to != current
    if changed:
        table.check(current, to)
        setattr(obj, table.field, to)
        now = timezone.now()
        for name in table.stamps.get(str(to), ()):
            setattr(obj, name, now)
        fields = [table.field, *table.stamps.get(str(to), ()), *fields]
    if not fields:
        return obj
    fields += [
        f.name
        for f in obj._meta.concrete_fields
        if getattr(f, "auto_now", False) and f.name not in fields
    ]
    with transaction.atomic(savepoint=False):
        obj.save(update_fields=list(dict.fromkeys(fields)))
        if changed:
            activity.record(
                actor=actor,
                verb=verb or f"{current!s}->{to!s}",
                subject=getattr(obj, table.history_on) if table.history_on else obj,
                detail=detail,
            )
    return obj


def move_rows(rows: QuerySet, to: str, *, source: str | Iterable[str], **values) -> int:
    """Move the rows of `rows` that are in status `source` (or one of several) to `to` in
    one conditional UPDATE, setting `values` too; returns how many moved.

    For claims between concurrent workers (of two, one wins) and bulk moves by
    background jobs; unlike `move`, it records no activity."""
    table = transitions_of(rows.model)
    sources = (source,) if isinstance(source, str) else tuple(source)
    for status in sources:
        table.check(status, to)
    return rows.filter(**{f"{table.field}__in": sources}).update(**{table.field: to}, **values)
