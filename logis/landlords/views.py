"""The landlord's workspace: offers, applicants ranked by score, pre-selection, agenda of the CALEOL, visit, lease.

Every object is read through querysets scoped to the agent's landlords: another landlord's offer or applicant
is a 404.
"""

from functools import partial, wraps

from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from logis.applications import conditions
from logis.applications.services import application_transition
from logis.applications.workflow import (
    ACTIVE_STATES,
    HOLDS_THE_OFFER,
    STATE_LABELS,
    Role,
    State,
    TransitionNotAllowed,
    available,
)
from logis.audit.services import Purpose, record_read, record_reads
from logis.commission.models import CommissionSession
from logis.commission.services import CommissionError, agenda_add, agenda_withdraw
from logis.documents.tenant_file import shared_with
from logis.documents.validation import UploadRefused
from logis.eligibility.services import offer_verdict
from logis.employers.models import Agreement
from logis.landlords.forms import (
    SALE_TYPE,
    AgendaForm,
    InterestAnswerForm,
    LeaseForm,
    LessorSignupForm,
    OfferActionForm,
    OfferForm,
    PrivateOfferForm,
    ProposeForm,
    ReasonForm,
    SaleOfferForm,
    VisitForm,
)
from logis.landlords.models import Visit
from logis.landlords.selectors import (
    RankingRows,
    agent_landlords,
    agent_scope,
    fill_details,
    offers_with_counts,
    scoped_applications,
    scoped_offers,
    workspace_applications,
    workspace_offers,
)
from logis.landlords.services import (
    SignupRefused,
    WorkspaceError,
    home_propose,
    lease_sign,
    lessor_register,
    lessor_signup_for_an_existing_account,
    offer_create,
    offer_set_status,
    offer_update,
)
from logis.landlords.services import visit_schedule as visit_schedule_service
from logis.offers.models import Offer
from logis.offers.services import PurchaseError, purchase_interest_answer, shared_lines
from logis.photos.forms import PhotoDescribeForm, PhotoUploadForm
from logis.photos.images import MAX_PHOTO_BYTES
from logis.photos.models import MAX_PHOTOS_PER_OFFER, OfferPhoto
from logis.photos.services import (
    PhotoError,
    photo_add,
    photo_describe,
    photo_move,
    photo_remove,
    photo_set_cover,
)
from logis.scoring.services import score_application

PAGE_SIZE = 25
# Actions of the table the agent takes with one button (those needing a reason ask for it).
SIMPLE_ACTIONS = ("validate", "lift_condition", "make_offer", "unschedule")
REASON_ACTIONS = ("set_aside", "condition_unmet")


def agent_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not agent_scope(request).landlord_ids:
            raise PermissionDenied("Cet espace est réservé aux chargés de clientèle des bailleurs.")
        return view(request, *args, **kwargs)

    return wrapper


def _send_confirmation(request, address) -> None:
    """allauth's confirmation e-mail (as for an applicant's sign-up), in allauth's request context."""
    with allauth_context.request_context(request):
        address.send_confirmation(request, signup=True)


@login_not_required
def signup(request):
    """An estate agency or a private owner signs up (issue #19). An address that already has an account gets the
    same page as a new one (no enumeration): nothing is created, and its owner is told by e-mail."""
    if request.user.is_authenticated:
        return redirect("home:dashboard")
    form = LessorSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = lessor_register(**data)
        except SignupRefused as error:
            if error.code != "email_taken":
                form.add_error("siren" if error.code == "siren_taken" else "kind", error.message)
            else:
                lessor_signup_for_an_existing_account(email=data["email"], kind=data["kind"])
                return render(
                    request,
                    "landlords/signup_done.html",
                    {"agency": data["kind"] == "agency", "email": data["email"].strip().lower()},
                )
        else:
            address = EmailAddress.objects.get(user=membership.user, email=membership.user.email)
            transaction.on_commit(partial(_send_confirmation, request, address))
            return render(
                request,
                "landlords/signup_done.html",
                {"agency": membership.organization.kind == "agency", "email": membership.user.email},
            )
    return render(request, "landlords/signup.html", {"form": form})


