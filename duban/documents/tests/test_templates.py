"""The wording templates: district defaults, saved by 发改局 only, versioned, audited, validated;
placeholders filled without str.format."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.core.models import StaleVersionError
from duban.documents.choices import DocumentKind
from duban.documents.models import WORDING_FIELDS, DocumentTemplate
from duban.documents.queries import wording_for
from duban.documents.services import save_template
from duban.documents.wording import fill, split_list, unknown_placeholders
from duban.orgs.models import District
from tests.support.factories import Personas


def values_of(kind: str, **changes: str) -> dict[str, str]:
    wording = wording_for(kind)
    return {**{name: getattr(wording, name) for name in WORDING_FIELDS}, **changes}


class TemplateCase(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        District.objects.create(name="鼓楼区", campaign_name="“抓项目促提升”专项行动")


class DefaultWordingTests(TemplateCase):
    def test_the_default_wording_is_the_districts_own(self) -> None:
        letter = wording_for(DocumentKind.LETTER)
        assert letter.version == 0
        assert letter.number(2021, 3) == "鼓楼督〔2021〕3号"
        bulletin = wording_for(DocumentKind.BULLETIN)
        assert bulletin.issuer_mark == "鼓楼区发展和改革局文件"
        assert bulletin.filled("title", {"period": "2021年第3季度"}) == (
            "关于2021年第3季度重点项目考评情况的通报"
        )

    def test_every_kind_has_a_default_that_passes_its_own_validation(self) -> None:
        for kind in DocumentKind.values:
            save_template(kind, actor=self.supervisor, expected_version=0, values=values_of(kind))
        assert DocumentTemplate.objects.count() == len(DocumentKind.values)


class SaveTemplateTests(TemplateCase):
    def test_the_first_save_is_version_one_with_one_audit_row_of_what_changed(self) -> None:
        row = save_template(
            DocumentKind.BULLETIN,
            actor=self.supervisor,
            expected_version=0,
            values=values_of(DocumentKind.BULLETIN, number_prefix="鼓发改"),
        )
        assert row.version == 1 and row.updated_by == self.supervisor
        events = AuditEvent.objects.filter(event="document_template.changed")
        assert events.count() == 1
        event = events.get()
        assert event.before == {"number_prefix": "鼓楼项目办"}
        assert event.after == {"number_prefix": "鼓发改"}
        assert wording_for(DocumentKind.BULLETIN).number(2021, 15) == "鼓发改〔2021〕15号"

    def test_a_save_based_on_an_older_version_is_refused_and_changes_nothing(self) -> None:
        kind = DocumentKind.LETTER
        save_template(kind, actor=self.supervisor, expected_version=0, values=values_of(kind))
        save_template(kind, actor=self.supervisor, expected_version=1,
                      values=values_of(kind, signature="鼓楼区发改局"))  # fmt: skip
        with self.assertRaises(StaleVersionError):
            save_template(kind, actor=self.supervisor, expected_version=1,
                          values=values_of(kind, signature="别的署名"))  # fmt: skip
        assert wording_for(kind).signature == "鼓楼区发改局"
        assert wording_for(kind).version == 2

    def test_two_first_saves_of_the_same_kind_cannot_both_win(self) -> None:
        kind = DocumentKind.MINUTES
        save_template(kind, actor=self.supervisor, expected_version=0, values=values_of(kind))
        with self.assertRaises(StaleVersionError):
            save_template(kind, actor=self.supervisor, expected_version=0, values=values_of(kind))

    def test_only_the_supervisor_may_change_the_wording(self) -> None:
        for user in (self.reporter, self.reviewer, self.leader_user, self.sysadmin):
            with self.assertRaises(PermissionDenied):
                save_template(DocumentKind.LETTER, actor=user, expected_version=0,
                              values=values_of(DocumentKind.LETTER))  # fmt: skip
        assert not DocumentTemplate.objects.exists()

    def test_a_placeholder_the_kind_does_not_supply_is_refused(self) -> None:
        for title in ("关于{unit}的通报", "{0.__class__.__init__.__globals__}", "{period!r}"):
            with self.assertRaises(ValidationError) as caught:
                save_template(DocumentKind.BULLETIN, actor=self.supervisor, expected_version=0,
                              values=values_of(DocumentKind.BULLETIN, title=title))  # fmt: skip
            assert "title" in caught.exception.message_dict

    def test_the_number_prefix_is_only_a_prefix(self) -> None:
        for prefix in ("鼓发改〔2021〕", "{district}督", ""):
            values = values_of(DocumentKind.LETTER, number_prefix=prefix)
            with self.assertRaises(ValidationError):
                save_template(DocumentKind.LETTER, actor=self.supervisor, expected_version=0,
                              values=values)  # fmt: skip


class WordingTests(TemplateCase):
    def test_placeholders_are_replaced_by_name_only_never_evaluated(self) -> None:
        assert fill("关于{period}的通报", {"period": "2021年9月"}) == "关于2021年9月的通报"
        assert fill("{period.__class__}", {"period": "x"}) == "{period.__class__}"
        assert unknown_placeholders(DocumentKind.LETTER, "{unit}{deadline}{nope}") == ["nope"]

    def test_cc_lists_are_read_as_typed(self) -> None:
        assert split_list("区委办、区政府办，区人大办;区政协办。") == [
            "区委办", "区政府办", "区人大办", "区政协办",
        ]  # fmt: skip


class TemplatePageTests(TemplateCase):
    def test_the_supervisor_sees_every_kind_and_saves_a_new_version(self) -> None:
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("documents:index")).content.decode()
        for label in ("考评通报", "督办函", "会议纪要", "目标责任书"):
            assert label in page
        url = reverse("documents:edit", args=["letter"])
        form = self.client.get(url).context["form"]
        data = {**form.initial, "closing": "特此函告，请遵照执行。"}
        response = self.client.post(url, data)
        assert response.status_code == 302
        assert wording_for(DocumentKind.LETTER).closing == "特此函告，请遵照执行。"

    def test_a_stale_form_is_refused_with_a_message(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("documents:edit", args=["letter"])
        initial = self.client.get(url).context["form"].initial
        self.client.post(url, {**initial, "closing": "第一次"})
        response = self.client.post(url, {**initial, "closing": "第二次"})
        assert response.status_code == 200
        assert "已被他人修改" in response.content.decode()
        assert wording_for(DocumentKind.LETTER).closing == "第一次"

    def test_an_unknown_placeholder_is_named_on_the_form(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("documents:edit", args=["bulletin"])
        initial = self.client.get(url).context["form"].initial
        response = self.client.post(url, {**initial, "title": "关于{unit}的通报"})
        assert "未知占位符 {unit}" in response.content.decode()
        assert not DocumentTemplate.objects.exists()

    def test_other_roles_cannot_open_the_templates(self) -> None:
        for user in (self.reporter, self.reviewer, self.leader_user, self.auditadmin):
            self.client.force_login(user)
            # 403 for business roles; the separated admins see business pages as absent (404).
            assert self.client.get(reverse("documents:index")).status_code in (403, 404)
            url = reverse("documents:edit", args=["letter"])
            assert self.client.post(url, {"version": 0}).status_code in (403, 404)
        assert not DocumentTemplate.objects.exists()

    def test_an_unknown_kind_is_not_found(self) -> None:
        self.client.force_login(self.supervisor)
        assert self.client.get(reverse("documents:edit", args=["memo"])).status_code == 404
