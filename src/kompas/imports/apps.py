from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kompas.imports"
    label = "imports"
