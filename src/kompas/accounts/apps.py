from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kompas.accounts"
    label = "accounts"
