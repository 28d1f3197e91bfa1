from django.urls import path

from biafed.people import views, views_privacy

app_name = "people"

urlpatterns = [
    path("analysts/", views.directory, name="directory"),
    path("facilities/", views.facilities, name="facilities"),
    path("facilities/<int:facility_id>/", views.facility, name="facility"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/export/", views_privacy.export_data, name="export_data"),
    path("me/close/", views_privacy.close_account, name="close_account"),
    path("rules/", views.network_rules, name="network_rules"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("vocabulary/", views.vocabulary, name="vocabulary"),
    path("vocabulary/new/", views.term_edit, name="term_create"),
    path("vocabulary/<int:pk>/", views.term_edit, name="term_edit"),
    path("vocabulary/<int:pk>/toggle/", views.term_toggle, name="term_toggle"),
]
