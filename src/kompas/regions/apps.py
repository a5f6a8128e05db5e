from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "kompas.regions"
    label = "regions"
