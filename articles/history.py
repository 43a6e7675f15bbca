"""Changes people can read: word-level differences between two versions of a text, and
the history of an item as one line per field, in both languages.
"""

import datetime
import difflib
import re
from dataclasses import dataclass
from dataclasses import field as list_field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from modeltranslation.translator import translator

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
    # Compared without their spacing: a word that gained a line break after it is the same.
    matcher = difflib.SequenceMatcher(
        None, [w.strip() for w in before], [w.strip() for w in after], autojunk=False
    )
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


# Bookkeeping that every save changes, shown elsewhere (the status column, the
# translation status) rather than as an edit.
BOOKKEEPING = {
    "id",
    "english_edited_at",
    "spanish_edited_at",
    "status_changed_at",
    "status_changed_by",
    "updated_at",
    # Kept by the notes, and not in the history (articles/translation.py).
    "last_noted_at",
}
# A record of the topics alone, by the same person this soon after the row's, is the same
# save: the admin saves the row, then its topics.
ONE_SAVE = datetime.timedelta(seconds=5)
REVERT_REASON = "revert:"


@dataclass
class Entry:
    record: object  # the last historical record of the save: the version to revert to
    action: str
    # (label, [(language code, language name, html)]); code and name None for untranslated.
    changes: list = list_field(default_factory=list)

    @property
    def person(self):
        user = self.record.history_user
        return user.get_full_name() if user is not None else ""


def revert_reason(version):
    """What a revert stores as its reason, in no language: the time of the version."""
    return REVERT_REASON + version.history_date.isoformat()


def shown(model_field, value):
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return date_format(value, "DATE_FORMAT")
    if isinstance(model_field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    return str(value)


def difference(model_field, old, new):
    """The change from `old` to `new` as HTML: word by word for text, "a → b" otherwise."""
    text = isinstance(model_field, models.CharField | models.TextField)
    if text and not model_field.choices:
        return word_diff(old or "", new or "")
    return format_html("{} → {}", shown(model_field, old), shown(model_field, new))


def readable_history(model, records):
    """The history of one item, newest first: one entry per save, one line per field.

    `records` are its historical records, oldest first. A save that changed nothing has
    no entry; the row and the topics saved by one form are one entry.
    """
    sets = m2m_sets(records, model._meta.many_to_many)
    groups = []
    for record in records:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and record.history_type == "~"
            and record.history_user_id == last.history_user_id
            and record.history_date - last.history_date < ONE_SAVE
            and same_row(model, last, record)
        ):
            groups[-1].append(record)
        else:
            groups.append([record])
    entries = []
    before = None
    for group in groups:
        latest = group[-1]
        entry = Entry(record=latest, action=action_label(group))
        if before is not None:
            entry.changes = changes_between(model, before, latest, sets)
        reverted = any(is_revert(record) for record in group)
        if group[0].history_type != "~" or entry.changes or reverted:
            entries.append(entry)
        before = latest
    return entries[::-1]


def same_row(model, before, after):
    """Whether only the related objects (the topics) changed between two records."""
    return all(
        getattr(before, model_field.attname) == getattr(after, model_field.attname)
        for model_field in model._meta.concrete_fields
        if model_field.name not in BOOKKEEPING
    )


def changes_between(model, before, after, sets):
    """[(label, [(code, language name, html)])]: one line per field, both languages on it."""
    translated = translator.get_options_for_model(model).fields
    changes = []
    for model_field in model._meta.concrete_fields:
        name = model_field.name
        # The untranslated column of a translated field holds whichever language was active.
        if name in BOOKKEEPING or name in translated or hasattr(model_field, "language"):
            continue
        old, new = getattr(before, model_field.attname), getattr(after, model_field.attname)
        # As people read them: a form that drops a time's microseconds changed nothing.
        if shown(model_field, old) != shown(model_field, new):
            label = capfirst(model_field.verbose_name)
            changes.append((label, [(None, None, difference(model_field, old, new))]))
    for name in translated:
        lines = []
        for code, language in settings.LANGUAGES:
            old, new = getattr(before, f"{name}_{code}"), getattr(after, f"{name}_{code}")
            if changed(old, new):
                model_field = model._meta.get_field(f"{name}_{code}")
                lines.append((code, language, difference(model_field, old, new)))
        if lines:
            changes.append((capfirst(model._meta.get_field(name).verbose_name), lines))
    for model_field in model._meta.many_to_many:
        old, new = sets[model_field.name][before.pk], sets[model_field.name][after.pk]
        if old != new:
            change = format_html("{} → {}", names(old), names(new))
            changes.append((capfirst(model_field.verbose_name), [(None, None, change)]))
    return changes


def m2m_sets(records, m2m_fields):
    """{field name: {history id: the related objects' names, sorted}}, in two queries each."""
    sets = {}
    if not records:
        return sets
    for model_field in m2m_fields:
        through = getattr(records[0], model_field.name).model
        column = f"{model_field.m2m_reverse_field_name()}_id"
        rows = through.objects.filter(history__in=[r.pk for r in records]).values_list(
            "history_id", column
        )
        related = model_field.remote_field.model.objects.in_bulk({pk for _h, pk in rows})
        by_record = {r.pk: set() for r in records}
        for history_id, pk in rows:
            if pk in related:
                by_record[history_id].add(str(related[pk]))
        sets[model_field.name] = {pk: tuple(sorted(found)) for pk, found in by_record.items()}
    return sets


def names(values):
    return ", ".join(values) if values else "—"


def is_revert(record):
    return (record.history_change_reason or "").startswith(REVERT_REASON)


def action_label(group):
    """What the save did: created, changed, reverted to a version, deleted."""
    for record in group:
        if is_revert(record):
            reason = record.history_change_reason.removeprefix(REVERT_REASON)
            when = datetime.datetime.fromisoformat(reason)
            return gettext("Reverted to the version of %(time)s") % {
                "time": date_format(timezone.localtime(when), "DATETIME_FORMAT")
            }
    types = {record.history_type for record in group}
    if "+" in types:
        label = pgettext("history", "Created")
    elif "-" in types:
        label = pgettext("history", "Deleted")
    else:
        label = pgettext("history", "Changed")
    # What a save said of itself, such as the notes it added (ArticleAdmin.save_related).
    reasons = [record.history_change_reason for record in group if record.history_change_reason]
    return "; ".join([label, *reasons])
