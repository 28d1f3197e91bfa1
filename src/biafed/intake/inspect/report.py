"""The result of inspecting one uploaded file: status, format, metadata, previews."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

OK = "ok"
UNREADABLE = "unreadable"


@dataclass
class Report:
    """What biafed learnt about a file; JSON-serialisable through ``to_dict``.

    ``status`` is "ok" or "unreadable"; ``reason`` says why in plain words when
    unreadable. ``previews`` maps "thumbnail"/"composite" to file names inside the
    output directory. ``members`` lists the reports of a zip's members.
    """

    status: str
    reason: str = ""
    format: str = ""
    metadata: dict = field(default_factory=dict)
    previews: dict = field(default_factory=dict)
    members: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == OK

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data) -> Report:
        return cls(
            status=data.get("status", UNREADABLE),
            reason=data.get("reason", ""),
            format=data.get("format", ""),
            metadata=dict(data.get("metadata") or {}),
            previews=dict(data.get("previews") or {}),
            members=list(data.get("members") or []),
        )

    @classmethod
    def unreadable(cls, reason: str, *, format: str = "", metadata: dict | None = None) -> Report:
        return cls(status=UNREADABLE, reason=reason, format=format, metadata=metadata or {})
