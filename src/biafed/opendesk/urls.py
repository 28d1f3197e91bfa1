from django.urls import path

from biafed.opendesk.views import analyst, coordinator, requester

app_name = "opendesk"

urlpatterns = [
    path("", requester.day_list, name="day_list"),
    path("days/new/", coordinator.day_create, name="day_create"),
    path("days/<int:pk>/", coordinator.day_dashboard, name="day_dashboard"),
    path("days/<int:pk>/edit/", coordinator.day_edit, name="day_edit"),
    path("days/<int:pk>/publish/", coordinator.day_publish, name="day_publish"),
    path("days/<int:pk>/reopen/", coordinator.reopen_registration, name="reopen_registration"),
    path("days/<int:pk>/close/", coordinator.close_registration, name="close_registration"),
    path("days/<int:pk>/propose/", coordinator.propose, name="propose"),
    path(
        "days/<int:pk>/publish-allocation/",
        coordinator.publish_allocation,
        name="publish_allocation",
    ),
    path("days/<int:pk>/availability/", analyst.availability, name="availability"),
    path("days/<int:day_id>/book/", requester.start_booking, name="start_booking"),
    path("bookings/", requester.booking_list, name="booking_list"),
    path("bookings/<int:pk>/", requester.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/edit/", requester.booking_edit, name="booking_edit"),
    path("bookings/<int:pk>/files/<int:file_id>/", requester.download_file, name="download_file"),
    path("bookings/<int:pk>/cancel/", requester.cancel, name="cancel"),
    path("bookings/<int:pk>/feedback/", requester.feedback, name="feedback"),
    path("bookings/<int:pk>/panel/", coordinator.panel_edit, name="panel_edit"),
    path("bookings/<int:pk>/move/", coordinator.move, name="move"),
    path("bookings/<int:pk>/attendance/", coordinator.attendance, name="attendance"),
    path("bookings/<int:pk>/outcome/", analyst.outcome, name="outcome"),
    path("sessions/", analyst.my_sessions, name="my_sessions"),
]
