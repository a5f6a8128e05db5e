from django.urls import path

from kompas.regions import views
from kompas.regions.profile import judging
from kompas.regions.profile import views as profile

app_name = "regions"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("map.json", views.map_data, name="map_data"),
    path("regions/new/", views.add_region, name="add_region"),
    path("regions/<str:code>/", profile.profile, name="profile"),
    path("regions/<str:code>/advice/", profile.advice, name="advice"),
]

# Judging on the profile, under /judgements/ in the namespace "assessments" (see kompas.urls).
judging_patterns = [
    path("<str:code>/criterion/<str:criterion>/", judging.judgement, name="judgement"),
    path("<str:code>/gate/<str:precondition>/", judging.gate, name="gate"),
]
