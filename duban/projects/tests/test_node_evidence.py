"""Evidence of a node (duban.files) is visible exactly where the node's project is."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from duban.files.models import Attachment
from duban.files.services import attach
from duban.orgs.models import Unit
from duban.projects.models import ProjectNode
from tests.support.dispatch import PNG, TempMedia, upload
from tests.support.factories import Personas, make_project


class AttachmentVisibilityTests(TempMedia, Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        project = make_project(unit=cls.street)
        cls.node = ProjectNode.objects.create(
            project=project, year=2021, order=1, name="开工",
            original_planned_on=dt.date(2021, 5, 1), planned_on=dt.date(2021, 5, 1),
        )  # fmt: skip

    def test_a_nodes_file_is_served_to_whoever_may_see_the_project_and_404_to_others(
        self,
    ) -> None:
        (item,) = attach(self.node, [upload("开工照片.png", PNG)], actor=self.reporter)
        url = reverse("files:download", args=[item.pk])
        for user, status in (
            (self.reporter, 200), (self.supervisor, 200), (self.other_reporter, 404),
        ):  # fmt: skip
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status, user)

    def test_a_file_whose_owner_names_no_view_action_is_served_to_nobody(self) -> None:
        unit_type = ContentType.objects.get_for_model(Unit)
        item = Attachment.objects.create(
            owner_type=unit_type, owner_id=self.street.pk, original_name="x.png",
            stored_name="0" * 32 + ".png", kind="png", content_type="image/png", size=1,
            sha256="0" * 64,
        )  # fmt: skip
        self.client.force_login(self.supervisor)
        self.assertEqual(
            self.client.get(reverse("files:download", args=[item.pk])).status_code, 404
        )
