"""Task milestones (任务节点) after assignment: the lead unit marks one done on a day no later
than today, once; the assigning office adds a step or moves a planned date with a reason the
trail keeps; every step checks the task's version and writes its audit row; nobody else can."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.tasks.models import Milestone, Task
from duban.tasks.tests.test_tasks import make_task
from tests.support.factories import Personas, day


@override_settings(DUBAN_TODAY="2021-10-08")
class MilestoneTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.task = make_task(
            lead_unit=cls.street,
            cooperating_units=[cls.other_street],
            milestones=[("完成方案设计", day("2021-05-31")), ("完成施工招标", day("2021-08-31"))],
        )
        cls.first = cls.task.milestones.get(name="完成方案设计")

    def post(self, **data: object) -> object:
        url = reverse("tasks:milestones", args=[self.task.pk])
        version = Task.objects.get(pk=self.task.pk).version
        return self.client.post(url, {"version": version, **data})

    def test_the_lead_unit_marks_a_milestone_done_once_and_the_trail_has_it(self) -> None:
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("tasks:detail", args=[self.task.pk]))
        self.assertContains(page, 'value="done"')
        self.assertNotContains(page, 'value="add"')  # adding is the office's
        self.post(step="done", milestone=self.first.pk, done_on="2021-06-02")
        assert Milestone.objects.get(pk=self.first.pk).done_on == day("2021-06-02")
        event = AuditEvent.objects.get(event="task.milestone_done")
        assert event.after == {"name": "完成方案设计", "done_on": "2021-06-02"}
        # A second save of the same step changes nothing.
        self.post(step="done", milestone=self.first.pk, done_on="2021-06-09")
        assert Milestone.objects.get(pk=self.first.pk).done_on == day("2021-06-02")
        assert AuditEvent.objects.filter(event="task.milestone_done").count() == 1

    def test_a_milestone_cannot_be_done_after_today_on_the_business_clock(self) -> None:
        self.client.force_login(self.reporter)
        self.post(step="done", milestone=self.first.pk, done_on="2021-10-09")
        assert Milestone.objects.get(pk=self.first.pk).done_on is None

    def test_a_cooperating_unit_or_another_unit_cannot_mark_it_done(self) -> None:
        for user in (self.other_reporter, self.outsider):
            self.client.force_login(user)
            response = self.post(step="done", milestone=self.first.pk, done_on="2021-06-02")
            assert response.status_code == 404
        assert Milestone.objects.get(pk=self.first.pk).done_on is None
        assert not AuditEvent.objects.filter(event="task.milestone_done").exists()

    def test_the_office_adds_a_milestone_and_moves_a_date_with_a_reason(self) -> None:
        self.client.force_login(self.supervisor)
        self.post(step="add", name="完成竣工验收", due="2021-12-15")
        assert self.task.milestones.filter(name="完成竣工验收", due=day("2021-12-15")).exists()
        self.post(step="revise", milestone=self.first.pk, due="2021-06-30", reason="")
        assert Milestone.objects.get(pk=self.first.pk).due == day("2021-05-31")  # no reason
        self.post(step="revise", milestone=self.first.pk, due="2021-06-30", reason="设计变更")
        assert Milestone.objects.get(pk=self.first.pk).due == day("2021-06-30")
        event = AuditEvent.objects.get(event="task.milestone_revised")
        assert event.before == {"name": "完成方案设计", "due": "2021-05-31"}
        assert event.after == {"name": "完成方案设计", "due": "2021-06-30"}
        assert event.detail == {"reason": "设计变更"}
        assert AuditEvent.objects.filter(event="task.milestone_added").count() == 1

    def test_a_stale_page_is_refused(self) -> None:
        self.client.force_login(self.supervisor)
        stale = Task.objects.get(pk=self.task.pk).version
        self.post(step="add", name="完成竣工验收", due="2021-12-15")
        self.client.post(
            reverse("tasks:milestones", args=[self.task.pk]),
            {"version": stale, "step": "add", "name": "重复提交", "due": "2021-12-20"},
        )
        assert not self.task.milestones.filter(name="重复提交").exists()

    def test_a_unit_cannot_add_or_move_milestones(self) -> None:
        self.client.force_login(self.reporter)
        self.post(step="add", name="自行增加", due="2021-12-15")
        self.post(step="revise", milestone=self.first.pk, due="2021-12-30", reason="想推迟")
        assert not self.task.milestones.filter(name="自行增加").exists()
        assert Milestone.objects.get(pk=self.first.pk).due == day("2021-05-31")
