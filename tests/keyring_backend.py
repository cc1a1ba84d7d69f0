"""A keyring for tests only: a file in the test's tmp_path, named by an environment
variable so subprocesses started by a test (``python -m app ...``) share it.

The product refuses plain-text keyrings; this subclass is allowed because it exists only
in the test tree and is selected explicitly (PYTHON_KEYRING_BACKEND).
"""

from __future__ import annotations

import os

from keyrings.alt.file import PlaintextKeyring

FILE_ENV = "LPC_TEST_KEYRING_FILE"


class TmpFileKeyring(PlaintextKeyring):
    @property
    def file_path(self) -> str:  # type: ignore[override]
        return os.environ[FILE_ENV]
