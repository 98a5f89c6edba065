"""The scenario's question, from the comment that opens its YAML (/scenario/yaml).

Every scenario opens with a comment `# Question: ...?` (docs/scenario.md); a generated scenario's
may follow a line or two saying where it came from. The question is that paragraph up to its first
question mark, or to the end of its first sentence when it has none.
"""

from __future__ import annotations

import re
from typing import List


def opening_comment(yaml_text: str) -> List[str]:
    """The comment lines before the first line of YAML, without their `#`."""
    lines = []
    for line in yaml_text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        lines.append(stripped[1:].strip())
    return lines


def question(yaml_text: str) -> str:
    """The question the scenario asks, capitalised ("" when its opening comment has none)."""
    lines = opening_comment(yaml_text)
    start = next((i for i, line in enumerate(lines) if line.lower().startswith("question:")), None)
    if start is None:
        return ""
    paragraph = []
    for line in lines[start:]:
        if not line:
            break
        paragraph.append(line)
    text = re.sub(r"^question:\s*", "", " ".join(paragraph), flags=re.IGNORECASE)
    mark = text.find("?")
    if mark >= 0:
        text = text[: mark + 1]
    else:
        sentence_end = re.search(r"\.\s+(?=[A-Z])", text)
        text = text[: sentence_end.start() + 1] if sentence_end else text
    return text[:1].upper() + text[1:]