@agent_required
def dashboard(request):
    status = request.GET.get("statut", "")
    if status not in Offer.Status.values:
        status = ""
    page = Paginator(offers_with_counts(request.user, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    sessions = (
        CommissionSession.objects.filter(landlord__in=agent_landlords(request.user), closed_at__isnull=True)
        .select_related("landlord")
        .order_by("held_at")[:5]
    )
    return render(
        request,
        "landlords/dashboard.html",
        {
            "page": page,
            "status": status,
            "statuses": Offer.Status.choices,
            "sessions": sessions,
        },
    )


def _landlord_for_new_offer(request):
    landlords = list(agent_landlords(request.user))
    chosen = request.GET.get("bailleur") or request.POST.get("bailleur")
    for landlord in landlords:
        if str(landlord.pk) == chosen:
            return landlord, landlords
    return landlords[0], landlords


def _offer_form(landlord, data=None, *, for_sale: bool = False, **kwargs):
    """A social landlord's offer form (to rent or to buy), or a private letting's for an estate agency or a private
    owner."""
    if landlord.lets_privately:
        return PrivateOfferForm(data, lessor_kind=landlord.kind, **kwargs)
    return (SaleOfferForm if for_sale else OfferForm)(data, **kwargs)


@agent_required
def offer_create_view(request):
    landlord, landlords = _landlord_for_new_offer(request)
    for_sale = (request.POST.get("type") or request.GET.get("type")) == SALE_TYPE
    form = _offer_form(landlord, request.POST or None, for_sale=for_sale)
    if request.method == "POST" and form.is_valid():
        try:
            offer = offer_create(landlord=landlord, data=form.cleaned_data, by=request.user)
        except WorkspaceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Brouillon enregistré. Vérifiez l'aperçu, puis publiez l'offre.")
            return redirect("landlords:offer_preview", pk=offer.pk)
    return render(
        request,
        "landlords/offer_form.html",
        {"form": form, "offer": None, "landlord": landlord, "landlords": landlords, "for_sale": for_sale},
    )


@agent_required
def offer_edit(request, pk):
    offer = get_object_or_404(workspace_offers(request.user), pk=pk)
    if offer.status == Offer.Status.CLOSED:
        messages.info(request, "Cette offre est clôturée : elle ne se modifie plus.")
        return redirect("landlords:offer_preview", pk=offer.pk)
    form = _offer_form(offer.landlord, request.POST or None, instance=offer, for_sale=offer.is_for_sale)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if offer.is_private:
            data["financing"] = form.cleaned_data["financing"]
        data["reference"] = data["reference"] or offer.reference
        try:
            offer_update(offer=offer, data=data, by=request.user)
        except WorkspaceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Modifications enregistrées. Voici l'offre telle que les demandeurs la verront.")
            return redirect("landlords:offer_preview", pk=offer.pk)
    return render(
        request,
        "landlords/offer_form.html",
        {"form": form, "offer": offer, "landlord": offer.landlord, "landlords": [], "for_sale": offer.is_for_sale},
    )


@agent_required
def offer_preview(request, pk):
    offer = get_object_or_404(
        workspace_offers(request.user).select_related("landlord").prefetch_related("photos"), pk=pk
    )
    return render(request, "landlords/offer_preview.html", {"offer": offer})


def _photos_page(request, offer, *, upload_form=None, describe_forms=None, status=200):
    photos = list(offer.photos.all())
    describe_forms = describe_forms or {}
    for photo in photos:
        photo.describe_form = describe_forms.get(photo.pk) or PhotoDescribeForm(
            prefix=f"photo-{photo.pk}", initial={"alt_text": photo.alt_text}
        )
    return render(
        request,
        "landlords/offer_photos.html",
        {
            "offer": offer,
            "photos": photos,
            "upload_form": upload_form or PhotoUploadForm(),
            "max_photos": MAX_PHOTOS_PER_OFFER,
            "can_add": len(photos) < MAX_PHOTOS_PER_OFFER and offer.status != Offer.Status.CLOSED,
        },
        status=status,
    )


@agent_required
def offer_photos(request, pk):
    """The photos of an offer: add one (with its alternative text), describe, order, choose the cover, remove."""
    offer = get_object_or_404(workspace_offers(request.user), pk=pk)
    if request.method != "POST":
        return _photos_page(request, offer)
    form = PhotoUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            if upload.size > MAX_PHOTO_BYTES:  # refused before it is read into memory
                raise UploadRefused(
                    f"La photo dépasse {MAX_PHOTO_BYTES // (1024 * 1024)} Mo. Réduisez sa taille avant de l'envoyer."
                )
            _photo, added = photo_add(
                offer=offer,
                data=upload.read(),
                name=upload.name,
                alt_text=form.cleaned_data["alt_text"],
                by=request.user,
            )
        except (PhotoError, UploadRefused) as error:
            form.add_error("photo", error.message)
        else:
            messages.success(request, "Photo ajoutée." if added else "Cette photo figure déjà dans l'offre.")
            return redirect("landlords:offer_photos", pk=offer.pk)
    return _photos_page(request, offer, upload_form=form, status=400)


PHOTO_ACTIONS = {
    "monter": lambda photo, by: photo_move(photo=photo, step=-1, by=by),
    "descendre": lambda photo, by: photo_move(photo=photo, step=1, by=by),
    "couverture": lambda photo, by: photo_set_cover(photo=photo, by=by),
    "supprimer": lambda photo, by: photo_remove(photo=photo, by=by),
}
PHOTO_DONE = {
    "monter": "Photo avancée d'une place.",
    "descendre": "Photo reculée d'une place.",
    "couverture": "Photo de couverture choisie : elle illustre l'offre dans « Mes offres ».",
    "supprimer": "Photo retirée de l'offre.",
    "texte": "Texte alternatif enregistré.",
}


@agent_required
@require_POST
def offer_photo_act(request, pk, action):
    photo = get_object_or_404(
        OfferPhoto.objects.filter(offer__in=workspace_offers(request.user)).select_related("offer"), pk=pk
    )
    if action not in (*PHOTO_ACTIONS, "texte"):
        raise Http404
    try:
        if action == "texte":
            form = PhotoDescribeForm(request.POST, prefix=f"photo-{photo.pk}")
            if not form.is_valid():
                return _photos_page(request, photo.offer, describe_forms={photo.pk: form}, status=400)
            photo_describe(photo=photo, alt_text=form.cleaned_data["alt_text"], by=request.user)
        else:
            PHOTO_ACTIONS[action](photo, request.user)
    except PhotoError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, PHOTO_DONE[action])
    return redirect("landlords:offer_photos", pk=photo.offer_id)


@agent_required
@require_POST
def offer_status(request, pk):
    offer = get_object_or_404(workspace_offers(request.user), pk=pk)
    form = OfferActionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        offer = offer_set_status(offer=offer, action=form.cleaned_data["action"], by=request.user)
    except WorkspaceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"L'offre « {offer.title} » est maintenant {offer.get_status_display().lower()}.")
    return redirect("landlords:offer_preview", pk=offer.pk)


