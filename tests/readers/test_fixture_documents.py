"""The document fixtures themselves: every numbered footnote of the UN pair has its reference in the body."""

from __future__ import annotations

import pytest

from align.models import Kind
from tests.fixtures.documents import un_units


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_un_units_place_every_numbered_note(lang):
    units = un_units(lang)
    refs = {label for u in units for _, label in u.refs}
    assert refs == {u.label for u in units if u.kind is Kind.FOOTNOTE and u.label.isdigit()}
