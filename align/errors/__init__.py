"""Every user-facing message in one package, each with a unique code: what went wrong and what to do about it.

Raise sites call the factory functions of these modules, never an error class with a message of their own; the
codes are checked unique and used by tests/cli/test_error_codes.py. Printing (and escaping user text) is done where
messages are shown: the CLI in tm/reporting.py, the UI in ui/state.py.

    base     the classes (TmbuildError and one subclass per kind)
    inputs   E1xx documents, E2xx languages (W2xx warnings), E3xx encoders
    outputs  E4xx gold files, E7xx TMX and term lists, E8xx command use
    review   E5xx review edits, E6xx projects
    system   E9xx the file system; the line for an internal error
"""

# One namespace for the raise sites (`errors.missing_file(...)`); each range lives in the module named for it.
# A new factory goes into the module of its range, with the next free code.
from align.errors.base import *  # noqa: F403
from align.errors.batch import *  # noqa: F403
from align.errors.hardening import *  # noqa: F403
from align.errors.inputs import *  # noqa: F403
from align.errors.outputs import *  # noqa: F403
from align.errors.review import *  # noqa: F403
from align.errors.system import *  # noqa: F403