def _agenda_form(request, offer, data=None):
    sessions = CommissionSession.objects.filter(landlord=offer.landlord, closed_at__isnull=True).order_by("held_at")
    applications = (
        workspace_applications(request.user)
        .filter(offer=offer, state=State.VALIDATED.value)
        .order_by("created_at", "id")
    )
    return AgendaForm(data, sessions=sessions, applications=applications, prefix="agenda")


@agent_required
def offer_applicants(request, pk):
    scope = agent_scope(request)
    # An estate agency waiting for an advisor's check sees no applicant (issue #19).
    open_sessions = CommissionSession.objects.filter(landlord=OuterRef("landlord_id"), closed_at__isnull=True)
    offer = get_object_or_404(
        scoped_offers(scope)
        .filter(landlord_id__in=sorted(scope.verified_ids))
        .select_related("landlord")
        .annotate(has_sessions=Exists(open_sessions)),
        pk=pk,
    )
    if offer.is_private:
        return _private_applicants(request, offer)
    agenda_form = None
    if request.method == "POST":
        agenda_form = _agenda_form(request, offer, request.POST)
        if agenda_form.is_valid():
            try:
                entry = agenda_add(
                    session=agenda_form.cleaned_data["session"],
                    offer=offer,
                    applications=list(agenda_form.cleaned_data["applications"]),
                    fewer_reason=agenda_form.cleaned_data["fewer_reason"],
                    by=request.user,
                )
            except CommissionError as error:
                agenda_form.add_error(None, error.message)
            else:
                messages.success(request, f"Candidats inscrits à l'ordre du jour de la {entry.session}.")
                return redirect("landlords:offer_applicants", pk=offer.pk)
    elif offer.has_sessions:  # the form is shown only when a session is open
        agenda_form = _agenda_form(request, offer)
    step = request.GET.get("etape", "")
    if step not in {s.value for s in ACTIVE_STATES}:
        step = ""
    # Positions stay those of the whole ranking when a step is chosen.
    rows = RankingRows(offer, step=step)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = fill_details(list(page.object_list), offer)
    record_reads(
        request,
        subjects=[row.application.demand for row in shown],
        applications=[row.application for row in shown],
        what=lambda demand, application: (
            f"Classement de l'offre {offer.reference or offer.pk} : cotation, éligibilité et pièces de la candidature"
        ),
        purpose=Purpose.INSTRUCTION,
        role=Role.LANDLORD_AGENT,
        organization=offer.landlord,
    )
    return render(
        request,
        "landlords/applicants.html",
        {
            "offer": offer,
            "page": page,
            "agenda_form": agenda_form,
            "has_sessions": offer.has_sessions,
            "closed_count": rows.closed(),
            "step": step,
            "steps": [(s.value, STATE_LABELS[s]) for s in State if s in ACTIVE_STATES],
        },
    )


