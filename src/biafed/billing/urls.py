from django.urls import path

from biafed.billing import views

app_name = "billing"

urlpatterns = [
    path("", views.home, name="home"),
]
