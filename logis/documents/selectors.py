"""What other apps may ask of the applicant's file (interface; implemented by the documents app)."""


def pieces_for_application(application) -> list:
    """The pieces of the file visible for this application, with their status."""
    return []
