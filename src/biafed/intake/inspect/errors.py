"""The one exception readers raise for a file that cannot be shown: its message is the reason."""


class Unreadable(Exception):
    """The file cannot be read; ``str(exc)`` is a plain reason shown to people."""


def plain(exc: BaseException) -> str:
    """An exception as one short line for people."""
    text = str(exc).strip()
    text = text.splitlines()[0] if text else type(exc).__name__
    return text[:300]
