"""Demo network life for `load_demo` (`data/demo_network.json`): membership history since
mid 2021, two years of monthly meetings (held, with topics, minutes and attendance) and
the next two, a yearly hackathon and gathering, peer-help threads and shared resources.

Runs after the people demo (it looks people up by e-mail), through the services."""

import calendar
from datetime import date, datetime, timedelta

from django.utils import timezone

from biafed.common.data import read_data
from biafed.network.models import HelpThread, Membership
from biafed.network.services import help as peer_help
from biafed.network.services import meetings
from biafed.network.services.membership import record_joining
from biafed.network.services.resources import share_resource
from biafed.people.models import AnalystProfile, User

COORDINATOR_EMAIL = "coordinator@example.org"


def load(*, stored_files: list) -> str:
    data = read_data("biafed.network", "demo_network.json")
    people = {user.email: user for user in User.objects.all()}
    coordinator = people[COORDINATOR_EMAIL]
    _membership(data, people, coordinator)
    organisers = [people[email] for email in data["organisers"]]
    held = _monthly_meetings(data, people, organisers)
    events = _events(data, organisers[0], people)
    threads = _help(data, people)
    for entry in data["resources"]:
        fields = {key: value for key, value in entry.items() if key != "owner"}
        share_resource(member=people[entry["owner"]], fields=fields)
    return (
        f"Network life: {held} meetings held, {events} events, {threads} peer-help threads, "
        f"{len(data['resources'])} shared resources."
    )


def _membership(data, people, coordinator) -> None:
    for period in data["earlier_periods"]:
        Membership.objects.create(
            analyst=people[period["email"]],
            joined_on=date.fromisoformat(period["joined"]),
            left_on=date.fromisoformat(period["left"]),
        )
    joined_facilities = set()
    for day, emails in sorted(data["joined"].items()):
        on = date.fromisoformat(day)
        for email in emails:
            analyst = people[email]
            record_joining(coordinator=coordinator, on=on, analyst=analyst)
            facility = AnalystProfile.objects.get(user=analyst).host_facility
            if facility.pk not in joined_facilities:
                joined_facilities.add(facility.pk)
                record_joining(coordinator=coordinator, on=on, facility=facility)


def _second_thursday(year: int, month: int) -> date:
    first = date(year, month, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return thursday + timedelta(days=7)


def _month(today: date, offset: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + offset
    return index // 12, index % 12 + 1


def _monthly_meetings(data, people, organisers) -> int:
    spec = data["monthly"]
    topics = data["topics"]
    zone = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate()
    members = list(people[email] for emails in data["joined"].values() for email in emails)
    held = 0
    for offset in range(-spec["months_past"], spec["months_ahead"] + 1):
        year, month = _month(today, offset)
        day = _second_thursday(year, month)
        starts = datetime(day.year, day.month, day.day, spec["hour"], tzinfo=zone)
        (meeting,) = meetings.schedule_meetings(
            organiser=organisers[offset % len(organisers)],
            kind="monthly",
            title=f"{spec['title']} – {calendar.month_name[month]} {year}",
            starts_at=starts,
            duration=timedelta(hours=1, minutes=30),
            place=spec["place"],
        )
        organiser = meeting.organisers.get()
        chosen = [topics[(offset * 3 + n) % len(topics)] for n in range(2 + offset % 3)]
        proposed = [
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
        meetings.record_minutes(
            organiser=organiser,
            meeting=meeting,
            minutes="\n".join(f"{t.position}. {t.title}: discussed." for t in proposed),
            present=present,
            feedback={
                t.pk: topic["feedback"]
                for t, topic in zip(proposed, chosen, strict=True)
                if topic.get("feedback")
            },
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
            registered = [people[e] for emails in data["joined"].values() for e in emails][:12]
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


def _help(data, people) -> int:
    for entry in data["help_threads"]:
        thread = peer_help.ask_for_help(
            analyst=people[entry["asked_by"]], title=entry["title"], question=entry["question"]
        )
        for reply in entry["replies"]:
            peer_help.answer(member=people[reply["author"]], thread=thread, body=reply["body"])
        if entry["solved"]:
            peer_help.mark_solved(analyst=thread.asked_by, thread=thread)
    return HelpThread.objects.count()
