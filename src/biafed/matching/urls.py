from django.urls import path

from biafed.matching import views_assistant, views_suggest
from biafed.matching.views import pages

app_name = "matching"

urlpatterns = [
    path("days/<int:day_id>/", pages.day_allocation, name="day"),
    path("days/<int:day_id>/compute/", pages.compute, name="compute"),
    path("runs/<int:pk>/", pages.run_status, name="run"),
    path("runs/<int:pk>/apply/", pages.apply, name="apply"),
    path("runs/<int:pk>/stop/", pages.stop, name="stop"),
    path("runs/<int:pk>/instance.json", pages.run_instance, name="run_instance"),
    path("bookings/<int:pk>/pin-member/", pages.pin_member, name="pin_member"),
    path("bookings/<int:pk>/pin-slot/", pages.pin_slot, name="pin_slot"),
    path("pins/<int:pk>/unpin/", pages.unpin, name="unpin"),
    path("suggest-terms/", views_suggest.suggest_terms, name="suggest_terms"),
    path("bookings/<int:pk>/assistant/", views_assistant.assist, name="assistant"),
    path(
        "bookings/<int:pk>/assistant/feedback/", views_assistant.feedback, name="assistant_feedback"
    ),
    path("assistant/", views_assistant.feedback_report, name="assistant_report"),
]
