"""Quote type from the quote's own text: the rule shared by the core builder and the importers.

Remove the quoted segments (between matching quotation marks, or from an unclosed opening
mark to the end of the fragment): no word left -> direct; marks present and words left ->
mixed; no marks -> indirect. Apostrophes inside or at the end of words are not marks. The
marks are English “…” ‘…’ "…" '…', German „…“ ‚…‘ »…« ›…‹ and French «…» ‹…›. A fragment
that opens with a dialogue dash (— or –, at the start of the fragment or of its line) is
quoted as a whole, and so are the quote's later fragments on the same line (the turn goes on
after an inserted cue: "— Oui, dit-il, c'est bien."). A straight ' standing alone between
spaces (tokenised text: "' Edith ! '") is a mark. A mark that opens again inside its own segment („a „b“ c“, as German
text often nests) opens a nested segment, so the outer segment ends at its own closing mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

OPENING = {
    "“": "”",
    "‘": "’",
    "„": "“",
    "‚": "‘",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    '"': '"',
    "'": "'",
}
QUOTE_MARKS = frozenset(OPENING) | frozenset(OPENING.values())
DIALOGUE_DASHES = frozenset("—–")
_WORD = re.compile(r"\w+")


def quote_type(text: str, fragments: Sequence[tuple[int, int]]) -> str:
    marks = False
    words_left = False
    turn_ends = -1  # end of the line of a turn opened by a dialogue dash
    for start, end in fragments:
        if start < turn_ends or opens_with_dash(text, start, end):
            if start >= turn_ends:
                newline = text.find("\n", start)
                turn_ends = len(text) if newline < 0 else newline
            marks = True
            continue
        outside, found = strip_quoted(text[start:end])
        marks = marks or found
        words_left = words_left or bool(_WORD.search(outside))
    if not marks:
        return "indirect"
    return "mixed" if words_left else "direct"


def opens_with_dash(text: str, start: int, end: int) -> bool:
    """A dialogue dash opens the fragment, or stands alone before it at the start of its line."""
    inside = text[start:end].lstrip()
    if inside[:1] in DIALOGUE_DASHES:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].strip()
    return len(before) == 1 and before in DIALOGUE_DASHES


def strip_quoted(fragment: str) -> tuple[str, bool]:
    """The fragment with its quoted segments removed, and whether any segment was found."""
    kept: list[str] = []
    opener: str | None = None
    depth = 0
    found = False
    for i, char in enumerate(fragment):
        if opener is None:
            if char in OPENING and _opens(fragment, i):
                opener, depth, found = char, 1, True
            else:
                kept.append(char)
        elif char == OPENING[opener] and _closes(fragment, i):
            depth -= 1
            if depth == 0:
                opener = None
        elif char == opener and _opens(fragment, i):
            depth += 1  # the same mark nested inside itself: „a „b“ c“
    return "".join(kept), found


def _opens(s: str, i: int) -> bool:
    if s[i] not in "'’‘":
        return True
    before = s[i - 1] if i else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    if s[i] == "'" and before.isspace() and after.isspace():
        return True  # a token of its own in tokenised text
    return not before.isalnum() and after.isalnum() or (s[i] == "‘" and not before.isalnum())


def _closes(s: str, i: int) -> bool:
    if s[i] not in "'’":
        return True
    after = s[i + 1] if i + 1 < len(s) else " "
    return not after.isalnum()
