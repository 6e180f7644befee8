"""The UN project template (aligned once per session) for the project store tests."""

from tests.fixtures.ui import un_template  # noqa: F401  (pytest finds fixtures imported here)
