from django.apps import AppConfig


class SharedConfig(AppConfig):
    name = "kompas.shared"
    label = "shared"
    verbose_name = "Shared layer"

    def ready(self) -> None:
        from kompas.shared import version

        version.watch_changes()
