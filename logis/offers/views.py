from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html_join

from logis.core.db import replica_reads
from logis.demands.models import Demand
from logis.demands.selectors import demand_of
from logis.eligibility.services import offer_verdict
from logis.offers.forms import (
    ELIGIBLE,
    FIELD_OF_FILTER,
    OTHERS,
    PROJECT_BUY,
    PROJECT_PARAM,
    SCOPE_ALL,
    OfferFilterForm,
    PurchaseFilterForm,
    PurchaseInterestForm,
)
from logis.offers.models import Offer, PurchaseInterest
from logis.offers.offer_page import offer_for_page
from logis.offers.purchase import (
    PurchaseSearch,
    interested_offer_ids,
    last_interest,
    purchase_verdict,
    simulator_link,
    with_purchase_verdicts,
)
from logis.offers.purchase_workflow import MAX_OPEN_INTERESTS, OPEN_STATES
from logis.offers.selectors import (
    COUNT_CAP,
    Bounds,
    OfferSearch,
    Sort,
    search_origin,
    with_distances,
    with_verdicts,
)
from logis.offers.services import (
    PurchaseError,
    purchase_interest_send,
    purchase_interest_withdraw,
    shared_information,
    shared_lines,
)
from logis.offers.visits import previous_visit

MAX_SUGGESTED_COMMUNES = 300
NEW_SHOWN = 5
SUGGESTIONS_TTL = 600
RELAX_PARAM = "assouplir"
VIEW_PARAM = "vue"
MAP_VIEW = "carte"
# Parameters of the page that are not filters of the search.
NOT_FILTERS = (VIEW_PARAM, RELAX_PARAM, "page", "zone")
DETAIL_PLACEHOLDER = 987654321


def map_settings() -> dict:
    """What the map script needs from the settings (tiles, attribution), as data-* attributes of the map."""
    return {"tile_url": settings.LOGIS_MAP_TILE_URL, "tile_attribution": settings.LOGIS_MAP_TILE_ATTRIBUTION}


def allow_map_tiles(response):
    """Let the page load the tiles of the configured tile server (the CSP allows our own images otherwise)."""
    parts = urlsplit(settings.LOGIS_MAP_TILE_URL)
    if parts.scheme in ("http", "https") and parts.netloc:
        response._csp_update = {"img-src": [f"{parts.scheme}://{parts.netloc}"]}
    return response


PURCHASE_PAGE_SIZE = 20


def suggested_communes() -> str:
    """The <option>s of the commune field's suggestions (names of communes with live offers): the same for
    everyone, so read and written once for SUGGESTIONS_TTL seconds (a DISTINCT over every live offer costs tens of
    milliseconds at scale)."""

    def options() -> str:
        names = (
            Offer.objects.live()
            .order_by("commune__name")
            .values_list("commune__name", flat=True)
            .distinct()[:MAX_SUGGESTED_COMMUNES]
        )
        return format_html_join("", '<option value="{}"></option>', ((name,) for name in names))

    return cache.get_or_set("offers:suggested_communes_html", options, SUGGESTIONS_TTL)


def _demand_of(user) -> Demand | None:
    return Demand.objects.filter(owner=user).select_related("workplace_commune").first()


def _query_without(query, *names, **values) -> str:
    """The current query string without some parameters (and the page), optionally with other values."""
    query = query.copy()
    for name in (*names, *values, "page"):
        query.pop(name, None)
    for name, value in values.items():
        query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@replica_reads
