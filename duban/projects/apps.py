from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "duban.projects"
    label = "projects"
    verbose_name = "项目"
