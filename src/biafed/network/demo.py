"""Demo network life for `load_demo` (`data/demo_network.json`): membership history over
five years (analysts and host facilities joining, one leaving), two years of monthly
meetings (held, with 2-5 topics, minutes and attendance) and the next two, a yearly
hackathon and gathering, peer-help threads over two years (some brought to a meeting) and
shared code, datasets and compute. Dates in the data are months before the load, so the
last two years always hold activity.

Runs after the people and projects demos (it looks people up by e-mail), through the
services; what happened in the past is then back-dated."""

import calendar
from datetime import date, datetime, timedelta

from django.utils import timezone

from biafed.common.data import read_data
from biafed.network.models import HelpReply, HelpThread, Membership, SharedResource
from biafed.network.services import help as peer_help
from biafed.network.services import meetings
from biafed.network.services.membership import record_joining, record_leaving
from biafed.network.services.resources import share_resource
from biafed.people.models import AnalystProfile, User
from biafed.projects.models import Project, ProjectStatus

COORDINATOR_EMAIL = "coordinator@example.org"


def load(*, stored_files: list) -> str:
    data = read_data("biafed.network", "demo_network.json")
    people = {user.email: user for user in User.objects.all()}
    coordinator = people[COORDINATOR_EMAIL]
    _membership(data, people, coordinator)
    organisers = [people[email] for email in data["organisers"]]
    threads = _help(data, people)
    held = _monthly_meetings(data, people, organisers, threads)
    events = _events(data, organisers[0], people)
    _resources(data, people)
    return (
        f"Network life: {held} meetings held, {events} events, {len(threads)} peer-help threads, "
        f"{len(data['resources'])} shared resources."
    )


def _months_ago(months: int) -> date:
    """The first day of the month `months` months before today."""
    year, month = _month(timezone.localdate(), -months)
    return date(year, month, 1)


def _membership(data, people, coordinator) -> None:
    for period in data["earlier_periods"]:
        Membership.objects.create(
            analyst=people[period["email"]],
            joined_on=_months_ago(period["joined_months_ago"]),
            left_on=_months_ago(period["left_months_ago"]) - timedelta(days=1),
        )
    joined_facilities = set()
    for wave in sorted(data["joined"], key=lambda wave: -wave["months_ago"]):
        on = _months_ago(wave["months_ago"])
        for email in wave["emails"]:
            analyst = people[email]
            record_joining(coordinator=coordinator, on=on, analyst=analyst)
            facility = AnalystProfile.objects.get(user=analyst).host_facility
            if facility.pk not in joined_facilities:
                joined_facilities.add(facility.pk)
                record_joining(coordinator=coordinator, on=on, facility=facility)
    for leaving in data["left"]:
        on = _months_ago(leaving["months_ago"]) - timedelta(days=1)
        analyst = people[leaving["email"]]
        record_leaving(coordinator=coordinator, on=on, analyst=analyst)
        if leaving["with_facility"]:
            facility = AnalystProfile.objects.get(user=analyst).host_facility
            record_leaving(coordinator=coordinator, on=on, facility=facility)


def _members_on(data, people, day: date) -> list[User]:
    """The analysts who were members on that day, in the data's order."""
    gone = {leaving["email"]: _months_ago(leaving["months_ago"]) for leaving in data["left"]}
    return [
        people[email]
        for wave in data["joined"]
        if _months_ago(wave["months_ago"]) <= day
        for email in wave["emails"]
        if email not in gone or day < gone[email]
    ]


