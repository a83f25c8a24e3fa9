"""« Aides et prêts » (public): the catalogue with each aid's status, and the simulators (page, CSV, PDF).

Simulations are GET forms: nothing is stored, the address keeps what was typed, and a result can be shared.
"""

import csv
from decimal import Decimal
from urllib.parse import quote

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from logis.aids.forms import (
    CapacityForm,
    HousingBenefitForm,
    LoanForm,
    LocaPassForm,
    MobiliJeuneForm,
    PlanForm,
    VisaleForm,
)
from logis.aids.selectors import catalogue_entries, entry_for
from logis.documents.checklist import KIND_LABELS, Kind
from logis.geo.models import Commune
from logis.rules import loan as loan_rules
from logis.rules.formatting import euros_cents
from logis.rules.housing_benefit import NOT_COVERED
from logis.rules.loan import Insurance, LoanInputError, parse_decimal, parse_int

OFFICIAL_EXAMPLE = {
    "principal": "30000",
    "annual_rate_pct": "1",
    "months": "300",
    "insurance_basis": "initial",
    "insurance_rate_pct": "0,1668",
}
# Its address, built once (the template's loop through |urlencode wrote the same on every page).
OFFICIAL_EXAMPLE_QUERY = "&".join(f"{key}={quote(value, safe='/')}" for key, value in OFFICIAL_EXAMPLE.items())


def _bound(form_class, request, **kwargs):
    """A form bound to the query string when it has any of the form's fields, else unbound."""
    if any(name in request.GET for name in form_class.base_fields):
        return form_class(request.GET, **kwargs)
    return form_class(**kwargs)


@login_not_required
@require_GET
def catalogue(request):
    today = timezone.localdate()
    entries = catalogue_entries(today)
    context = {
        "open_entries": [entry for entry in entries if entry.status.status != "closed"],
        "closed_entries": [entry for entry in entries if entry.status.status == "closed"],
    }
    return render(request, "aids/catalogue.html", context)


@login_not_required
@require_GET
def aid_detail(request, code):
    entry = entry_for(code, timezone.localdate())
    if entry is None:
        raise Http404("Aide inconnue.")
    pieces = [KIND_LABELS[Kind(kind)] for kind in entry.aid.pieces]
    return render(request, "aids/detail.html", {"entry": entry, "aid": entry.aid, "pieces": pieces})


def _optional_decimal(form, name, label, unit="€"):
    value = form.cleaned_data.get(name)
    if not value:
        return Decimal(0)
    try:
        return parse_decimal(value, name, label, minimum=Decimal(0), maximum=Decimal(10_000_000), unit=unit)
    except LoanInputError as error:
        form.add_error(name, error.message)
        return None


def _table_rows(rows) -> str:
    """The amortisation table's rows as HTML, built once in Python (300 rows through template filters cost more
    than the whole simulation). Nothing to escape: a row is its number and amounts formatted by `euros` (digits,
    spaces, a comma, a minus, « € »), which format_html would escape cell by cell for nothing."""
    cell = '</td><td class="text-end">'
    cents = euros_cents
    return mark_safe(  # noqa: S308 - integers and euros_cents() figures only
        "\n".join(
            f'<tr><th scope="row">{int(label)}</th><td class="text-end">{cents(interest)}{cell}'
            f"{cents(capital)}{cell}{cents(insurance)}{cell}{cents(total)}{cell}{cents(remaining)}"
            "</td></tr>"
            for label, interest, capital, insurance, total, remaining in rows
        )
    )


def _yearly(schedule) -> list[tuple]:
    """The table by year of 12 months: (year, interest, capital, insurance, total, remaining), summed from the
    schedule's columns."""
    interests, capitals, insurances, totals, remainings = (
        schedule.column(name) for name in ("interest", "capital", "insurance", "total", "remaining")
    )
    last = len(remainings) - 1
    return [
        (
            start // 12 + 1,
            sum(interests[start : start + 12]),
            sum(capitals[start : start + 12]),
            sum(insurances[start : start + 12]),
            sum(totals[start : start + 12]),
            remainings[min(start + 11, last)],
        )
        for start in range(0, len(remainings), 12)
    ]