@agent_required
def application_detail(request, pk):
    application = get_object_or_404(workspace_applications(request.user), pk=pk)
    return _render_detail(request, application)


def _render_detail(
    request, application, *, bound: ReasonForm | None = None, lease: LeaseForm | None = None, status: int = 200
):
    """The file page; `bound`: a reason form sent with errors, `lease`: the lease form refused, each shown again
    with what was typed."""
    if application.channel == "private":
        return _render_private_detail(request, application, bound=bound, lease=lease, status=status)
    actions = {t.name for t in available(application.state, Role.LANDLORD_AGENT)}
    record_read(
        request,
        subject=application.demand,
        what=f"Candidature n° {application.pk} : revenus, ménage, critères de priorité, éligibilité"
        + (", situation particulière (ressources)" if application.demand.income_exception else ""),
        purpose=Purpose.INSTRUCTION,
        role=Role.LANDLORD_AGENT,
        organization=application.offer.landlord,
        application=application,
    )

    visit = Visit.objects.filter(application=application).first()

    def reason_form(name):
        return bound if bound is not None and bound.prefix == name else ReasonForm(transition=name)

    return render(
        request,
        "landlords/application.html",
        {
            "application": application,
            "verdict": offer_verdict(application.demand, application.offer),
            "score": score_application(application),
            "history": application.transitions.select_related("by").order_by("at", "id"),
            # Each action with what must still hold before it may happen (the employer's agreement to validate).
            "simple_actions": [
                (t, conditions.unmet(t.name, application))
                for t in available(application.state, Role.LANDLORD_AGENT)
                if t.name in SIMPLE_ACTIONS
            ],
            "agreement": Agreement.objects.filter(demand_id=application.demand_id).first(),
            "reason_actions": [
                (t, reason_form(t.name))
                for t in available(application.state, Role.LANDLORD_AGENT)
                if t.name in REASON_ACTIONS
            ],
            "visit_form": VisitForm(prefix="visit") if actions & {"schedule_visit", "reschedule_visit"} else None,
            "lease_form": (lease or LeaseForm(prefix="lease")) if "sign_lease" in actions else None,
            "visit": visit,
            "visit_to_come": visit is not None and visit.at > timezone.now(),
        },
        status=status,
    )


