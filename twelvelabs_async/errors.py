"""Every error class: ``from twelvelabs_async.errors import IndexNameAlreadyExistsError``."""

from twelvelabs_async._errors import *  # noqa: F403
from twelvelabs_async._errors import __all__ as _core_errors
from twelvelabs_async._preflight import PreflightError
from twelvelabs_async._uploads import UploadUnconfirmedError
from twelvelabs_async._waiters import TaskFailedError, WaitTimeoutError
from twelvelabs_async.sync._runner import SyncCallFromLoopThreadError

__all__ = [
    *_core_errors,
    "PreflightError",
    "SyncCallFromLoopThreadError",
    "TaskFailedError",
    "UploadUnconfirmedError",
    "WaitTimeoutError",
]
