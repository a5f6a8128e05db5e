from django.contrib.auth import views as auth
from django.urls import path

from kompas.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", auth.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/", views.user_detail, name="user"),
]
