"""For the tests: what a reader sees on a page, as a person would read it; the password of
the readers the tests make."""

import re
from html.parser import HTMLParser
from pathlib import Path

PASSWORD = "a-long-pass-phrase-7"

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/es/LC_MESSAGES/django.po"
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
INLINE_ELEMENTS = {"a", "abbr", "b", "cite", "code", "em", "i", "small", "span", "strong", "time"}
LABEL_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


class _VisibleText(HTMLParser):
    """Text and labels a reader meets, leaving out parts marked as another language."""

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.stack = []  # (tag, skipped) for each open element
        self.parts = []

    @property
    def skipping(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skipped = tag in {"script", "style", "template"} or (
            tag != "html" and lang is not None and not lang.startswith(self.language)
        )
        if tag not in INLINE_ELEMENTS:
            self.parts.append(" ")
        if not (skipped or self.skipping):
            self.parts.extend(f" {attrs[name]} " for name in LABEL_ATTRIBUTES if attrs.get(name))
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        if tag not in INLINE_ELEMENTS:
            self.parts.append(" ")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html, language):
    parser = _VisibleText(language)
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def english_interface_leaks(text):
    """English interface strings found, as whole words, in a page's text."""
    return [
        english
        for english in english_interface_strings()
        if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text)
    ]


def english_interface_strings():
    """Interface strings of the Spanish catalogue whose Spanish differs from the English."""
    text = CATALOGUE.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', text, re.M)

    def join(quoted):
        return "".join(re.findall(r'"(.*)"', quoted)).replace('\\"', '"')

    strings = []
    for msgid, msgstr in pairs:
        english, spanish = join(msgid), join(msgstr)
        # Sentences and labels, not placeholders or URL patterns.
        if english and english != spanish and "%(" not in english and "/" not in english:
            strings.append(english)
    return strings


# What the article form needs besides the article's text: the research box of a research
# article (required to publish it) and the management form of its notes, none yet.
RESEARCH_FORM = {
    "kind": "research",
    "research_stage": "early",
    "study_population_en": "120 women with early breast cancer",
    "what_it_means_en": "Too early to change treatment.",
    "what_it_means_es": "Es pronto para cambiar el tratamiento.",
}
NO_NOTES = {"notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0"}


def research_form_of(article):
    """The research box's fields as the article has them, for a form that changes nothing."""
    fields = ["kind", "research_stage", "participants"] + [
        f"{name}_{code}" for name in ("study_population", "what_it_means") for code in ("en", "es")
    ]
    return {name: getattr(article, name) or "" for name in fields}
