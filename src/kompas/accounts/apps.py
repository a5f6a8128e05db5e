from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kompas.accounts"
    label = "accounts"

    def ready(self) -> None:
        from kompas.accounts import log_ins

        log_ins.connect()
