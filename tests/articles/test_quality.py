"""The quality check: reading time, readability and plain-language checks, per language."""

import pytest
from django.utils import translation

from articles.quality import check, check_item


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


PLAIN_ENGLISH = (
    "Walking helps. A new study looked at 400 people after hip surgery. "
    "Those who walked each day went home two days sooner. They also had less pain. "
    "Ask your nurse when you can start to walk. Start with a few steps. "
    "Then walk a little more each day."
)
HARD_ENGLISH = (
    "Postoperative ambulatory interventions demonstrated statistically significant "
    "improvements in functional rehabilitation trajectories, notwithstanding considerable "
    "heterogeneity attributable to methodological inconsistencies, comorbidity profiles "
    "and institutional protocols characterising participating orthopaedic departments."
)
PLAIN_SPANISH = (
    "Caminar ayuda. Un estudio nuevo siguió a 400 personas tras una operación de cadera. "
    "Las que caminaron cada día se fueron a casa dos días antes. También tuvieron menos "
    "dolor. Pregunte a su enfermera cuándo puede empezar a caminar. Empiece con unos "
    "pocos pasos. Luego camine un poco más cada día."
)


def test_reading_time_uses_each_languages_speed():
    english = check("en", body="word " * 476, meta_description="x")
    spanish = check("es", body="palabra " * 556, meta_description="x")
    assert english.words == 476 and english.minutes == 2
    assert spanish.words == 556 and spanish.minutes == 2


def test_plain_english_passes_and_jargon_fails_readability():
    plain = check("en", body=PLAIN_ENGLISH, meta_description="About walking.")
    assert plain.passes, plain.problems
    assert [score.label for score in plain.scores] == [
        "Flesch reading ease",
        "Flesch-Kincaid grade",
    ]
    hard = check("en", body=HARD_ENGLISH * 2, meta_description="About walking.")
    assert not hard.passes
    assert any("Flesch reading ease" in problem for problem in hard.problems)


def test_spanish_is_scored_with_spanish_formulas():
    report = check("es", body=PLAIN_SPANISH, meta_description="Sobre caminar.")
    assert [score.label for score in report.scores] == [
        "Fernández-Huerta",
        "Szigriszt-Pazos (INFLESZ)",
    ]
    assert report.passes, report.problems


def test_headings_must_not_skip_a_level_nor_repeat_the_title():
    report = check(
        "en", body="# Title again\n\nText.\n\n#### Too deep\n\nMore.", meta_description="x"
    )
    assert any("main heading" in issue for issue in report.issues)
    assert any("level 4 heading follows a level 1" in issue for issue in report.issues)
    fine = check("en", body="## One\n\nText.\n\n### Two\n\nMore.", meta_description="x")
    assert fine.issues == []


def test_vague_link_text_is_found_in_each_language():
    english = check("en", body="For more, [click here](https://example.org).", meta_description="x")
    assert any("click here" in issue for issue in english.issues)
    spanish = check("es", body="Más información [aquí](https://example.org).", meta_description="x")
    assert any("aquí" in issue for issue in spanish.issues)
    fine = check(
        "en", body="Read [the NHS page on hip surgery](https://example.org).", meta_description="x"
    )
    assert fine.issues == []


def test_very_long_sentences_are_found():
    long = " ".join(["word"] * 30) + "."
    report = check("en", body=f"Short one. {long}", meta_description="x")
    assert any("more than 25 words" in issue for issue in report.issues)


def test_an_empty_meta_description_is_found_only_where_there_is_one_to_fill():
    assert any(
        "meta description" in issue for issue in check("en", body="Hi.", meta_description="").issues
    )
    assert check("en", body="Hi.", meta_description=None).issues == []


def test_a_language_with_no_text_yet_has_an_empty_report():
    reports = check_item({"body_en": PLAIN_ENGLISH, "meta_description_en": "x"}, ["en", "es"])
    assert not reports["en"].empty and reports["es"].empty
