from django.urls import include, path

from kompas.regions.urls import judging_patterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("kompas.accounts.urls")),
    path("compass/", include("kompas.compasses.urls")),
    path("rounds/", include("kompas.rounds.urls")),
    path("judgements/", include((judging_patterns, "assessments"))),
    path("imports/", include("kompas.imports.urls")),
    path("", include("kompas.regions.urls")),
]
