"""Factories of the CALEOL: sessions, agenda entries."""

import factory
from django.utils import timezone

from logis.commission.models import AgendaItem, AgendaOffer, CommissionSession
from tests.factories import ApplicationFactory, OfferFactory, OrganizationFactory


class CommissionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionSession

    landlord = factory.SubFactory(OrganizationFactory, landlord=True)
    held_at = factory.LazyFunction(timezone.now)
    place = "Siège du bailleur"
    created_at = factory.LazyFunction(timezone.now)


class AgendaOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaOffer

    session = factory.SubFactory(CommissionSessionFactory)
    offer = factory.SubFactory(OfferFactory, landlord=factory.SelfAttribute("..session.landlord"))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """A candidate on the agenda, in the state "in_commission"."""

    class Meta:
        model = AgendaItem

    agenda_offer = factory.SubFactory(AgendaOfferFactory)
    application = factory.SubFactory(
        ApplicationFactory, offer=factory.SelfAttribute("..agenda_offer.offer"), state="in_commission"
    )
