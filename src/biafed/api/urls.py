"""/api/v1/: the REST API (see docs/api.md)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from biafed.api.views import docs, notifications, opendesk, people, projects, reports

router = SimpleRouter()
router.register("days", opendesk.DayViewSet, basename="day")
router.register("bookings", opendesk.BookingViewSet, basename="booking")
router.register("projects", projects.ProjectViewSet, basename="project")
router.register("expertise-terms", people.ExpertiseTermViewSet, basename="term")
router.register("analysts", people.AnalystViewSet, basename="analyst")
router.register("notifications", notifications.NotificationViewSet, basename="notification")

app_name = "api"

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("reports/table1/", reports.Table1View.as_view(), name="table1"),
    path("reports/network/", reports.NetworkReportView.as_view(), name="network_report"),
    *router.urls,
    re_path(r"", docs.NotFoundView.as_view()),  # last: unknown addresses, as problems
]
