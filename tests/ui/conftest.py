"""The UN project fixtures for every UI test (aligned once per session)."""

from tests.fixtures.book import book_template, served_book  # noqa: F401
from tests.fixtures.browser import browser  # noqa: F401
from tests.fixtures.ui import un_project, un_template  # noqa: F401  (pytest finds fixtures imported here)
