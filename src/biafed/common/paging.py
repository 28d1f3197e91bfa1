"""Paging long lists whose order starts with a coarse "bucket" (e.g. the day of a booking).

`OFFSET n` over a sort of every row costs the whole sort on each page: at 100,000 bookings
that is most of a page's time, whatever the page. When the order starts with a bucket that
holds few rows (an open-desk day holds at most a few hundred bookings), one grouped count
gives every bucket's size, and a page then sorts only the rows of the one or two buckets it
covers. `BucketedRows` is what `django.core.paginator.Paginator` pages over: it answers
`count()` and slices with exactly the rows, in exactly the order, of the plain query.
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When


class BucketedRows:
    """The rows of `queryset` ordered by bucket, then by `order` within a bucket, for a Paginator.

    `bucket` is the foreign key that groups rows (`"day"`); `bucket_order` orders the buckets'
    own model (`("-date", "pk")`: it should end with the primary key so that buckets never tie).
    Slicing returns the values of `values` (a field name, `"pk"` by default) for that slice.
    Two small queries size and order the buckets (a count grouped by the key alone, read from
    an index, and the buckets' order); each slice is then one query over the buckets it covers.
    """

    def __init__(
        self,
        queryset: QuerySet,
        *,
        bucket: str,
        bucket_order: Sequence[str],
        order: Sequence[str],
        values: str = "pk",
    ) -> None:
        self.queryset = queryset.order_by()
        field = queryset.model._meta.get_field(bucket)
        self.key = field.attname
        self.bucket_model = field.related_model
        self.bucket_order = tuple(bucket_order)
        self.order = tuple(order)
        self.values = values
        self._buckets: list[tuple[Any, int]] | None = None

    def buckets(self) -> list[tuple[Any, int]]:
        """`(bucket key, rows)` in display order; computed once."""
        if self._buckets is None:
            sizes = dict(self.queryset.values_list(self.key).annotate(_rows=Count("*")).order_by())
            ordered = (
                self.bucket_model._default_manager.filter(pk__in=list(sizes))
                .order_by(*self.bucket_order)
                .values_list("pk", flat=True)
            )
            self._buckets = [(key, sizes[key]) for key in ordered]
        return self._buckets

    def count(self) -> int:
        return sum(rows for _, rows in self.buckets())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("BucketedRows supports plain slices only")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        covered: list[Any] = []
        first_offset = 0
        end = 0
        for key, rows in self.buckets():
            begin, end = end, end + rows
            if end > start and begin < stop:
                if not covered:
                    first_offset = begin
                covered.append(key)
        if not covered or stop <= start:
            return []
        position = Case(
            *(When(**{self.key: key}, then=Value(i)) for i, key in enumerate(covered)),
            output_field=IntegerField(),
        )
        page = (
            self.queryset.filter(**{f"{self.key}__in": covered})
            .order_by(position, *self.order)
            .values_list(self.values, flat=True)
        )
        return list(page[start - first_offset : stop - first_offset])
