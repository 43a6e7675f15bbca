"""Changes people can read: word-level differences between two versions of a text, and
the history of an item as one line per field, in both languages.
"""

import difflib
import re

from django.utils.html import format_html, format_html_join

# Unchanged words kept on each side of a change; longer unchanged runs are elided.
CONTEXT_WORDS = 8


def words(text):
    # Whitespace stays with the word before it, so the text joins back exactly.
    return re.findall(r"\S+\s*|\s+", text or "")


def word_diff(old, new):
    """HTML of `new` with the words taken out of `old` in <del> and those put in in <ins>.

    Long unchanged stretches are shortened to their first and last few words around "…",
    always at word boundaries.
    """
    before, after = words(old), words(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = after[j1:j2]
            if len(same) > 2 * CONTEXT_WORDS:
                head = same[:CONTEXT_WORDS] if parts else []
                tail = same[-CONTEXT_WORDS:] if j2 < len(after) else []
                parts.append(("", "".join(head) + "… " + "".join(tail)))
            else:
                parts.append(("", "".join(same)))
            continue
        if i2 > i1:
            parts.append(("del", "".join(before[i1:i2]).strip()))
        if j2 > j1:
            parts.append(("ins", "".join(after[j1:j2]).strip()))
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<{}>{}</{}> ", tag, text, tag) if tag else text,)
            for tag, text in parts
            if text
        ),
    )


def changed(old, new):
    return (old or "") != (new or "")


def english_since_spanish(obj, fields):
    """(field, diff) for each translated field whose English changed since the Spanish was
    last brought up to date; empty while the Spanish is current.

    The English the Spanish was made from is the English of the first version saved with
    the Spanish as it is now.
    """
    if obj.pk is None or obj.spanish_status != "out of date":
        return []
    translated_from = (
        obj.history.filter(spanish_edited_at=obj.spanish_edited_at)
        .order_by("history_date", "history_id")
        .first()
    )
    if translated_from is None:
        return []
    diffs = []
    for field in fields:
        old, new = getattr(translated_from, f"{field}_en"), getattr(obj, f"{field}_en")
        if changed(old, new):
            diffs.append((field, word_diff(old, new)))
    return diffs
