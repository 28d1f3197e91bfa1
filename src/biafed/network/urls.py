from django.urls import path

from biafed.network.views import meetings, members, peer_help, resources

app_name = "network"

urlpatterns = [
    path("", members.home, name="home"),
    path("map/", members.network_map, name="map"),
    path("places.json", members.places, name="places"),
    path("membership/", members.membership, name="membership"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.schedule, name="schedule"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/invitation.ics", meetings.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/agenda/", meetings.agenda, name="agenda"),
    path("meetings/<int:pk>/send/", meetings.send_agenda, name="send_agenda"),
    path("meetings/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path("meetings/<int:pk>/register/", meetings.register, name="register"),
    path("help/", peer_help.thread_list, name="threads"),
    path("help/new/", peer_help.ask, name="ask"),
    path("help/<int:pk>/", peer_help.thread_detail, name="thread"),
    path("help/<int:pk>/solved/", peer_help.solved, name="solved"),
    path("help/<int:pk>/to-meeting/", peer_help.to_meeting, name="to_meeting"),
    path("resources/", resources.resource_list, name="resources"),
    path("resources/new/", resources.share, name="share"),
    path("resources/<int:pk>/", resources.resource_detail, name="resource"),
    path("resources/<int:pk>/edit/", resources.edit, name="resource_edit"),
]