def offer_list(request):
    """ "Mes offres": the live offers that fit the applicant's demand, with filters (htmx refreshes the results)."""
    demand = _demand_of(request.user)
    if demand is None:
        return render(request, "offers/no_demand.html")
    if request.GET.get(PROJECT_PARAM) == PROJECT_BUY:
        return _purchase_list(request, demand)

    origin = search_origin(demand)
    form = OfferFilterForm(request.GET, workplace_name=origin.name if origin else "")
    form.is_valid()  # invalid values are shown with their error and ignored by the search
    search = OfferSearch(demand, form.to_filters())
    paginator = search.paginator(form.page_size())
    page = paginator.get_page(request.GET.get("page"))
    offers = with_distances(page.object_list, origin)
    if search.shows_others:
        offers = with_verdicts(offers, search.eligibility)

    # For an empty result, which criterion to relax: a COUNT per criterion, some over every live offer, so it is
    # asked for by a second request (loaded right away by htmx, a link without JavaScript), not computed here.
    relaxations = None
    if paginator.count == 0 and request.GET.get(RELAX_PARAM):
        relaxations = [
            {
                "label": r.criterion.label,
                "count": r.count,
                "from_demand": r.criterion.from_demand,
                "remove_url": None
                if r.criterion.from_demand
                else _query_without(request.GET, FIELD_OF_FILTER[r.criterion.key], RELAX_PARAM),
            }
            for r in search.relaxations()
        ]
    context = {
        "demand": demand,
        "form": form,
        "origin": origin,
        "new_since": _new_since(request, search),
        "fit_parts": search.fit_parts,
        "fit_applied": search.filters.fit,
        "filters_applied": search.filters_applied,
        "page_obj": page,
        "offers": offers,
        "relaxations": relaxations,
        "all_offers_url": _query_without(request.GET, perimetre=SCOPE_ALL),
        "shows_others": search.shows_others,
        "relaxations_url": _query_without(request.GET, **{RELAX_PARAM: "1"}),
        "count_capped": paginator.capped,
        "count_cap": COUNT_CAP,
        "others_url": _query_without(request.GET, eligibilite=OTHERS),
        "eligible_url": _query_without(request.GET, eligibilite=ELIGIBLE),
        "reset_url": request.path,
        "map_view": request.GET.get(VIEW_PARAM) == MAP_VIEW,
        "list_url": _query_without(request.GET, VIEW_PARAM),
        "map_url": _query_without(request.GET, **{VIEW_PARAM: MAP_VIEW}),
        "markers_url": reverse("offers:map") + _query_without(request.GET, *NOT_FILTERS),
        "map": map_settings(),
        # An unknown commune is said above the results (the htmx refresh replaces only them), not « Aucune offre ».
        "commune_errors": form.errors.get("commune"),
    }
    context["fragment"] = bool(request.htmx and not request.htmx.history_restore_request)
    if context["fragment"]:
        response = render(request, "offers/includes/_results.html", context)
    else:
        context["suggested_communes"] = suggested_communes()
        if not request.GET:
            # The first visit shows the default filters, the same HTML for everyone whose demand names a workplace
            # (and for everyone whose demand names none): rendered once, not for each visit (a hundred-odd options
            # and a dozen labelled fields cost milliseconds).
            key = f"offers:default_filter_form:{'workplace' if origin else 'none'}"
            context["form_html"] = cache.get_or_set(key, lambda: str(form), SUGGESTIONS_TTL)
        response = render(request, "offers/list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return allow_map_tiles(response) if context["map_view"] else response


def _new_since(request, search: OfferSearch) -> dict | None:
    """« Nouvelles depuis votre dernière visite »: the offers of the search published since the previous visit
    (a few shown, counted up to COUNT_CAP); None on a first visit and on the pages of a htmx refresh."""
    if request.htmx and not request.htmx.history_restore_request:
        return None  # the same visit: the box was shown with the page
    since = previous_visit(request.user, timezone.now())
    if since is None:
        return None
    count = search.count_published_since(since)
    if not count:
        return {"since": since, "count": 0, "offers": []}
    new = search.matches.filter(published_at__gt=since)
    shown = list(new.order_by("-published_at", "-id").select_related("commune")[:NEW_SHOWN])
    return {"since": since, "count": count, "offers": shown, "capped": count > COUNT_CAP}


def _map_message(shown: int, limit: int, truncated: bool, sort: str, origin, zone: Bounds | None) -> str:
    where = " dans cette partie de la carte" if zone else ""
    if not truncated:
        if shown == 0:
            return f"Aucune offre ne correspond à votre recherche{where}."
        if shown == 1:
            return f"La carte montre 1 offre{where}."
        return f"La carte montre {shown} offres{where}, regroupées par secteur quand elles sont proches."
    if sort == Sort.DISTANCE and origin is not None:
        which = f"les {limit} plus proches de votre lieu de travail ({origin.name})"
    else:
        which = f"les {limit} premières de la liste"
    return (
        f"Plus de {limit} offres correspondent à votre recherche{where} : la carte montre {which}. Zoomez sur un "
        "secteur ou précisez vos filtres (commune, distance, loyer) pour voir les autres."
    )


@replica_reads
def offer_map(request):
    """The markers of the map of "Mes offres": the same search as the list (the same filters, the same order), at
    most LOGIS_MAP_MAX_MARKERS of them in one answer of bounded size, optionally within the part of the map shown
    (`zone=west,south,east,north`). Past the limit, the answer says so: a search over the whole of France is
    never read whole."""
    demand = _demand_of(request.user)
    if demand is None:
        return JsonResponse({"error": "Importez d'abord votre demande de logement."}, status=404)
    origin = search_origin(demand)
    form = OfferFilterForm(request.GET, workplace_name=origin.name if origin else "")
    form.is_valid()
    search = OfferSearch(demand, form.to_filters())
    zone = Bounds.parse(request.GET.get("zone", ""))
    limit = settings.LOGIS_MAP_MAX_MARKERS
    rows = search.markers(limit + 1, within=zone)
    truncated = len(rows) > limit
    rows = rows[:limit]
    # One reverse() for every marker (five hundred of them cost milliseconds): the address with a placeholder.
    detail_url = reverse("offers:detail", args=[DETAIL_PLACEHOLDER]).replace(str(DETAIL_PLACEHOLDER), "{}")
    markers = [
        {
            "id": row["id"],
            "lat": round(row["lat"], 6),
            "lng": round(row["lng"], 6),
            "title": row["title"],
            "commune": row["commune__name"],
            "typology": row["typology"],
            "rent": f"{row['monthly_total']:.0f}",
            "url": detail_url.format(row["id"]),
        }
        for row in rows
    ]
    return JsonResponse(
        {
            "markers": markers,
            "truncated": truncated,
            "limit": limit,
            "message": _map_message(len(markers), limit, truncated, search.filters.sort, origin, zone),
            "origin": {"name": origin.name, "lat": origin.lat, "lng": origin.lng} if origin else None,
        }
    )


def _purchase_list(request, demand):
    """ "Mes offres", « Acheter »: the live homes to buy (PSLA, BRS, vente HLM), each with the buyer's verdict."""
    today = timezone.localdate()
    form = PurchaseFilterForm(request.GET)
    form.is_valid()  # invalid values are shown with their error and ignored by the search
    search = PurchaseSearch(demand, form.to_filters(), today=today)
    page = Paginator(search.results(), PURCHASE_PAGE_SIZE).get_page(request.GET.get("page"))
    offers = with_purchase_verdicts(page.object_list, demand, today=today, origin=search.origin)
    interested = interested_offer_ids(request.user, [offer.pk for offer in offers])
    for offer in offers:
        offer.interest_sent = offer.pk in interested
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "offers/list_buy.html",
        {
            "demand": demand,
            "form": form,
            "origin": search.origin,
            "page_obj": page,
            "offers": offers,
            "page_query": query.urlencode(),
            "suggested_communes": suggested_communes(),
            "eligible_only": search.filters.eligible_only,
        },
    )


