from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def ceilings(request):
    return render(request, "core/coming_soon.html", {"title": "Plafonds de ressources"})
