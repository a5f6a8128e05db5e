from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kompas.regions.urls import judging_patterns

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; the icon is a static file.
    path("favicon.ico", RedirectView.as_view(url=static("kompas/favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("kompas.accounts.urls")),
    path("compass/", include("kompas.compasses.urls")),
    path("rounds/", include("kompas.rounds.urls")),
    path("judgements/", include((judging_patterns, "assessments"))),
    path("imports/", include("kompas.imports.urls")),
    path("", include("kompas.regions.urls")),
]
