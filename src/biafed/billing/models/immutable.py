from django.db import models


class ImmutableQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused: rows of these tables are written once."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are never changed; record a new one.")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are never deleted; record a reversal.")


class ImmutableModel(models.Model):
    """A row written once: saving an existing row or deleting one raises."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are never changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are never deleted; record a reversal.")
