"""Regulatory rules of access to social and intermediate rental housing, as pure Python.

Standard library only: no
Django, no settings, no clock (`today` is always a parameter), no database. Reference tables (income ceilings,
zones, parameters) are read from the dated files of `logis/rules/data/`, each citing its legal source.

Modules:
- `household`: household category (1 to 6 + extra persons) and intermediate-housing household line.
- `zones`: social-housing zone (Paris et communes limitrophes / Île-de-France / autres) and ABC zone.
- `ceilings`: income-ceiling tables by year and the ceiling of a programme, zone and category.
- `income`: reference income (revenus fiscaux de référence N-2, or N-1 when lower by at least 10 %).
- `platform`: eligibility to the platform itself (residence, employer, agreement, numéro unique).
- `offer`: eligibility of a household to one offer (ceiling, typology, ability to pay, accessibility).
- `typology`: the platform's table of typologies suited to each household size (policy, not law).
- `tables`: `RuleTables`, every reference table in force on a given day, loaded once.
- `verdict`: `Verdict` and `Check`, the self-explaining result of every check.
- `formatting`: French number formatting (« 48 362 € », « 33,0 % »).
"""
