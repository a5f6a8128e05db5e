from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kompas.audit"
    label = "audit"