@login_not_required
@require_GET
def loan_simulator(request):
    form = _bound(LoanForm, request)
    context = {"form": form, "example_query": OFFICIAL_EXAMPLE_QUERY, "parameters": loan_rules.load_loan_parameters()}
    if form.is_bound and form.is_valid():
        result = form.result
        income = _optional_decimal(form, "monthly_income", "les revenus nets du foyer")
        existing = _optional_decimal(form, "existing_credits", "les crédits en cours")
        if form.errors:
            return render(request, "aids/loan.html", context, status=400)
        if income:
            context["debt"] = loan_rules.debt_ratio(
                monthly_income=income,
                existing_credits=existing,
                new_payment=max(result.schedule.column("total")),
                months=result.input.months,
                deferral_months=result.input.deferral_months,
            )
        export = request.GET.get("format")
        if export == "csv":
            return _schedule_csv(result)
        if export == "pdf":
            return _schedule_pdf(request, result)
        context["result"] = result
        context["full"] = full = request.GET.get("tableau") == "complet"
        if full:
            schedule = result.schedule
            names = ("month", "interest", "capital", "insurance", "total", "remaining")
            rows = zip(*(schedule.column(name) for name in names), strict=True)
        else:
            rows = _yearly(result.schedule)
        context["table_rows"] = _table_rows(rows)
        query = request.GET.copy()
        query.pop("format", None)
        query.pop("tableau", None)
        context["query"] = query.urlencode()
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "aids/loan.html", context, status=status)


def _euros_csv(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _schedule_csv(result) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tableau-amortissement.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "Mois",
            "Mensualité (€)",
            "Intérêts (€)",
            "Capital (€)",
            "Assurance (€)",
            "Total (€)",
            "Capital restant dû (€)",
        ]
    )
    for row in result.schedule:
        writer.writerow(
            [
                row.month,
                *(
                    _euros_csv(v)
                    for v in (row.payment, row.interest, row.capital, row.insurance, row.total, row.remaining)
                ),
            ]
        )
    writer.writerow([])
    writer.writerow(["Total des intérêts", _euros_csv(result.total_interest)])
    writer.writerow(["Total de l'assurance", _euros_csv(result.total_insurance)])
    writer.writerow(["Coût total du crédit", _euros_csv(result.total_cost)])
    writer.writerow(["TAEG (%)", _euros_csv(result.taeg_pct)])
    return response


def _schedule_pdf(request, result) -> HttpResponse:
    from weasyprint import HTML  # heavy import, only for the PDF

    html = render_to_string(
        "aids/loan_pdf.html",
        {"result": result, "parameters": loan_rules.load_loan_parameters(), "today": timezone.localdate()},
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="tableau-amortissement.pdf"'
    return response


def _insurance(form) -> Insurance | None:
    basis = form.cleaned_data.get("insurance_basis") or "initial"
    rate = form.cleaned_data.get("insurance_rate_pct")
    if not rate:
        return None
    value = parse_decimal(
        rate,
        "insurance_rate_pct",
        "le taux annuel de l'assurance",
        minimum=Decimal(0),
        maximum=loan_rules.MAX_INSURANCE_RATE_PCT,
        unit="%",
    )
    return Insurance(basis, value) if value else None


@login_not_required
@require_GET
def capacity_simulator(request):
    form = _bound(CapacityForm, request)
    context = {"form": form, "parameters": loan_rules.load_loan_parameters()}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            context["capacity"] = loan_rules.borrowing_capacity(
                monthly_income=parse_decimal(
                    data["monthly_income"],
                    "monthly_income",
                    "les revenus nets du foyer",
                    minimum=Decimal(1),
                    maximum=loan_rules.MAX_INCOME,
                    unit="€",
                ),
                existing_credits=parse_decimal(
                    data.get("existing_credits") or 0,
                    "existing_credits",
                    "les crédits en cours",
                    minimum=Decimal(0),
                    maximum=loan_rules.MAX_INCOME,
                    unit="€",
                ),
                annual_rate_pct=parse_decimal(
                    data["annual_rate_pct"],
                    "annual_rate_pct",
                    "le taux nominal annuel",
                    minimum=Decimal(0),
                    maximum=loan_rules.MAX_RATE_PCT,
                    unit="%",
                ),
                months=parse_int(
                    data["months"], "months", "la durée", minimum=12, maximum=loan_rules.MAX_MONTHS, unit="mois"
                ),
                insurance=_insurance(form),
            )
        except LoanInputError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, "aids/capacity.html", context, status=400 if form.errors else 200)


