"""Every error class: ``from twelvelabs_async.errors import IndexNameAlreadyExistsError``."""

from twelvelabs_async._errors import *  # noqa: F403
from twelvelabs_async._errors import __all__ as __all__