def _private_applicants(request, offer):
    """The candidates of a private letting, in the order they applied, with the tenant file each shared with this
    owner or agency (none of the social file: no cotation, no eligibility, no pieces)."""
    applications = list(
        workspace_applications(request.user)
        .filter(offer=offer, state__in=sorted(s.value for s in ACTIVE_STATES))
        .order_by("created_at", "id")
    )
    shares = shared_with(offer.landlord, now=timezone.now())
    rows = [(application, shares.get(application.demand_id)) for application in applications]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    closed_count = offer.applications.exclude(state__in=sorted(s.value for s in ACTIVE_STATES)).count()
    return render(
        request,
        "landlords/private_applicants.html",
        {"offer": offer, "page": page, "closed_count": closed_count},
    )


def _render_private_detail(request, application, *, bound=None, lease=None, propose_form=None, status: int = 200):
    """A candidate of a private letting: no cotation, no eligibility of the social stock, no pieces of the social
    file — only the tenant file the applicant shared with this owner or agency, if they did (issue #19)."""
    available_here = available(application.state, Role.LANDLORD_AGENT, application.channel)
    actions = {t.name for t in available_here}
    share = shared_with(application.offer.landlord, now=timezone.now()).get(application.demand_id)
    visit = Visit.objects.filter(application=application).first()
    holder = (
        application.offer.applications.filter(state__in=sorted(s.value for s in HOLDS_THE_OFFER))
        .exclude(pk=application.pk)
        .first()
    )
    return render(
        request,
        "landlords/private_application.html",
        {
            "application": application,
            "share": share,
            "holder": holder,
            "history": application.transitions.select_related("by").order_by("at", "id"),
            "propose_form": (propose_form or ProposeForm(prefix="propose")) if "propose" in actions else None,
            "set_aside_form": (bound or ReasonForm(transition="set_aside")) if "set_aside" in actions else None,
            "visit_form": VisitForm(prefix="visit") if actions & {"schedule_visit", "reschedule_visit"} else None,
            "lease_form": (lease or LeaseForm(prefix="lease")) if "sign_lease" in actions else None,
            "visit": visit,
            "visit_to_come": visit is not None and visit.at > timezone.now(),
        },
        status=status,
    )


@agent_required
@require_POST
def application_propose(request, pk):
    """A private letting: the owner or the agency proposes the home to this candidate, with the delay to answer."""
    application = get_object_or_404(workspace_applications(request.user).filter(channel="private"), pk=pk)
    form = ProposeForm(request.POST, prefix="propose")
    if not form.is_valid():
        return _render_private_detail(request, application, propose_form=form, status=400)
    try:
        home_propose(application=application, answer_days=form.cleaned_data["days"], by=request.user)
    except (WorkspaceError, TransitionNotAllowed) as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Logement proposé à {application.demand.owner.get_full_name()} : réponse attendue au plus tard le "
            f"{application.answer_deadline:%d/%m/%Y}. Le candidat est prévenu par e-mail.",
        )
    return redirect("landlords:application", pk=application.pk)


