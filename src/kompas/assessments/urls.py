from django.urls import path

from kompas.assessments import views

app_name = "assessments"
urlpatterns = [
    path("<str:code>/criterion/<str:criterion>/", views.judgement, name="judgement"),
    path("<str:code>/gate/<str:precondition>/", views.gate, name="gate"),
]
