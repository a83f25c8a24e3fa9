from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import redirect, render

from logis.applications.models import Application
from logis.demands.models import Demand

# Where each professional role works (a person with several roles chooses on the dashboard).
ROLE_HOME = {
    "agent": "landlords:dashboard",
    "commission": "commission:dashboard",
    "hr": "employers:dashboard",
    "advisor": "advisors:queue",
    "moderator": "forum:moderation",
}


@login_not_required
@transaction.non_atomic_requests  # it writes nothing: no transaction opened and committed for a redirect
def home(request):
    if request.user.is_authenticated:
        return redirect("home:dashboard")
    return render(request, "home/home.html")


def dashboard(request):
    user = request.user
    if not user.is_applicant:
        memberships = list(user.memberships.filter(is_active=True).select_related("organization"))
        if len({m.role for m in memberships}) == 1:
            return redirect(ROLE_HOME[memberships[0].role])
        return render(request, "home/dashboard_professional.html", {"memberships": memberships})
    demand = Demand.objects.filter(owner=user).first()
    active_application = None
    if demand:
        active_application = Application.objects.filter(demand=demand).active().select_related("offer").first()
    steps = [
        {"label": "Créer mon compte", "done": True, "url": None},
        {"label": "Importer ma demande dans « Ma situation »", "done": demand is not None, "url": "demands:situation"},
        {
            "label": "Compléter « Les informations » sur mon employeur",
            "done": bool(demand and demand.information_complete),
            "url": "demands:information",
        },
        {
            "label": "Choisir une offre dans « Mes offres » et postuler",
            "done": active_application is not None,
            "url": "offers:list",
        },
    ]
    return render(
        request,
        "home/dashboard.html",
        {"demand": demand, "steps": steps, "active_application": active_application},
    )
