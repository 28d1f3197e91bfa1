"""Settings for the test suite: the normal settings with test defaults in the environment."""

import os

os.environ.setdefault("BIAFED_TESTING", "true")
os.environ.setdefault("TASK_QUEUE", "immediate")
os.environ.setdefault("EMAIL_DELIVERY", "memory")
# Tests that check the second factor required of coordinators turn this on.
os.environ.setdefault("MFA_REQUIRED_FOR_STAFF", "false")

from biafed.settings import *  # noqa: E402,F403