@replica_reads
def offer_detail(request, pk):
    """One offer. Applicants see live offers only (others: 404); a landlord's agents also see their own."""
    offer = offer_for_page(request.user, pk)
    demand = demand_of(request.user)  # compiled once per process (with the employer joined: one more column set)
    origin = search_origin(demand) if demand else None
    distance_km = origin.distance_km(offer.lat, offer.lng) if origin else None
    context = {
        "offer": offer,
        "demand": demand,
        "origin": origin,
        "distance_km": distance_km,
        "verdict": None,
        "map": map_settings(),
    }
    if offer.is_for_sale:
        context.update(_purchase_context(request, offer, demand))
    elif demand:
        context["verdict"] = offer_verdict(demand, offer)
    return allow_map_tiles(render(request, "offers/detail.html", context))


def _purchase_context(request, offer, demand, form=None) -> dict:
    today = timezone.localdate()
    link = simulator_link(offer)
    interest = last_interest(request.user, offer)
    context = {
        "purchase": purchase_verdict(demand, offer, today=today) if demand else None,
        "simulator_url": f"{reverse('aids:plan')}?{link.query()}",
        "simulator": link,
        "interest": interest,
        "interest_open": interest is not None and interest.state == PurchaseInterest.State.SENT,
        "interest_form": form or PurchaseInterestForm(),
    }
    if demand and not context["interest_open"]:
        context["shared_lines"] = shared_lines(shared_information(demand, offer, today=today))
    return context


