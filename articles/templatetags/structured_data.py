import json

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles import identity

register = template.Library()

# As django.utils.html.json_script: the JSON can never close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context, article):
    """JSON-LD for search engines: a medical web page reporting on a research paper."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": article.title,
        "description": article.description,
        "inLanguage": get_language(),
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
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
    if article.last_reviewed_on:
        data["lastReviewed"] = article.last_reviewed_on.isoformat()
        if article.reviewer_name:
            data["reviewedBy"] = {"@type": "Person", "name": article.reviewer_name}
            if article.reviewer_credentials:
                data["reviewedBy"]["jobTitle"] = article.reviewer_credentials
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
