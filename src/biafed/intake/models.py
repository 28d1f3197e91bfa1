"""Uploaded data files, attached to any object (a booking, a project request), and the
resumable uploads still in progress."""

import re
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from biafed.common.fields import NameField
from biafed.common.states import Transitions
from biafed.common.text import without_bidi_controls


class FileStatus(models.TextChoices):
    UPLOADING = "uploading", _("Uploading")  # every byte arrived; being moved into storage
    RECEIVED = "received", _("Received")  # stored; the check is queued
    VALIDATING = "validating", _("Checking")
    VALID = "valid", _("Valid")
    UNREADABLE = "unreadable", _("Unreadable")
    DELETED = "deleted", _("Deleted")


LIVE_STATUSES = (
    FileStatus.UPLOADING,
    FileStatus.RECEIVED,
    FileStatus.VALIDATING,
    FileStatus.VALID,
    FileStatus.UNREADABLE,
)
"""Files whose bytes are (or are about to be) in storage."""

BYTES_LOST = gettext_noop("the upload's bytes were lost; please upload the file again")
"""Why a file is unreadable when its staged bytes vanished before the copy into storage."""

CHECK_FAILED = gettext_noop("the file could not be checked because of a problem on our side")
"""Why a file is unreadable when its check itself failed (storage trouble, a bug): the
detail goes to the operators' log, never to the people who see the file."""

OWN_REASONS = (BYTES_LOST, CHECK_FAILED)
"""Reasons the intake itself gives: stored in English, shown in the reader's language
(`DataFile.reason_text`). The inspector's reasons are technical and shown as they are,
without any server path (`without_paths`)."""

_SERVER_PATH = re.compile(r"""(?<![\w.:/])(?:[A-Za-z]:)?[/\\](?:[^\s'"/\\]+[/\\])+[^\s'",;)]*""")


def without_paths(reason: str) -> str:
    """A reason fit for requesters: every absolute path (of a stored or staged file, of
    the server's code) replaced by "…"."""
    return _SERVER_PATH.sub("…", reason or "")


class DataFile(models.Model):
    """A file someone brought for an analysis, checked in the background.

    `file` is the name in the default storage; several DataFiles may share one name
    when files are carried over from a booking to a project (`link_files`)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    file = models.FileField(max_length=500, blank=True)
    original_name = NameField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=FileStatus.choices, default=FileStatus.RECEIVED
    )
    # Storing and checking claim rows with conditional UPDATEs (`move_rows`); the linked
    # copies of a file take its status as it changes (`services.files.follow`).
    transitions = Transitions(
        {
            FileStatus.UPLOADING: {FileStatus.RECEIVED, FileStatus.UNREADABLE, FileStatus.DELETED},
            FileStatus.RECEIVED: {FileStatus.VALIDATING, FileStatus.DELETED},
            FileStatus.VALIDATING: {
                FileStatus.VALID,
                FileStatus.UNREADABLE,
                FileStatus.RECEIVED,
                FileStatus.DELETED,
            },
            FileStatus.VALID: {FileStatus.DELETED},
            FileStatus.UNREADABLE: {FileStatus.DELETED},
            FileStatus.DELETED: set(),
        },
        stamps={FileStatus.DELETED: ("deleted_at",)},
        refusal=_("A file that is “%(current)s” cannot become “%(new)s”."),
    )
    format = models.CharField(_("format"), max_length=32, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    members = models.JSONField(default=list, blank=True)  # zip: one report per member
    reason = models.TextField(_("reason"), blank=True)
    thumbnail = models.FileField(max_length=500, blank=True)
    composite = models.FileField(max_length=500, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # When the running check claimed this file (received -> validating, one conditional
    # UPDATE, see `services.checking.check_data_file`); a check records its results only
    # while it still holds that claim. None when no check runs.
    checking_since = models.DateTimeField(null=True, blank=True)
    # When the running check last said it is alive (every CHECK_HEARTBEAT_S, see
    # `services.checking.heartbeat`): a check silent for CHECK_LOST_AFTER died with its
    # worker, and the periodic job starts it again. None when no check runs.
    check_alive_at = models.DateTimeField(null=True, blank=True)
    keep_after_session = models.BooleanField(
        _("keep after the session"),
        default=False,
        help_text=_("The requester agrees that the file is kept after the retention period."),
    )
    delete_after = models.DateField(_("deleted after"), null=True, blank=True)
    retention_notice_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The file this row was carried over from (`link_files`): while that one is live, this
    # row follows it (stored, checked and previewed with it, see `services.files.follow`).
    linked_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="linked_copies"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("data file")
        indexes = [
            models.Index(fields=["content_type", "object_id", "status"]),
            models.Index(fields=["status", "delete_after"]),
            models.Index(fields=["uploaded_by", "status"]),
        ]

    def __str__(self) -> str:
        return without_bidi_controls(self.original_name)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def is_checked(self) -> bool:
        return self.status in (FileStatus.VALID, FileStatus.UNREADABLE)

    @property
    def reason_text(self) -> str:
        """Why the file is unreadable, in the current language when the intake said it."""
        return gettext(self.reason) if self.reason in OWN_REASONS else without_paths(self.reason)

    @property
    def dims(self) -> dict:
        return (self.metadata or {}).get("dims") or {}


class Upload(models.Model):
    """A tus upload in progress: bytes go to a staging file until `offset == length`.

    The primary key is random: it is the upload URL, which a client resumes from."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    filename = NameField(max_length=255)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    metadata = models.JSONField(default=dict, blank=True)
    hash_state = models.BinaryField(blank=True, default=b"")  # SHA-256 so far, resumable
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Remote storage: when a store task claimed the copy of these bytes into storage (a
    # lease, see `services.uploads.store_staged`); None when no copy is running.
    storing_since = models.DateTimeField(null=True, blank=True)
    data_file = models.ForeignKey(
        DataFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.length})"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def percent(self) -> int:
        return int(100 * self.offset / self.length) if self.length else 100


class AccessKind(models.TextChoices):
    DOWNLOAD = "download", _("downloaded")
    PREVIEW = "preview", _("previewed")
    VIEWER = "viewer", _("opened in the viewer")


class FileAccess(models.Model):
    """Someone downloaded, previewed or opened a data file in the viewer: who and when,
    shown to the requester who owns the files and to coordinators."""

    data_file = models.ForeignKey(DataFile, on_delete=models.CASCADE, related_name="accesses")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("access"), max_length=16, choices=AccessKind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["data_file", "viewer", "kind", "at"])]
        verbose_name = _("file access")
        verbose_name_plural = _("file accesses")

    def __str__(self) -> str:
        return f"{self.viewer} {self.kind} {self.data_file} {self.at:%Y-%m-%d %H:%M}"
