"""A short, human summary of what changed between two versions of a page."""

from __future__ import annotations

from difflib import SequenceMatcher


def change_summary(old: list[str], new: list[str]) -> str:
    """Paragraphs edited, added and removed, from two lists of paragraph hashes."""
    counts = {"edited": 0, "added": 0, "removed": 0}
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        counts["edited"] += paired
        counts["removed"] += (i2 - i1 - paired) if tag in ("replace", "delete") else 0
        counts["added"] += (j2 - j1 - paired) if tag in ("replace", "insert") else 0
    parts = [(n, verb) for verb, n in counts.items() if n]
    if not parts:
        return "paragraphs unchanged, wording changed"
    first, *rest = parts
    noun = "paragraph" if first[0] == 1 else "paragraphs"
    return ", ".join([f"{first[0]} {noun} {first[1]}", *(f"{n} {verb}" for n, verb in rest)])
