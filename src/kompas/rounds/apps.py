from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "kompas.rounds"
    label = "rounds"
