from django.urls import path

from kompas.rounds import robustness, views

app_name = "rounds"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.create, name="create"),
    path("compare/", views.compare, name="compare"),
    path("<slug:key>/", views.detail, name="detail"),
    path("<slug:key>/decisions/<str:code>/", views.decide, name="decide"),
    path("<slug:key>/freeze/", views.freeze, name="freeze"),
    path("<slug:key>/adopt/", views.adopt, name="adopt"),
    path("<slug:key>/robustness/", robustness.page, name="robustness"),
]