@login_not_required
@require_GET
def plan_simulator(request):
    form = _bound(PlanForm, request)
    context = {"form": form, "parameters": loan_rules.load_loan_parameters()}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            insurance = _insurance(form)
            accession = loan_rules.loan_input(
                {"principal": data["accession_principal"], "annual_rate_pct": "1", "months": data["accession_months"]}
            )
            part, notes = loan_rules.accession_input(accession.principal, accession.months, insurance)
            try:
                bank = loan_rules.loan_input(
                    {
                        "principal": data["bank_principal"],
                        "annual_rate_pct": data["bank_rate_pct"],
                        "months": data["bank_months"],
                    }
                )
            except LoanInputError as error:
                raise LoanInputError(
                    {"principal": "bank_principal", "annual_rate_pct": "bank_rate_pct", "months": "bank_months"}.get(
                        error.field, error.field
                    ),
                    error.message,
                ) from None
            bank = loan_rules.LoanInput(
                bank.principal, bank.annual_rate_pct, bank.months, insurance, label="Prêt bancaire"
            )
            plan = loan_rules.combined_plan([part, bank], notes)
            context["plan"] = plan
            income = _optional_decimal(form, "monthly_income", "les revenus nets du foyer")
            existing = _optional_decimal(form, "existing_credits", "les crédits en cours")
            if income:
                context["debt"] = loan_rules.debt_ratio(
                    monthly_income=income,
                    existing_credits=existing or 0,
                    new_payment=plan.max_monthly,
                    months=max(part.months, bank.months),
                )
        except LoanInputError as error:
            name = {"principal": "accession_principal", "months": "accession_months"}.get(error.field, error.field)
            form.add_error(name if name in form.fields else None, error.message)
            context.pop("plan", None)
    return render(request, "aids/plan.html", context, status=400 if form.errors else 200)


def resolve_commune(value: str) -> str:
    """An INSEE code from what the person typed: the code itself, or a commune's name (accents and case aside)."""
    text = value.strip()
    if not text or text[:2].isdigit() or text[:2].upper() in ("2A", "2B"):
        return text
    matches = list(Commune.objects.filter(name__iexact=text).order_by("-population")[:5])
    if not matches:
        raise ValidationError(
            f"Nous ne trouvons pas la commune « {text} » : vérifiez son orthographe ou tapez son code INSEE."
        )
    if len(matches) > 1 and matches[0].population == matches[1].population:
        listed = ", ".join(f"{c.name} ({c.departement}) : {c.insee}" for c in matches)
        raise ValidationError(f"Plusieurs communes portent ce nom ; tapez le code INSEE de la vôtre : {listed}.")
    return matches[0].insee


@login_not_required
@require_GET
def housing_benefit_simulator(request):
    initial = {"month": timezone.localdate().strftime("%Y-%m"), "housing": "private"}
    if any(name in request.GET for name in HousingBenefitForm.base_fields):
        form = HousingBenefitForm(request.GET, commune_resolver=resolve_commune)
    else:
        form = HousingBenefitForm(initial=initial, commune_resolver=resolve_commune)
    context = {"form": form, "not_covered": NOT_COVERED}
    if form.is_bound and form.is_valid():
        context["estimate"] = form.result
        context["commune"] = Commune.objects.filter(insee=form.result.input.commune).first()
    return render(request, "aids/housing_benefit.html", context, status=400 if form.errors else 200)


def _simple(template, form_class):
    @login_not_required
    @require_GET
    def view(request):
        form = _bound(form_class, request)
        context = {"form": form}
        if form.is_bound and form.is_valid():
            context["result"] = form.result
        return render(request, template, context, status=400 if form.errors else 200)

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


mobili_jeune_simulator = _simple("aids/mobili_jeune.html", MobiliJeuneForm)
loca_pass_simulator = _simple("aids/loca_pass.html", LocaPassForm)
visale_simulator = _simple("aids/visale.html", VisaleForm)
