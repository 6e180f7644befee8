"""The UN project fixtures for every UI test (aligned once per session)."""

from tests.fixtures.ui import un_project, un_template  # noqa: F401  (pytest finds fixtures imported here)
