"""The demo district: what `duban load_demo` builds, app by app.

Each app that contributes demo data has a `demo.py` with `load(ctx: DemoContext)`; the list
below is the order of dependence (an app's demo reads what the apps before it created).
Everything is derived from one seeded random generator, so the demo is the same on every
machine.
"""

from __future__ import annotations

from collections.abc import Callable

from duban.accounts import demo as accounts_demo
from duban.agreements import demo as agreements_demo
from duban.assessment import demo as assessment_demo
from duban.claims import demo as claims_demo
from duban.core.demo import DemoContext
from duban.documents import demo as documents_demo
from duban.meetings import demo as meetings_demo
from duban.orgs import demo as orgs_demo
from duban.people import demo as people_demo
from duban.problems import demo as problems_demo
from duban.projects import demo as projects_demo
from duban.reports import demo as reports_demo
from duban.supervision import demo as supervision_demo
from duban.targets import demo as targets_demo
from duban.targets import demo_programmes
from duban.tasks import demo as tasks_demo
from duban.transfer import demo as transfer_demo
from duban.workdays import demo as workdays_demo

LOADERS: list[Callable[[DemoContext], None]] = [
    workdays_demo.load,
    orgs_demo.load,
    accounts_demo.load,
    documents_demo.load,
    projects_demo.load,
    claims_demo.load,
    targets_demo.load,
    demo_programmes.load,
    reports_demo.load,
    tasks_demo.load,
    transfer_demo.load,  # the sample rectification ledger, imported (needs tasks' units)
    supervision_demo.load,
    problems_demo.load,
    people_demo.load,  # needs the enterprises
    assessment_demo.load,
    meetings_demo.load,
    agreements_demo.load,
]


def load(ctx: DemoContext | None = None) -> DemoContext:
    ctx = ctx or DemoContext()
    for load_app in LOADERS:
        load_app(ctx)
    return ctx