def purchase_interest(request, pk):
    """POST: send one's interest in a home to buy to its seller (with the consent the form asks)."""
    offer = get_object_or_404(
        Offer.objects.live().to_buy().select_related("landlord", "commune").prefetch_related("photos"), pk=pk
    )
    if request.method != "POST":
        return redirect("offers:detail", pk=offer.pk)
    demand = _demand_of(request.user)
    form = PurchaseInterestForm(request.POST)
    if form.is_valid():
        try:
            sent = purchase_interest_send(
                offer=offer,
                demand=demand,
                message=form.cleaned_data["message"],
                consent=form.cleaned_data["consent"],
                by=request.user,
            )
        except PurchaseError as error:
            messages.error(request, error.message)
            return redirect("offers:detail", pk=offer.pk)
        if sent.created:
            messages.success(
                request,
                f"Votre intérêt pour « {offer.title} » est envoyé à {offer.landlord.name}, avec les informations "
                "que vous avez accepté de transmettre. Sa réponse s'affichera ici et vous sera envoyée par e-mail.",
            )
        else:
            messages.info(request, "Vous avez déjà dit votre intérêt pour ce logement : le vendeur l'a reçu.")
        return redirect("offers:detail", pk=offer.pk)
    # The form again, with what was typed and the error, on the offer's page.
    origin = search_origin(demand) if demand else None
    context = {
        "offer": offer,
        "demand": demand,
        "origin": origin,
        "distance_km": origin.distance_km(offer.lat, offer.lng) if origin else None,
        "verdict": None,
        "map": map_settings(),
        **_purchase_context(request, offer, demand, form),
    }
    return allow_map_tiles(render(request, "offers/detail.html", context, status=400))


def purchase_interest_withdraw_view(request, pk):
    interest = get_object_or_404(PurchaseInterest.objects.filter(applicant=request.user), pk=pk)
    if request.method == "POST":
        try:
            purchase_interest_withdraw(interest=interest, by=request.user)
        except PurchaseError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, "Votre intérêt est retiré : le vendeur en est informé sur sa page.")
        if request.POST.get("retour") == "interets":
            return redirect("offers:purchase_interests")
    return redirect("offers:detail", pk=interest.offer_id)


def purchase_interests(request):
    """« Mes intérêts d'achat »: the homes to buy the person said their interest in, newest first, with the state,
    the seller's answer and, while it waits, the way to withdraw it (docs/adr/0015)."""
    interests = PurchaseInterest.objects.filter(applicant=request.user).select_related(
        "offer__landlord", "offer__commune"
    )
    page = Paginator(interests.order_by("-created_at", "-pk"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "offers/purchase_interests.html",
        {
            "page": page,
            "open_count": interests.filter(state__in=[state.value for state in OPEN_STATES]).count(),
            "max_open": MAX_OPEN_INTERESTS,
        },
    )
