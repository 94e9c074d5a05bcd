"""Every change to reference data goes through an audited service (issue 13): the role that
owns it, a version check, and one audit row in the same transaction, for every kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from duban.audit.models import AuditEvent
from duban.core.models import StaleVersionError
from duban.orgs.choices import UnitKind
from duban.orgs.models import Unit
from duban.refdata.kinds import KINDS
from duban.refdata.services import create_record, update_record
from duban.supervision.models import LightRule, TrajectoryCurve
from duban.targets.choices import MetricKind
from tests.support.factories import SYSTEM, Personas, make_category, make_leader, make_metric

UNITS = KINDS["units"]


class UnitServiceTests(Personas):
    def test_the_supervisor_creates_a_unit_with_its_audit_row(self) -> None:
        unit = create_record(
            UNITS,
            actor=self.supervisor,
            values={"code": "wenquan", "name": "温泉街道", "kind": UnitKind.STREET},
        )
        row = AuditEvent.objects.get(event="unit.created", object_id=str(unit.pk))
        self.assertEqual(row.actor_id, self.supervisor.pk)
        self.assertEqual(row.after["name"], "温泉街道")

    def test_an_edit_writes_before_and_after_and_bumps_the_version(self) -> None:
        unit = Unit.objects.get(pk=self.street.pk)
        update_record(
            UNITS,
            unit,
            actor=self.supervisor,
            expected_version=unit.version,
            changes={"kind": UnitKind.PARK},
        )
        unit.refresh_from_db()
        self.assertEqual((unit.kind, unit.version), (UnitKind.PARK, 2))
        row = AuditEvent.objects.get(event="unit.updated", object_id=str(unit.pk))
        self.assertEqual((row.before, row.after), ({"kind": "street"}, {"kind": "park"}))

    def test_a_save_based_on_a_replaced_version_is_refused_and_changes_nothing(self) -> None:
        stale = Unit.objects.get(pk=self.street.pk)
        fresh = Unit.objects.get(pk=self.street.pk)
        update_record(
            UNITS, fresh, actor=self.supervisor, expected_version=1, changes={"short_name": "甲"}
        )
        with self.assertRaises(StaleVersionError):
            update_record(
                UNITS, stale, actor=self.supervisor, expected_version=1, changes={"name": "乙"}
            )
        self.assertEqual(Unit.objects.get(pk=self.street.pk).name, "鼓东街道")
        self.assertEqual(AuditEvent.objects.filter(event="unit.updated").count(), 1)

    def test_an_untouched_save_writes_nothing(self) -> None:
        unit = Unit.objects.get(pk=self.street.pk)
        update_record(
            UNITS, unit, actor=self.supervisor, expected_version=1, changes={"name": unit.name}
        )
        self.assertEqual(Unit.objects.get(pk=unit.pk).version, 1)
        self.assertFalse(AuditEvent.objects.filter(event="unit.updated").exists())

    def test_other_roles_are_refused_for_every_kind(self) -> None:
        for kind in KINDS.values():
            for who in (self.reporter, self.reviewer, self.leader_user, self.sysadmin):
                if kind.key == "actuals" and who == self.reporter:
                    continue  # a unit enters its own actuals (below)
                with self.assertRaises(PermissionDenied, msg=(kind.key, who.role)):
                    create_record(kind, actor=who, values={})

    def test_a_system_job_may_act(self) -> None:
        leader = create_record(
            KINDS["leaders"], actor=SYSTEM, values={"name": "王五", "title": "副区长"}
        )
        row = AuditEvent.objects.get(event="leader.created")
        self.assertEqual((row.object_id, row.actor_id), (str(leader.pk), None))


class EveryKindTests(Personas):
    """Each kind is edited through the same service: version, audit row, refusal."""

    def test_each_kind_is_versioned_and_audited(self) -> None:
        category = make_category(name="服务业")
        metric = make_metric(kind=MetricKind.MANUAL, name="新增限上商贸业企业数")
        cases = {
            "leaders": (make_leader(), {"title": "区委常委"}, {"title": "副书记"}),
            "categories": (
                category,
                {"lead_department": self.lead_department},
                {"lead_department": self.development_office},
            ),
            "metrics": (metric, {"description": "口径（示例）"}, {"description": "另一口径"}),
        }
        for key, (obj, changes, later) in cases.items():
            kind = KINDS[key]
            stored = kind.model._default_manager.get(pk=obj.pk)
            update_record(kind, stored, actor=self.supervisor, expected_version=1, changes=changes)
            self.assertEqual(kind.model._default_manager.get(pk=obj.pk).version, 2, key)
            self.assertTrue(
                AuditEvent.objects.filter(event=kind.updated_event, object_id=str(obj.pk)).exists(),
                key,
            )
            with self.assertRaises(StaleVersionError, msg=key):
                update_record(
                    kind, stored, actor=self.supervisor, expected_version=1, changes=later
                )

    def test_a_manual_actual_is_entered_with_who_entered_it(self) -> None:
        metric = make_metric(kind=MetricKind.MANUAL, name="国家高新技术企业净增数")
        entry = create_record(
            KINDS["actuals"],
            actor=self.supervisor,
            values={"metric": metric, "unit": self.street, "year": 2021, "month": 8,
                    "value": Decimal(12)},
        )  # fmt: skip
        self.assertEqual(entry.entered_by, self.supervisor)  # type: ignore[attr-defined]
        self.assertTrue(AuditEvent.objects.filter(event="target.actual_entered").exists())

    def test_a_unit_enters_its_own_actuals_and_no_other_units(self) -> None:
        metric = make_metric(kind=MetricKind.MANUAL, name="新增规上服务业企业数（示例）")
        kind = KINDS["actuals"]
        values = {"metric": metric, "year": 2021, "month": 8, "value": Decimal(2)}
        own = create_record(kind, actor=self.reporter, values={**values, "unit": self.street})
        self.assertEqual(own.entered_by, self.reporter)  # type: ignore[attr-defined]
        with self.assertRaises(PermissionDenied):
            create_record(kind, actor=self.reporter, values={**values, "unit": self.other_street})
        other = create_record(
            kind, actor=self.supervisor, values={**values, "unit": self.other_street}
        )
        with self.assertRaises(PermissionDenied):
            update_record(
                kind, other, actor=self.reporter, expected_version=1,
                changes={"value": Decimal(9)},
            )  # fmt: skip
        stored = kind.model._default_manager.get(pk=own.pk)
        with self.assertRaises(PermissionDenied):  # nor moved to another unit
            update_record(
                kind, stored, actor=self.reporter, expected_version=1,
                changes={"unit": self.other_street},
            )  # fmt: skip

    def test_only_manual_metrics_take_typed_actuals(self) -> None:
        computed = make_metric(kind=MetricKind.NEW_STARTS, name="新开工项目数（示例）")
        with self.assertRaises(ValidationError):
            create_record(
                KINDS["actuals"],
                actor=self.supervisor,
                values={"metric": computed, "unit": self.street, "year": 2021, "month": 8,
                        "value": Decimal(3)},
            )  # fmt: skip


@override_settings(DUBAN_TODAY="2021-06-15")
@time_machine.travel("2021-06-15 09:00 +0800", tick=False)
class LightRuleTests(Personas):
    """A rule in force explains the lights judged by it: its thresholds never change."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.rule = LightRule.objects.create(
            effective_from=dt.date(2021, 1, 1),
            yellow_gap_pp=Decimal(10),
            red_gap_pp=Decimal(20),
            node_overdue_yellow_days=7,
            node_overdue_red_days=30,
            forecast_yellow_ratio=Decimal(90),
        )

    def _values(self, **kw: object) -> dict[str, object]:
        values: dict[str, object] = {
            "effective_from": dt.date(2021, 7, 1), "yellow_gap_pp": Decimal(8),
            "red_gap_pp": Decimal(15), "node_overdue_yellow_days": 7,
            "node_overdue_red_days": 30, "forecast_yellow_ratio": Decimal(90),
            "forecast_from_month": 3, "curve": None, "note": "",
        }  # fmt: skip
        values.update(kw)
        return values

    def test_a_rule_in_force_keeps_its_thresholds(self) -> None:
        rule = LightRule.objects.get(pk=self.rule.pk)
        with self.assertRaises(ValidationError):
            update_record(
                KINDS["light-rules"], rule, actor=self.supervisor, expected_version=1,
                changes={"yellow_gap_pp": Decimal(5)},
            )  # fmt: skip
        self.assertEqual(LightRule.objects.get(pk=self.rule.pk).yellow_gap_pp, Decimal(10))

    def test_only_the_note_of_a_rule_in_force_may_be_corrected(self) -> None:
        rule = LightRule.objects.get(pk=self.rule.pk)
        update_record(
            KINDS["light-rules"], rule, actor=self.supervisor, expected_version=1,
            changes={"note": "2021年版"},
        )  # fmt: skip
        self.assertEqual(LightRule.objects.get(pk=self.rule.pk).note, "2021年版")

    def test_a_new_rule_applies_from_a_later_date_only(self) -> None:
        kind = KINDS["light-rules"]
        with self.assertRaises(ValidationError):
            create_record(
                kind, actor=self.supervisor,
                values=self._values(effective_from=dt.date(2021, 6, 1)),
            )  # fmt: skip
        rule = create_record(kind, actor=self.supervisor, values=self._values())
        row = AuditEvent.objects.get(event="light_rule.created")
        self.assertEqual(row.after["effective_from"], "2021-07-01")
        self.assertEqual(rule.pk, int(row.object_id))

    def test_a_curve_must_be_twelve_growing_shares_ending_at_100(self) -> None:
        kind = KINDS["curves"]
        for shares in ([10] * 12, [*range(0, 110, 10)], [50, 40, *[100] * 10]):
            with self.assertRaises(ValidationError, msg=shares):
                create_record(
                    kind, actor=self.supervisor,
                    values={"code": "bad", "name": "坏曲线", "shares": shares},
                )  # fmt: skip
        good = [5, 12, 25, 33, 41, 50, 58, 66, 75, 83, 91, 100]
        curve = create_record(
            kind, actor=self.supervisor, values={"code": "front", "name": "前高", "shares": good}
        )
        stored = TrajectoryCurve.objects.get(pk=curve.pk)
        update_record(
            kind, stored, actor=self.supervisor, expected_version=1,
            changes={"shares": [*good[:11], 100]},
        )  # fmt: skip
        self.assertFalse(AuditEvent.objects.filter(event="curve.updated").exists())
        update_record(
            kind, stored, actor=self.supervisor, expected_version=1,
            changes={"shares": [6, *good[1:]]},
        )  # fmt: skip
        row = AuditEvent.objects.get(event="curve.updated")
        self.assertTrue(row.before["shares"].startswith("[5, 12,"))


