from django.urls import path

from biafed.people import views

app_name = "people"

urlpatterns = [
    path("analysts/", views.directory, name="directory"),
    path("facilities/", views.facilities, name="facilities"),
    path("me/", views.my_profile, name="my_profile"),
    path("rules/", views.network_rules, name="network_rules"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("vocabulary/", views.vocabulary, name="vocabulary"),
    path("vocabulary/new/", views.term_edit, name="term_create"),
    path("vocabulary/<int:pk>/", views.term_edit, name="term_edit"),
    path("vocabulary/<int:pk>/toggle/", views.term_toggle, name="term_toggle"),
]
