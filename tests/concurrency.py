"""Races the database must decide, for the concurrency tests of every app.

`race` runs each contender in its own thread, so with its own database connection,
released together by a barrier. Only PostgreSQL runs these tests (`POSTGRES_RACES` as a
module's `pytestmark`): SQLite serialises every writer, so there is nothing to race.
"""

import threading

import pytest
from django.db import connection

from biafed.common.errors import BusinessRuleError

POSTGRES_RACES = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def race(*contenders, timeout: float = 60) -> list[tuple[str, object]]:
    """Run each callable in its own thread and connection, all released at once.

    Returns, in the contenders' order, `("ok", what it returned)` or `("refused", the
    BusinessRuleError's messages)`; any other exception is re-raised. Fails if a contender
    is still running after `timeout` seconds.
    """
    barrier = threading.Barrier(len(contenders))
    results: list = [None] * len(contenders)
    crashes: list[BaseException] = []

    def run(index, contender):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", contender())
        except BusinessRuleError as error:
            results[index] = ("refused", " ".join(error.messages))
        except Exception as error:  # re-raised below, with its traceback
            results[index] = ("crashed", repr(error))
            crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a contender is stuck"
    if crashes:
        raise crashes[0]
    return results


def outcomes(results) -> list[str]:
    """What each contender got, sorted: e.g. ["ok", "refused"]."""
    return sorted(kind for kind, _ in results)
