"""A keyring for tests only: a file in the test's tmp_path, named by an environment
variable so subprocesses started by a test (``python -m app ...``) share it.

The product trusts only the OS keyrings; this one is trusted in a test run because the
test setting ``app.services.keys.TEST_KEYRING_ENV`` names it (tests/conftest.py sets it
for the tests and the ``python -m app`` processes they start).
"""

from __future__ import annotations

import os

from keyrings.alt.file import PlaintextKeyring

FILE_ENV = "LPC_TEST_KEYRING_FILE"


class TmpFileKeyring(PlaintextKeyring):
    @property
    def file_path(self) -> str:  # type: ignore[override]
        return os.environ[FILE_ENV]
