from django import template

from feedback.views import reader_vote

register = template.Library()


@register.inclusion_tag("feedback/helpfulness_form.html", takes_context=True)
def helpfulness_form(context, article):
    """ "Was this article helpful?", showing the reader's answer if they gave one.

    One query for a reader who may have voted; none for a reader without a session.
    """
    return {"article": article, "vote": reader_vote(context["request"], article)}