@agent_required
@require_POST
def application_act(request, pk, action):
    # The scope only (the agent's landlords as read by agent_required): application_transition reads the row again,
    # locked, with what its effects need, and checks the role from the same memberships; the page shown again after
    # an invalid reason reads the rest.
    application = get_object_or_404(scoped_applications(agent_scope(request)), pk=pk)
    if action not in SIMPLE_ACTIONS + REASON_ACTIONS:
        raise Http404
    comment = category = ""
    if action in REASON_ACTIONS:
        form = ReasonForm(request.POST, transition=action)
        if not form.is_valid():
            messages.error(request, "Indiquez la catégorie du motif et la raison : le demandeur les reçoit.")
            application = workspace_applications(request.user).get(pk=application.pk)
            return _render_detail(request, application, bound=form, status=400)
        comment, category = form.cleaned_data["comment"], form.cleaned_data["category"]
    try:
        if action == "unschedule":  # the agenda loses the file too
            agenda_withdraw(application=application, by=request.user)
        else:
            application_transition(
                application=application,
                name=action,
                by=request.user,
                role=Role.LANDLORD_AGENT,
                comment=comment,
                reason_category=category,
            )
    except TransitionNotAllowed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Candidature n° {application.pk} : {application.state_label.lower()}.")
    next_url = request.POST.get("next")
    if next_url == "applicants":
        return redirect("landlords:offer_applicants", pk=application.offer_id)
    return redirect("landlords:application", pk=application.pk)


@agent_required
@require_POST
def visit_schedule(request, pk):
    application = get_object_or_404(workspace_applications(request.user), pk=pk)
    form = VisitForm(request.POST, prefix="visit")
    if form.is_valid():
        try:
            visit_schedule_service(
                application=application,
                at=form.cleaned_data["at"],
                meeting_point=form.cleaned_data["meeting_point"],
                by=request.user,
            )
        except (WorkspaceError, TransitionNotAllowed) as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Visite programmée : le demandeur est prévenu par e-mail.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("landlords:application", pk=application.pk)


@agent_required
@require_POST
def lease_record(request, pk):
    application = get_object_or_404(workspace_applications(request.user), pk=pk)
    form = LeaseForm(request.POST, prefix="lease")
    if form.is_valid():
        try:
            lease_sign(application=application, signed_on=form.cleaned_data["signed_on"], by=request.user)
        except (TransitionNotAllowed, WorkspaceError) as error:
            form.add_error("signed_on" if isinstance(error, WorkspaceError) else None, error.message)
        else:
            messages.success(
                request, "Bail enregistré : l'offre est clôturée et la demande radiée du registre pour attribution."
            )
            return redirect("landlords:application", pk=application.pk)
    messages.error(request, "Bail non enregistré. " + " ".join(e for errors in form.errors.values() for e in errors))
    return _render_detail(request, application, lease=form, status=400)


@agent_required
def offer_interests(request, pk):
    """The purchase interests sent for a home to buy of the agent's landlord, with what each person shared (their
    income: each read is recorded), and the answer to send (docs/adr/0015)."""
    offer = get_object_or_404(workspace_offers(request.user).to_buy().select_related("landlord"), pk=pk)
    if request.method == "POST":
        interest = get_object_or_404(offer.purchase_interests.all(), pk=request.POST.get("interet"))
        form = InterestAnswerForm(request.POST, prefix=f"interet-{interest.pk}")
        if form.is_valid():
            try:
                purchase_interest_answer(interest=interest, answer=form.cleaned_data["answer"], by=request.user)
            except PurchaseError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, "Réponse envoyée : la personne la lit sur la page du logement et par e-mail."
                )
                return redirect("landlords:offer_interests", pk=offer.pk)
        else:
            messages.error(request, "Écrivez votre réponse : elle est envoyée à la personne.")
    page = Paginator(
        offer.purchase_interests.select_related("applicant").order_by("created_at", "id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    interests = list(page.object_list)
    for interest in interests:
        interest.lines = shared_lines(interest.shared)
        interest.form = InterestAnswerForm(prefix=f"interet-{interest.pk}")
    record_reads(
        request,
        subjects=[interest.applicant for interest in interests],
        what=f"Intérêts pour le logement à acheter {offer.reference} : foyer, revenu fiscal de référence, verdict",
        purpose=Purpose.PURCHASE,
        role=Role.LANDLORD_AGENT,
        organization=offer.landlord,
    )
    return render(request, "landlords/offer_interests.html", {"offer": offer, "page": page, "interests": interests})
