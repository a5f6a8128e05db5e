from django.urls import path

from kompas.compasses import views, whatif

app_name = "compasses"
urlpatterns = [
    path("", views.versions, name="versions"),
    path("<int:pk>/", views.version, name="version"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("whatif/", whatif.page, name="whatif"),
]