class ClaimRulesTests(Personas):
    """The claims app's rules (evidence per fact, the spot-check policy) are reference data
    too: created and edited through the same audited, versioned service."""

    def test_a_spot_check_policy_is_created_and_edited_with_its_audit_rows(self) -> None:
        kind = KINDS["spotcheck-policies"]
        policy = create_record(
            kind, actor=self.supervisor, values={"name": "每月抽查（示例）", "sample_size": 5}
        )
        stored = kind.model._default_manager.get(pk=policy.pk)
        update_record(
            kind, stored, actor=self.supervisor, expected_version=1, changes={"sample_size": 8}
        )
        events = list(
            AuditEvent.objects.filter(object_id=str(policy.pk), event__startswith="spotcheck")
            .order_by("id")
            .values_list("event", "after")
        )
        self.assertEqual(
            events,
            [
                ("spotcheck_policy.created", events[0][1]),
                ("spotcheck_policy.updated", {"sample_size": 8}),
            ],
        )
        with self.assertRaises(StaleVersionError):
            update_record(
                kind, stored, actor=self.supervisor, expected_version=1, changes={"sample_size": 3}
            )
        with self.assertRaises(PermissionDenied):
            create_record(kind, actor=self.reviewer, values={"name": "x", "sample_size": 1})
