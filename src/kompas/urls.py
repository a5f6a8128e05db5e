from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("kompas.accounts.urls")),
    path("compass/", include("kompas.compasses.urls")),
    path("rounds/", include("kompas.rounds.urls")),
    path("judgements/", include("kompas.assessments.urls")),
    path("imports/", include("kompas.imports.urls")),
    path("", include("kompas.regions.urls")),
]
