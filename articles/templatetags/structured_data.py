import json

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles import identity

register = template.Library()

# What schema.org can say of each stage: the study's type (MedicalStudy and its kinds),
# a trial's phase, and the paper's publicationType (PubMed's publication types).
STUDIES = {
    "laboratory": {"@type": "MedicalStudy"},
    "early": {"@type": "MedicalTrial", "phase": "Phase 1/Phase 2"},
    "trial": {"@type": "MedicalTrial", "phase": "Phase 3"},
    "observational": {"@type": "MedicalObservationalStudy"},
}
PUBLICATION_TYPES = {
    "early": "Clinical Trial",
    "trial": "Clinical Trial, Phase III",
    "observational": "Observational Study",
    "review": "Systematic Review",
    "guideline": "Guideline",
}

# As django.utils.html.json_script: the JSON can never close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context, article):
    """JSON-LD for search engines: a medical web page reporting on a research paper."""
    request = context["request"]
    language = get_language()
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": article.title,
        "description": article.description,
        "inLanguage": language,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "publisher": {"@type": "Organization", "name": identity.site_name()},
        "about": [{"@type": "Thing", "name": topic.name} for topic in article.topics.all()],
    }
    if article.paper_title:
        paper = {"@type": "ScholarlyArticle", "name": article.paper_title}
        if article.paper_url:
            paper["url"] = article.paper_url
        if article.paper_published_on:
            paper["datePublished"] = article.paper_published_on.isoformat()
        if article.journal:
            paper["isPartOf"] = {"@type": "Periodical", "name": article.journal}
        data["citation"] = paper
    if article.is_research and article.research_stage:
        paper = data.setdefault("citation", {"@type": "ScholarlyArticle"})
        paper["@type"] = "MedicalScholarlyArticle"
        if publication_type := PUBLICATION_TYPES.get(article.research_stage):
            paper["publicationType"] = publication_type
        if study := STUDIES.get(article.research_stage):
            study = dict(study)
            if article.study_population:
                study["population"] = article.study_population
            paper["about"] = study
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": note.text_es if language == "es" and note.text_es else note.text_en,
            "datePublished": note.noted_at.isoformat(),
        }
        for note in article.note_list
        if note.kind == note.Kind.CORRECTION
    ]
    if corrections:
        data["correction"] = corrections
    if article.last_reviewed_on:
        data["lastReviewed"] = article.last_reviewed_on.isoformat()
        if article.reviewer_name:
            data["reviewedBy"] = {"@type": "Person", "name": article.reviewer_name}
            if article.reviewer_credentials:
                data["reviewedBy"]["jobTitle"] = article.reviewer_credentials
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
