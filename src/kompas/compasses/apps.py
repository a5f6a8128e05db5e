from django.apps import AppConfig


class CompassesConfig(AppConfig):
    name = "kompas.compasses"
    label = "compasses"