def _second_thursday(year: int, month: int) -> date:
    first = date(year, month, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return thursday + timedelta(days=7)


def _month(today: date, offset: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + offset
    return index // 12, index % 12 + 1


def _monthly_meetings(data, people, organisers, threads) -> int:
    """Two years of held meetings with 2 to 5 topics (peer-help requests asked since the
    previous meeting come first, when brought to a meeting), and the next months'."""
    spec = data["monthly"]
    topics = data["topics"]
    zone = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate()
    to_bring = [thread for thread, brought in threads if brought]
    held = 0
    for offset in range(-spec["months_past"], spec["months_ahead"] + 1):
        year, month = _month(today, offset)
        day = _second_thursday(year, month)
        starts = datetime(day.year, day.month, day.day, spec["hour"], tzinfo=zone)
        members = _members_on(data, people, min(day, today))
        (meeting,) = meetings.schedule_meetings(
            organiser=organisers[offset % len(organisers)],
            kind="monthly",
            title=f"{spec['title']} – {calendar.month_name[month]} {year}",
            starts_at=starts,
            duration=timedelta(hours=1, minutes=30),
            place=spec["place"],
        )
        organiser = meeting.organisers.get()
        proposed = []
        while to_bring and to_bring[0].created_at < starts - timedelta(days=3):
            thread = to_bring.pop(0)
            proposed.append(
                peer_help.bring_to_meeting(member=thread.asked_by, thread=thread, meeting=meeting)
            )
        wanted = max(2 + offset % 4, len(proposed))
        chosen = [topics[(offset * 3 + n) % len(topics)] for n in range(wanted - len(proposed))]
        proposed += [
            meetings.propose_topic(
                member=members[(offset + n) % len(members)],
                meeting=meeting,
                kind=topic["kind"],
                title=topic["title"],
            )
            for n, topic in enumerate(chosen)
        ]
        if starts > now:
            continue  # coming: topics proposed, the organisers order and send them
        meetings.set_agenda(organiser=organiser, meeting=meeting, kept=[t.pk for t in proposed])
        present = [m for n, m in enumerate(members) if (n + offset) % 4 != 0]
        feedback = {t["title"]: t["feedback"] for t in topics if t.get("feedback")}
        meetings.record_minutes(
            organiser=organiser,
            meeting=meeting,
            minutes="\n".join(f"{t.position}. {t.title}: discussed." for t in proposed),
            present=present,
            feedback={t.pk: feedback[t.title] for t in proposed if t.title in feedback},
        )
        held += 1
    return held


def _events(data, organiser, people) -> int:
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    count = 0
    for year in (today.year - 1, today.year):
        for spec in data["events"]:
            starts = datetime(year, spec["month"], spec["day"], 9, tzinfo=zone)
            (event,) = meetings.schedule_meetings(
                organiser=organiser,
                kind=spec["kind"],
                title=f"{spec['title']} {year}",
                starts_at=starts,
                duration=timedelta(days=spec["days"], hours=-15),
                place=spec["place"],
                programme=spec["programme"],
            )
            registered = _members_on(data, people, min(starts.date(), today))[:12]
            for member in registered:
                meetings.register(member=member, meeting=event)
            if starts < timezone.now():
                meetings.record_minutes(
                    organiser=organiser,
                    meeting=event,
                    minutes="Round table on organisation: rota, rules, budget requests.",
                    present=registered,
                )
            count += 1
    return count


def _help(data, people) -> list[tuple[HelpThread, bool]]:
    """The threads, oldest first, dated `months_ago` (answers follow within days)."""
    threads = []
    for entry in sorted(data["help_threads"], key=lambda entry: -entry["months_ago"]):
        asked = timezone.now() - timedelta(days=30 * entry["months_ago"] + 12)
        thread = peer_help.ask_for_help(
            analyst=people[entry["asked_by"]], title=entry["title"], question=entry["question"]
        )
        for n, reply in enumerate(entry["replies"], start=1):
            answer = peer_help.answer(
                member=people[reply["author"]], thread=thread, body=reply["body"]
            )
            HelpReply.objects.filter(pk=answer.pk).update(
                created_at=asked + timedelta(days=n), updated_at=asked + timedelta(days=n)
            )
        if entry["solved"]:
            peer_help.mark_solved(analyst=thread.asked_by, thread=thread)
        solved = asked + timedelta(days=len(entry["replies"]) + 2) if entry["solved"] else None
        HelpThread.objects.filter(pk=thread.pk).update(
            created_at=asked, updated_at=solved or asked, solved_at=solved
        )
        thread.refresh_from_db()
        threads.append((thread, entry["to_meeting"]))
    return threads


def _resources(data, people) -> None:
    """The catalogue, each entry dated `months_ago`; some linked to projects their owner led."""
    for entry in data["resources"]:
        owner = people[entry["owner"]]
        fields = {
            key: value
            for key, value in entry.items()
            if key not in ("owner", "months_ago", "used_by_owner_projects")
        }
        used = Project.objects.filter(lead=owner, status=ProjectStatus.COMPLETED).order_by("pk")
        resource = share_resource(
            member=owner,
            fields=fields,
            projects=list(used[: entry.get("used_by_owner_projects", 0)]),
        )
        shared = timezone.now() - timedelta(days=30 * entry["months_ago"])
        SharedResource.objects.filter(pk=resource.pk).update(created_at=shared, updated_at=shared)
