"""Text shown through st.markdown: every character markdown (or HTML) would interpret, escaped."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")


def escape_markdown(text: str) -> str:
    """`text` with markdown's special characters backslash-escaped, so it shows as written."""
    return _SPECIAL.sub(r"\\\1", text)
