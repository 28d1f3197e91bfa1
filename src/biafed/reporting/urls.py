from django.urls import path

from biafed.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("table1.csv", views.table1_export, name="table1_csv"),
    path("network/", views.network_report, name="network_report"),
    path("facilities/<int:facility_id>/", views.site_statement, name="site_statement"),
]
