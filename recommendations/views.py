from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language

from .engine import NEW, PAGE_SIZE, recommendations_for


@login_required
def recommendation_list(request):
    recommendations = recommendations_for(request.user, get_language(), PAGE_SIZE)
    personal = any(rec.reason != NEW for rec in recommendations or [])
    return render(
        request,
        "recommendations/recommendation_list.html",
        {"recommendations": recommendations, "personal": personal},
    )


def recommendations_about(request):
    return render(request, "recommendations/recommendations_about.html")
