"""WSGI entry point (used by `kompas serve`, or any WSGI server)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")
application = get_wsgi_application()
