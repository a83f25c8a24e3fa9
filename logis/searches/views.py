"""« Mes recherches », « Mes favoris » and the unsubscribe link of the alerts (the only page open without signing
in: the signed link names the search)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from logis.demands.models import Demand
from logis.offers.forms import OfferFilterForm
from logis.offers.models import Offer
from logis.searches.criteria import criteria_of, labels, query_of
from logis.searches.forms import SaveSearchForm, SearchForm
from logis.searches.models import Favourite, SavedSearch
from logis.searches.services import (
    SearchError,
    favourite_add,
    favourite_remove,
    search_delete,
    search_save,
    search_unsubscribe,
    search_update,
)

OUTCOMES = {
    "done": "Les alertes de cette recherche sont arrêtées : vous ne recevrez plus d'e-mail pour elle.",
    "used": "Ce lien a déjà servi : les alertes de cette recherche sont déjà arrêtées (ou ont été choisies à nouveau "
    "depuis). Pour les changer, ouvrez « Mes recherches ».",
    "invalid": "Ce lien de désabonnement n'est pas valable : il a peut-être été coupé ou modifié. Copiez l'adresse "
    "entière depuis l'e-mail, ou arrêtez les alertes dans « Mes recherches ».",
    "expired": "Ce lien de désabonnement est trop ancien. Arrêtez les alertes dans « Mes recherches ».",
}


def _rows(user):
    rows = []
    for search in SavedSearch.objects.filter(owner=user):
        rows.append(
            {
                "search": search,
                "labels": labels(search.criteria),
                "url": reverse("offers:list") + query_of(search.criteria, eligible_only=search.eligible_only),
                "form": SearchForm(
                    initial={
                        "name": search.name,
                        "frequency": search.frequency,
                        "eligible": "1" if search.eligible_only else "0",
                    },
                    auto_id=f"search-{search.pk}-%s",
                ),
            }
        )
    return rows


def search_list(request):
    return render(request, "searches/list.html", {"rows": _rows(request.user)})


def _render_save(request, form, status=400):
    return render(
        request, "searches/save.html", {"form": form, "back_url": _back(form.data.get("query", ""))}, status=status
    )


def _back(query: str) -> str:
    query = (query or "").lstrip("?")
    return reverse("offers:list") + (f"?{query}" if query else "")


@require_POST
def search_create(request):
    """POST from Mes offres: save its current filters under a name."""
    form = SaveSearchForm(request.POST)
    demand = Demand.objects.filter(owner=request.user).select_related("workplace_commune").first()
    if demand is None:
        messages.error(request, "Importez d'abord votre demande de logement pour enregistrer une recherche.")
        return redirect("demands:situation")
    if not form.is_valid():
        return _render_save(request, form)
    filters = OfferFilterForm(QueryDict(form.cleaned_data["query"].lstrip("?")))
    if not filters.is_valid():
        form.add_error(
            None, "Corrigez d'abord les filtres signalés dans « Mes offres », puis enregistrez la recherche."
        )
        return _render_save(request, form)
    try:
        saved = search_save(
            owner=request.user,
            name=form.cleaned_data["name"],
            criteria=criteria_of(filters.cleaned_data),
            eligible_only=form.cleaned_data["eligible"] == "1",
            frequency=form.cleaned_data["frequency"],
        )
    except SearchError as error:
        form.add_error(None, error.message)
        return _render_save(request, form)
    if saved.created:
        messages.success(request, f"La recherche « {saved.search.name} » est enregistrée dans « Mes recherches ».")
    else:
        messages.info(request, f"La recherche « {saved.search.name} » était déjà enregistrée.")
    return redirect("searches:list")


@require_POST
def search_edit(request, pk):
    search = get_object_or_404(SavedSearch.objects.filter(owner=request.user), pk=pk)
    form = SearchForm(request.POST, auto_id=f"search-{search.pk}-%s")
    error = None
    if form.is_valid():
        try:
            search_update(
                search=search,
                by=request.user,
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
                eligible_only=form.cleaned_data["eligible"] == "1",
            )
        except SearchError as exc:
            error = exc.message
        else:
            messages.success(request, "La recherche est mise à jour.")
            return redirect("searches:list")
    rows = _rows(request.user)
    for row in rows:
        if row["search"].pk == search.pk:
            if error:
                form.add_error(None, error)
            row["form"], row["open"] = form, True
    return render(request, "searches/list.html", {"rows": rows}, status=400)


@require_POST
def search_remove(request, pk):
    search = get_object_or_404(SavedSearch.objects.filter(owner=request.user), pk=pk)
    search_delete(search=search, by=request.user)
    messages.success(request, f"La recherche « {search.name} » est supprimée.")
    return redirect("searches:list")


@login_not_required
@csrf_exempt  # RFC 8058's one-click POST comes from the mail client, without a session; the link is the secret
def unsubscribe(request, token):
    """One click from the e-mail: the signed link stops the alerts of its search; opened again, it says so."""
    result = search_unsubscribe(token)
    status = 200 if result.outcome in ("done", "used") else 400
    return render(
        request,
        "searches/unsubscribe.html",
        {"outcome": result.outcome, "message": OUTCOMES[result.outcome], "search": result.search},
        status=status,
    )


def favourite_list(request):
    favourites = list(
        Favourite.objects.filter(owner=request.user).select_related("offer__commune").prefetch_related("offer__photos")
    )
    available = [f for f in favourites if f.offer.status == Offer.Status.PUBLISHED]
    gone = [f for f in favourites if f.offer.status != Offer.Status.PUBLISHED]
    return render(request, "searches/favourites.html", {"available": available, "gone": gone})


def _next(request, offer) -> HttpResponseRedirect:
    """Back to the page the button was on: a path of this site only, else the offer's page."""
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("offers:detail", args=[offer.pk]))


@require_POST
def favourite_toggle(request, pk):
    """Add (action=ajouter) or remove (action=retirer) an offer from « Mes favoris », back to the page."""
    if request.POST.get("action") == "retirer":
        offer = get_object_or_404(Offer.objects.all(), pk=pk, favourites__owner=request.user)
        if favourite_remove(owner=request.user, offer=offer):
            messages.success(request, f"« {offer.title} » est retirée de vos favoris.")
        return _next(request, offer)
    offer = get_object_or_404(Offer.objects.live(), pk=pk)
    try:
        kept = favourite_add(owner=request.user, offer=offer)
    except SearchError as error:
        messages.error(request, error.message)
    else:
        if kept.created:
            messages.success(request, f"« {offer.title} » est ajoutée à vos favoris.")
    return _next(request, offer)
