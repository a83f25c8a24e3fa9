from django.shortcuts import render


def checklist(request):
    return render(request, "core/coming_soon.html", {"title": "Espace en construction"})
