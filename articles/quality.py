"""The quality check editors see while writing, per language: what Wagtail 7's content
checks do (reading time, readability), plus the plain-language checks our readers need.

Readability comes from textstat, a maintained library: Flesch reading ease and the
Flesch-Kincaid grade for English, Fernández-Huerta and Szigriszt-Pazos (INFLESZ) for
Spanish. The targets are those of plain-language health information, written for a
reading age of 9 to 11.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
from django.utils.translation import gettext, ngettext
from textstat.textstat import textstatistics

# Words read a minute: Wagtail's figures for each language.
READING_SPEED = {"en": 238, "es": 278}
# Plain-language guidance (GOV.UK, NHS): sentences of 25 words or fewer.
LONG_SENTENCE = 25
# (textstat method, label, lowest or highest acceptable score) for each language.
READABILITY = {
    "en": [
        ("flesch_reading_ease", "Flesch reading ease", 60, "min"),
        ("flesch_kincaid_grade", "Flesch-Kincaid grade", 8, "max"),
    ],
    "es": [
        ("fernandez_huerta", "Fernández-Huerta", 70, "min"),
        ("szigriszt_pazos", "Szigriszt-Pazos (INFLESZ)", 55, "min"),
    ],
}
VAGUE_LINK_TEXT = {
    "en": {"click here", "here", "read more", "more", "this link", "link", "this"},
    "es": {"aquí", "haga clic aquí", "pulse aquí", "clic aquí", "leer más", "más",
           "este enlace", "enlace", "esto"},
}  # fmt: skip
# Text shorter than this gives readability scores that mean nothing.
FEWEST_WORDS_SCORED = 30


def _statistics(language):
    statistics = textstatistics()
    statistics.set_lang(language)
    return statistics


@dataclass
class Score:
    label: str
    value: float
    target: float
    direction: str  # "min": at least the target; "max": at most

    @property
    def passes(self):
        return self.value >= self.target if self.direction == "min" else self.value <= self.target


@dataclass
class Report:
    language: str
    words: int = 0
    minutes: int = 0
    scores: list = field(default_factory=list)
    issues: list = field(default_factory=list)

    @property
    def empty(self):
        return self.words == 0

    @property
    def passes(self):
        return not self.issues and all(score.passes for score in self.scores)

    @property
    def problems(self):
        """Every issue and every score off target, as sentences."""
        off_target = [
            (
                gettext("%(score)s is %(value)s; aim for %(target)s or more.")
                if score.direction == "min"
                else gettext("%(score)s is %(value)s; aim for %(target)s or less.")
            )
            % {"score": score.label, "value": round(score.value), "target": score.target}
            for score in self.scores
            if not score.passes
        ]
        return [*off_target, *self.issues]


class _Structure(HTMLParser):
    """Headings, links and plain text of the rendered Markdown."""

    def __init__(self):
        super().__init__()
        self.headings = []
        self.links = []
        self.text = []
        self._link = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a":
            self._link = []
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "blockquote"}:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append("".join(self._link))
            self._link = None
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6"}:
            # A heading or list item ends a sentence, even without a full stop.
            self.text.append(".\n")

    def handle_data(self, data):
        self.text.append(data)
        if self._link is not None:
            self._link.append(data)


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?¡¿…])\s+|\n+", text) if re.search(r"\w", s)]


def check(language, summary="", body="", meta_description=None):
    """The quality report of one language's text: `body` is Markdown; `meta_description`
    None for an item that has none to fill in."""
    structure = _Structure()
    structure.feed(markdown.markdown(body or ""))
    text = "\n".join(part for part in [summary or "", "".join(structure.text)] if part.strip())
    text = re.sub(r"\.\s*\.", ".", text)
    statistics = _statistics(language)
    report = Report(language=language)
    report.words = statistics.lexicon_count(text) if text.strip() else 0
    if report.empty:
        return report
    report.minutes = max(1, round(report.words / READING_SPEED[language]))
    if report.words >= FEWEST_WORDS_SCORED:
        report.scores = [
            Score(label, getattr(statistics, method)(text), target, direction)
            for method, label, target, direction in READABILITY[language]
        ]
    report.issues = [
        *heading_issues(structure.headings),
        *link_issues(structure.links, language),
        *sentence_issues(text),
    ]
    if meta_description is not None and not meta_description.strip():
        report.issues.append(
            gettext("The meta description is empty: search engines will show the summary.")
        )
    return report


def heading_issues(levels):
    issues = []
    if 1 in levels:
        issues.append(gettext("Use ## for headings: the title is the page's only main heading."))
    previous = 1
    for level in levels:
        if level > previous + 1:
            issues.append(
                gettext("A level %(level)d heading follows a level %(previous)d one.")
                % {"level": level, "previous": previous}
            )
        previous = max(level, 1)
    return issues


def link_issues(links, language):
    vague = [
        text
        for text in links
        if re.sub(r"[^\w\s]", "", text).strip().lower() in VAGUE_LINK_TEXT[language]
    ]
    return [
        gettext("The link text “%(text)s” does not say where the link goes.") % {"text": text}
        for text in vague
    ]


def sentence_issues(text):
    long = [s for s in sentences(text) if len(s.split()) > LONG_SENTENCE]
    if not long:
        return []
    count = len(long)
    return [
        ngettext(
            "%(count)d sentence has more than %(words)d words: “%(start)s…”",
            "%(count)d sentences have more than %(words)d words; the first: “%(start)s…”",
            count,
        )
        % {"count": count, "words": LONG_SENTENCE, "start": " ".join(long[0].split()[:8])}
    ]


def check_item(fields, languages, meta_description=True):
    """{language: report} for an article's or page's fields ({"body_en": …, …})."""
    return {
        code: check(
            code,
            summary=fields.get(f"summary_{code}") or "",
            body=fields.get(f"body_{code}") or "",
            meta_description=(fields.get(f"meta_description_{code}") or "")
            if meta_description
            else None,
        )
        for code in languages
    }
