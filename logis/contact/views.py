"""The contact desk (/contact/): anyone writes to the team; the person follows the ticket by its secret link or
from « Mes messages »; the team's inbox (/contact/equipe/) is for the people of the operator only (404 otherwise).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from logis.audit.services import Purpose, Role, record_read
from logis.contact import services
from logis.contact.forms import AnswerForm, InboxFilterForm, ReplyForm, TicketForm
from logis.contact.models import Ticket, TicketMessage
from logis.contact.perms import is_desk_agent
from logis.documents.storage import document_storage

PAGE_SIZE = 25


def agent_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_desk_agent(request.user):
            raise Http404("Pas de boîte de l'équipe pour ce compte.")
        return view(request, *args, **kwargs)

    return wrapper


def _upload(form) -> services.Upload | None:
    upload = form.cleaned_data.get("attachment")
    if not upload:
        return None
    return services.Upload(name=upload.name, data=upload.read())


def _error_to_form(form, error: services.ContactError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_not_required
def new(request):
    user = request.user
    initial = {}
    if user.is_authenticated:
        initial = {"name": user.get_full_name(), "email": user.email}
    if request.GET.get("objet") in Ticket.Subject.values:
        initial["subject"] = request.GET["objet"]
    form = TicketForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_open(
                subject=data["subject"],
                name=data["name"],
                email=data["email"],
                body=data["body"],
                by=user,
                upload=_upload(form),
                key=data["key"],
            )
        except services.ContactError as error:
            _error_to_form(form, error)
        else:
            messages.success(
                request,
                f"Votre message est bien reçu : demande n° {ticket.number}. Nous vous avons envoyé par e-mail le "
                "lien de cette page pour suivre la réponse.",
            )
            return redirect(ticket.get_absolute_url())
    median = services.median_first_answer()
    return render(
        request,
        "contact/new.html",
        {
            "form": form,
            "median": services.duration_label(median) if median else "",
            "phone": settings.LOGIS_CONTACT_PHONE,
            "hours": settings.LOGIS_CONTACT_HOURS,
        },
    )


def mine(request):
    tickets = Ticket.objects.filter(user=request.user).order_by("-last_message_at")
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contact/mine.html", {"page": page})


def _thread(ticket):
    return ticket.messages.select_related("author").order_by("created_at", "pk")


@login_not_required
def ticket(request, token):
    """The person's view of their ticket, reached by its secret link (no account needed)."""
    ticket = get_object_or_404(Ticket, access_token=token)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ticket_reply_person(
                ticket=ticket,
                body=form.cleaned_data["body"],
                by=request.user,
                upload=_upload(form),
                key=form.cleaned_data["key"],
            )
        except services.ContactError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, "Votre réponse est envoyée à l'équipe.")
            return redirect(ticket.get_absolute_url())
    return render(
        request,
        "contact/ticket.html",
        {"ticket": ticket, "thread": _thread(ticket), "form": form},
        status=400 if form.errors else 200,
    )


def _attachment_response(message: TicketMessage):
    if not message.attachment_storage_name:
        raise Http404("Pas de pièce jointe.")
    handle = document_storage().open(message.attachment_storage_name, "rb")
    response = FileResponse(
        handle, content_type=message.attachment_type, as_attachment=True, filename=message.attachment_name
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
def attachment(request, token, pk):
    ticket = get_object_or_404(Ticket, access_token=token)
    return _attachment_response(get_object_or_404(TicketMessage, ticket=ticket, pk=pk))


# --- the team's inbox -------------------------------------------------------------------------------------------


@agent_required
def inbox(request):
    filters = InboxFilterForm(request.GET or None)
    view = filters.cleaned_data.get("view") if filters.is_valid() else ""
    view = view or "todo"
    tickets = Ticket.objects.select_related("assigned_to")
    if view == "todo":
        tickets = tickets.filter(status__in=[Ticket.Status.NEW, Ticket.Status.OPEN]).order_by("last_message_at")
    elif view == "mine":
        tickets = tickets.filter(assigned_to=request.user).exclude(status=Ticket.Status.CLOSED)
    elif view == "answered":
        tickets = tickets.filter(status=Ticket.Status.ANSWERED)
    else:
        tickets = tickets.filter(status=Ticket.Status.CLOSED)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    median = services.median_first_answer()
    return render(
        request,
        "contact/inbox.html",
        {
            "page": page,
            "view": view,
            "views": InboxFilterForm.VIEWS,
            "median": services.duration_label(median) if median else "",
        },
    )


@agent_required
def inbox_ticket(request, pk):
    ticket = get_object_or_404(Ticket.objects.select_related("assigned_to", "user"), pk=pk)
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ticket_answer(
                ticket=ticket,
                body=form.cleaned_data["body"],
                by=request.user,
                upload=_upload(form),
                close=form.cleaned_data["close"],
            )
        except services.ContactError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, "Réponse envoyée : la personne la reçoit par e-mail et sur son suivi.")
            return redirect("contact:inbox_ticket", ticket.pk)
    if ticket.user_id:
        record_read(
            request,
            subject=ticket.user,
            what=f"Demande de contact n° {ticket.number}",
            purpose=Purpose.SUPPORT,
            role=Role.STAFF,
            organization="Logis",
        )
    return render(
        request,
        "contact/inbox_ticket.html",
        {"ticket": ticket, "thread": _thread(ticket), "form": form},
        status=400 if form.errors else 200,
    )


@agent_required
@require_POST
def inbox_assign(request, pk):
    ticket = get_object_or_404(Ticket, pk=pk)
    to = request.user if request.POST.get("to") == "me" else None
    services.ticket_assign(ticket=ticket, to=to, by=request.user)
    messages.success(request, "Demande suivie par vous." if to else "Demande remise dans la file commune.")
    return redirect("contact:inbox_ticket", ticket.pk)


@agent_required
@require_POST
def inbox_close(request, pk):
    ticket = get_object_or_404(Ticket, pk=pk)
    services.ticket_close(ticket=ticket, by=request.user)
    messages.success(request, f"Demande n° {ticket.number} close : la personne en est informée.")
    return redirect("contact:inbox")


@agent_required
def inbox_attachment(request, pk, message_pk):
    ticket = get_object_or_404(Ticket, pk=pk)
    return _attachment_response(get_object_or_404(TicketMessage, ticket=ticket, pk=message_pk))
