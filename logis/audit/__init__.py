"""The audit of sensitive reads: every opening of a person's sensitive data writes one append-only row.

Call it from any view, export or API endpoint that shows sensitive data (income, household, disability, violence
criterion, identity documents, support cases)::

    from logis.audit.services import Purpose, record_read

    record_read(request, subject=demand.owner, what="Candidature n° 12", purpose=Purpose.INSTRUCTION,
                role=Role.LANDLORD_AGENT, organization=landlord, application=application)

and ``record_reads(request, subjects=[...], ...)`` for a list (one INSERT for the page). The person reads the rows
about them in « Qui a consulté mon dossier »; the Logis team searches them in the admin. See README (security).
"""
