"""Why an upload is refused; each carries the HTTP status the tus views answer with."""

from biafed.common.errors import BusinessRuleError


class IntakeError(BusinessRuleError):
    """Shown to the person as is (it is translated where it is raised)."""

    http_status = 400


class LimitExceeded(IntakeError):
    http_status = 413


class RefusedType(IntakeError):
    http_status = 415


class OffsetMismatch(IntakeError):
    http_status = 409


class UploadBusy(IntakeError):
    http_status = 423


class ChecksumMismatch(IntakeError):
    http_status = 460


class UploadGone(IntakeError):
    http_status = 410


class StorageProblem(IntakeError):
    http_status = 507
