"""The moving checklist's rules: the notice by lease, the tasks that apply, their deadlines."""

import datetime as dt

from logis.rules.moving import Situation, checklist, notice

D = dt.date(2027, 3, 15)


def situation(**change):
    base = {
        "moving_date": D,
        "lease_kind": "empty",
        "zone_tendue": False,
        "social_attributed": False,
        "children": False,
        "car": False,
        "residence_permit": False,
    }
    return Situation(**{**base, **change})


def test_an_empty_lease_gives_three_months_of_notice_and_reduced_cases_one():
    assert notice(situation()).months == 3
    assert notice(situation()).send_before == dt.date(2026, 12, 15)
    assert notice(situation(lease_kind="furnished")).months == 1
    assert notice(situation(zone_tendue=True)).months == 1
    reduced = notice(situation(social_attributed=True))
    assert reduced.months == 1
    assert "logement social attribué" in reduced.reason
    assert notice(situation(lease_kind="none")) is None


def test_the_tasks_follow_the_situation_and_are_sorted_by_deadline():
    _, tasks = checklist(situation())
    codes = [task.code for task in tasks]
    assert "notice" in codes
    assert "school" not in codes
    assert "car_registration" not in codes
    assert [task.due_on for task in tasks] == sorted(task.due_on for task in tasks)
    _, with_everything = checklist(situation(children=True, car=True, residence_permit=True))
    by_code = {task.code: task for task in with_everything}
    assert by_code["car_registration"].due_on == D + dt.timedelta(days=30)
    assert by_code["residence_permit"].due_on == D + dt.timedelta(days=90)
    assert by_code["loca_pass"].due_on == D + dt.timedelta(days=60)
    assert by_code["organisations"].due_on == D - dt.timedelta(days=60)
    _, hosted = checklist(situation(lease_kind="none"))
    assert {"notice", "inventory", "deposit_back"}.isdisjoint(task.code for task in hosted)
