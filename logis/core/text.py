"""French wording helpers (pure): a count with its noun in the right number, not « 1 personne(s) »."""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`plural(1, "pièce principale")` → « 1 pièce principale »; `plural(3, "pièce principale", "pièces
    principales")` → « 3 pièces principales ». French puts 0 and 1 in the singular. Without `plural_form`, each
    word takes an s (fine for « candidat présenté », not for « travail »)."""
    if abs(count) < 2:
        return f"{count} {singular}"
    return f"{count} {plural_form or ' '.join(word + 's' for word in singular.split(' '))}"


def numero_unique(numero: str) -> str:
    """The numéro unique in its one written form, grouped as on the attestation: « 111 0318 016982 G1104 ».

    Typed forms (lower case, spaces, dots, dashes) are normalised first; a value that is not 18 characters long
    once normalised is returned normalised, ungrouped."""
    n = "".join(ch for ch in (numero or "") if ch not in " .-\t\n").upper()
    if len(n) != 18:
        return n
    return f"{n[:3]} {n[3:7]} {n[7:13]} {n[13:]}"
