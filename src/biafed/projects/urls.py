from django.urls import path

from biafed.projects.views import committee, coordinator, detail, requester, team

app_name = "projects"

urlpatterns = [
    path("", requester.home, name="home"),
    path("new/", requester.new_request, name="new"),
    path("queue/", coordinator.queue, name="queue"),
    path("enter/", coordinator.enter_request, name="enter"),
    path("rounds/", coordinator.rounds, name="rounds"),
    path("criteria/", coordinator.criteria, name="criteria"),
    path("criteria/new/", coordinator.criterion_edit, name="criterion_new"),
    path("criteria/<int:pk>/", coordinator.criterion_edit, name="criterion_edit"),
    path("capacity/", team.capacity, name="capacity"),
    path("from-booking/<int:booking_id>/", coordinator.convert_booking, name="convert_booking"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/edit/", requester.request_edit, name="edit"),
    path("<int:pk>/withdraw/", requester.withdraw, name="withdraw"),
    path("<int:pk>/feedback/", requester.feedback, name="feedback"),
    path("<int:pk>/review/", committee.review, name="review"),
    path("<int:pk>/conflict/", committee.conflict, name="conflict"),
    path("<int:pk>/send-to-review/", coordinator.send_to_review, name="send_to_review"),
    path("<int:pk>/decide/", coordinator.decide, name="decide"),
    path("<int:pk>/team/", coordinator.team, name="team"),
    path(
        "<int:pk>/invitations/<int:invitation_id>/",
        team.answer_invitation,
        name="answer_invitation",
    ),
    path("<int:pk>/effort/", team.effort, name="effort"),
    path("<int:pk>/effort/<int:entry_id>/delete/", team.effort_delete, name="effort_delete"),
    path("<int:pk>/reports/new/", team.report, name="report"),
    path("<int:pk>/phases/new/", team.phase_add, name="phase_add"),
    path("<int:pk>/phases/<int:phase_id>/decide/", team.phase_decide, name="phase_decide"),
    path("<int:pk>/deliverables/new/", team.deliverable, name="deliverable"),
    path("<int:pk>/complete/", team.complete, name="complete"),
    path("<int:pk>/cadence/", team.cadence, name="cadence"),
    path("<int:pk>/comments/", detail.comment, name="comment"),
    path("<int:pk>/publications/", detail.publication, name="publication"),
]
