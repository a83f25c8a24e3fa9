"""Who read the person's sensitive data (« Mes données »): the access log about them, as « Qui a consulté mon
dossier » shows it. The log is kept its year after a deletion (security obligation), under no name."""

from logis.audit.models import SensitiveRead
from logis.core.personal_data import personal_data_section, rows


@personal_data_section(
    "audit",
    title="Qui a consulté vos données",
    order=90,
    kept=(
        "Le journal des consultations de vos données sensibles est conservé un an après chaque consultation "
        "(obligation de sécurité, recommandation de la CNIL), sans votre nom."
    ),
)
def read_data(user) -> dict:
    return {
        "Consultations": rows(
            SensitiveRead.objects.about(user),
            user=user,
            exclude=("subject_label", "path"),
        )
    }


@read_data.eraser
def anonymise_reads(user, *, now) -> None:
    SensitiveRead.objects.about(user).anonymise_subject()
