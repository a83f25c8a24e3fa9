"""French wording helpers (pure): a count with its noun in the right number, not « 1 personne(s) »."""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`plural(1, "pièce principale")` → « 1 pièce principale »; `plural(3, "pièce principale", "pièces
    principales")` → « 3 pièces principales ». French puts 0 and 1 in the singular. Without `plural_form`, each
    word takes an s (fine for « candidat présenté », not for « travail »)."""
    if abs(count) < 2:
        return f"{count} {singular}"
    return f"{count} {plural_form or ' '.join(word + 's' for word in singular.split(' '))}"
