"""The pieces of the person's file (« Mes données »): what was deposited and when. The files themselves are
downloaded from « Mon dossier »; on deletion they are erased from the storage with their rows."""

from logis.core.personal_data import personal_data_section, rows
from logis.documents.models import Piece, PieceVersion


@personal_data_section(
    "documents",
    title="Les pièces de votre dossier",
    order=40,
    erased="Vos pièces (pièce d'identité, avis d'imposition, bulletins de salaire…) et leurs fichiers sont effacés.",
)
def document_data(user) -> dict:
    return {
        "Pièces": rows(Piece.objects.filter(demand__owner=user), user=user),
        "Versions déposées": rows(PieceVersion.objects.filter(piece__demand__owner=user), user=user),
    }


@document_data.eraser
def erase_documents(user, *, now) -> None:
    # Each PieceFile deleted erases its file after commit (logis.documents.services.erase_file_after_delete).
    Piece.objects.filter(demand__owner=user).delete()
