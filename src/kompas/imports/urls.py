from django.urls import path

from kompas.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("jobs/<str:job_id>/", views.job, name="job"),
    path("jobs/<str:job_id>/accept/", views.accept, name="accept"),
    path("jobs/<str:job_id>/abandon/", views.abandon, name="abandon"),
    path("<int:pk>/", views.run, name="run"),
]
