"""Network report benchmark: `make bench-reports`.

Seeds a throw-away database (see benchmarks/pages/run.py: same environment, SQLite in a
temporary directory or a dedicated PostgreSQL database) with five years of activity: 12
host facilities, 40 analysts, 2,000 requesters, 120 open-desk days, the bookings (held,
no-show, cancelled; two-analyst panels, feedback on half the sessions), 2,000 projects
with ten effort entries and an invoice each (a tenth cancelled), example files for most
sessions, and the network's life: 500 meetings (monthly, hackathons, gatherings) with their
topics and attendance, 600 peer-help threads with answers and 300 shared resources. For
each size (a small baseline, then the load) it times:

- `build_report` over the five years with the previous period and every host facility
  (seconds), and its peak Python memory (tracemalloc, MB) in a second run;
- the report page once cached: 3 warm-up requests, then N timed ones (p50/p95 in ms);
- the slowest indicators (each computed for the period, the previous one and every host
  facility), so a regression points at its query.

Limits (docs/reports.md): 5 years with 100,000 bookings in under 10 s and 500 MB, the
page p95 under 300 ms once cached. Exits with status 1 when a limit is exceeded. Results
go to benchmarks/results/reports.json (`--runs 3` measures three times and keeps the
median and the spread).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
RESULTS_FILE = REPO_DIR / "benchmarks" / "results" / "reports.json"
sys.path.insert(0, str(REPO_DIR / "src"))

_spec = importlib.util.spec_from_file_location("bench_pages", REPO_DIR / "benchmarks/pages/run.py")
pages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pages)

SIZES = (5_000, 100_000)
PROJECTS = 2_000
MEETINGS, THREADS, RESOURCES = 500, 600, 300
FACILITIES, ANALYSTS, REQUESTERS = 12, 40, 2_000
DAYS, SLOTS = 120, 60
FIRST_DAY = date(2021, 1, 1)
LIMITS = {"report_s": 10.0, "report_peak_mb": 500.0, "page_p95_ms": 300.0}
SEED = 20261207
bulk, say = pages.bulk, pages.say


def seed_network(rng):
    from biafed.opendesk.models import DayStatus, OpenDeskDay, Slot
    from biafed.people.models import AnalystProfile, HostFacility, Role, User, UserRole

    facilities = bulk(
        HostFacility,
        [
            HostFacility(name=f"Facility {i:02d}", city=f"City {i}", country="France",
                         institution=f"Institute {i}")
            for i in range(FACILITIES)
        ],
    )  # fmt: skip
    people = [User(email="coordinator@bench.example.org", full_name="Coordinator", password="!")]
    people += [
        User(email=f"analyst{i}@bench.example.org", full_name=f"Analyst {i}", password="!")
        for i in range(ANALYSTS)
    ]
    people += [
        User(email=f"requester{i}@bench.example.org", full_name=f"Requester {i}", password="!")
        for i in range(REQUESTERS)
    ]
    bulk(User, people)
    coordinator, analysts, requesters = people[0], people[1 : ANALYSTS + 1], people[ANALYSTS + 1 :]
    bulk(
        UserRole,
        [UserRole(user=coordinator, role=Role.COORDINATOR)]
        + [UserRole(user=a, role=Role.ANALYST) for a in analysts]
        + [UserRole(user=r, role=Role.REQUESTER) for r in requesters],
    )
    bulk(
        AnalystProfile,
        [
            AnalystProfile(user=a, host_facility=facilities[i % FACILITIES])
            for i, a in enumerate(analysts)
        ],
    )
    days = []
    for i in range(DAYS):
        on = FIRST_DAY + timedelta(days=15 * i + 3)
        noon = datetime.combine(on, dtime(12), tzinfo=UTC)
        days.append(
            OpenDeskDay(
                title=f"Open desk #{i}", date=on, first_slot_start=dtime(9), slot_count=SLOTS,
                rooms_per_slot=20, registration_opens_at=noon - timedelta(days=40),
                registration_deadline=noon - timedelta(days=7),
                data_deadline=noon - timedelta(days=3), status=DayStatus.CLOSED,
                created_by=coordinator,
            )
        )  # fmt: skip
    bulk(OpenDeskDay, days)
    slots = bulk(
        Slot,
        [
            Slot(day=d, index=s, starts_at=datetime.combine(d.date, dtime(9), tzinfo=UTC),
                 ends_at=datetime.combine(d.date, dtime(10), tzinfo=UTC))
            for d in days for s in range(SLOTS)
        ],
    )  # fmt: skip
    return {
        "coordinator": coordinator,
        "analysts": analysts,
        "requesters": requesters,
        "days": days,
        "slots": {(s.day_id, s.index): s for s in slots},
    }


def seed_activity(net, total: int, rng) -> None:
    from biafed.billing.models import Invoice
    from biafed.intake.models import DataFile
    from biafed.opendesk.models import Booking, BookingStatus, Feedback, PanelMember
    from biafed.projects.models import Channel, EffortActivity, EffortEntry, Project, ProjectStatus

    Invoice.objects.all().delete()  # invoices protect their projects
    DataFile.objects.all().delete()
    Feedback.objects.all().delete()
    PanelMember.objects.all().delete()
    EffortEntry.objects.all().delete()
    Project.objects.all().delete()
    Booking.objects.all().delete()
    bookings, seats = [], []
    for n in range(total):
        day = net["days"][n % DAYS]
        status = rng.choices(
            (BookingStatus.HELD, BookingStatus.NO_SHOW, BookingStatus.CANCELLED), (8, 1, 1)
        )[0]
        slot = net["slots"][(day.pk, (n // DAYS) % SLOTS)]
        submitted = datetime.combine(day.date, dtime(10), tzinfo=UTC) - timedelta(
            days=rng.randint(4, 40)
        )
        bookings.append(
            Booking(day=day, requester=net["requesters"][n % REQUESTERS], status=status, slot=slot,
                    title="Counting nuclei", submitted_at=submitted)
        )  # fmt: skip
        if status != BookingStatus.CANCELLED:
            rank = n // (DAYS * SLOTS)  # bookings before this one in the same slot
            seats.append((n, slot, [(2 * rank) % ANALYSTS, (2 * rank + 1) % ANALYSTS]))
    bulk(Booking, bookings)
    bulk(
        PanelMember,
        [PanelMember(booking=bookings[n], analyst=net["analysts"][a], slot=slot)
         for n, slot, panel in seats for a in panel],
    )  # fmt: skip
    bulk(
        Feedback,
        [Feedback(booking=b, usefulness=rng.randint(2, 5))
         for b in bookings if b.status == BookingStatus.HELD and rng.random() < 0.5],
    )  # fmt: skip
    span = (net["days"][-1].date - FIRST_DAY).days
    projects = []
    for i in range(PROJECTS):
        submitted = datetime.combine(
            FIRST_DAY + timedelta(days=rng.randint(0, span)), dtime(9), tzinfo=UTC
        )
        status = rng.choice((ProjectStatus.ACTIVE, ProjectStatus.COMPLETED, ProjectStatus.DECLINED))
        projects.append(
            Project(title=f"Project {i}", requester=net["requesters"][i % REQUESTERS],
                    channel=rng.choice(Channel.values), status=status, submitted_at=submitted,
                    lead=net["analysts"][i % ANALYSTS],
                    started_at=submitted + timedelta(days=30) if status != ProjectStatus.DECLINED else None,
                    closed_at=submitted + timedelta(days=200) if status != ProjectStatus.ACTIVE else None)
        )  # fmt: skip
    bulk(Project, projects)
    bulk(
        EffortEntry,
        [EffortEntry(project=p, analyst=p.lead, date=p.submitted_at.date() + timedelta(days=7 * k),
                     hours=Decimal("3.50"), activity=EffortActivity.DEVELOPMENT)
         for p in projects for k in range(10)],
    )  # fmt: skip
    seed_invoices(net, projects, rng)
    seed_files(net, bookings, rng)


def seed_invoices(net, projects, rng) -> None:
    """One invoice per started project, issued 60 days after the start; a tenth cancelled."""
    from biafed.billing.models import Invoice, InvoiceStatus

    Invoice.objects.all().delete()
    invoices = []
    for n, p in enumerate(x for x in projects if x.started_at):
        on = p.started_at.date() + timedelta(days=60)
        status = InvoiceStatus.CANCELLED if n % 10 == 0 else InvoiceStatus.PAID
        invoices.append(
            Invoice(project=p, status=status, institution="Institute", requester_name="Requester",
                    requester_email="requester@bench.example.org", currency="EUR",
                    vat_percent=Decimal(20), hours=Decimal(35), subtotal=Decimal(2100),
                    vat_amount=Decimal(420), total=Decimal(2520), issued_on=on,
                    due_on=on + timedelta(days=30), issued_by=net["coordinator"], year=on.year,
                    paid_on=on + timedelta(days=21) if status == InvoiceStatus.PAID else None,
                    sequence=n + 1, number=f"INV-{n + 1:06d}")
        )  # fmt: skip
    bulk(Invoice, invoices)


def seed_files(net, bookings, rng) -> None:
    """An example file for 80% of the sessions held or missed, a few after the deadline."""
    from django.contrib.contenttypes.models import ContentType

    from biafed.intake.models import DataFile, FileStatus
    from biafed.opendesk.models import Booking, BookingStatus

    DataFile.objects.all().delete()
    kind = ContentType.objects.get_for_model(Booking)
    deadlines = {d.pk: d.data_deadline for d in net["days"]}
    bulk(
        DataFile,
        [DataFile(content_type=kind, object_id=b.pk, original_name="cells.tif", size=2**20,
                  uploaded_at=deadlines[b.day_id] + timedelta(hours=rng.choice((-30, -5, 6))),
                  status=FileStatus.DELETED)
         for b in bookings if b.status != BookingStatus.CANCELLED and rng.random() < 0.8],
    )  # fmt: skip


def seed_network_life(net, rng) -> None:
    """Meetings (a tenth of them events) with 2-5 topics and attendance, peer-help threads
    with answers, shared resources; spread over the five years."""
    from biafed.network.models import (
        Attendance,
        HelpReply,
        HelpThread,
        Meeting,
        MeetingKind,
        MeetingStatus,
        ResourceKind,
        SharedResource,
        Topic,
        TopicKind,
        TopicStatus,
    )  # fmt: skip

    span = (net["days"][-1].date - FIRST_DAY).days
    analysts = net["analysts"]

    def moment(i: int, count: int):
        return datetime.combine(
            FIRST_DAY + timedelta(days=span * i // count), dtime(14), tzinfo=UTC
        )

    kinds = (MeetingKind.MONTHLY,) * 9 + (MeetingKind.HACKATHON,)
    meetings = bulk(
        Meeting,
        [Meeting(kind=kinds[i % 10], title=f"Meeting {i}", starts_at=moment(i, MEETINGS),
                 ends_at=moment(i, MEETINGS) + timedelta(hours=2), place="online",
                 status=MeetingStatus.HELD if i % 25 else MeetingStatus.CANCELLED)
         for i in range(MEETINGS)],
    )  # fmt: skip
    bulk(
        Topic,
        [Topic(meeting=m, kind=rng.choice(TopicKind.values), title="Topic", position=k + 1,
               proposed_by=analysts[(i + k) % len(analysts)], status=TopicStatus.ON_AGENDA)
         for i, m in enumerate(meetings) for k in range(rng.randint(2, 5))],
    )  # fmt: skip
    bulk(
        Attendance,
        [Attendance(meeting=m, member=a, attended=rng.random() < 0.7)
         for m in meetings for a in analysts],
    )  # fmt: skip
    threads = bulk(
        HelpThread,
        [HelpThread(title=f"Help {i}", question="How?", asked_by=analysts[i % len(analysts)])
         for i in range(THREADS)],
    )  # fmt: skip
    for i, thread in enumerate(threads):
        thread.created_at = moment(i, THREADS)
    HelpThread.objects.bulk_update(threads, ["created_at"], batch_size=500)
    bulk(
        HelpReply,
        [HelpReply(thread=t, author=analysts[(i + k + 1) % len(analysts)], body="Try this.")
         for i, t in enumerate(threads) for k in range(i % 3)],
    )  # fmt: skip
    resources = bulk(
        SharedResource,
        [SharedResource(kind=ResourceKind.values[i % 3], name=f"Resource {i}",
                        owner=analysts[i % len(analysts)])
         for i in range(RESOURCES)],
    )  # fmt: skip
    for i, resource in enumerate(resources):
        resource.created_at = moment(i, RESOURCES)
    SharedResource.objects.bulk_update(resources, ["created_at"], batch_size=500)


def slowest_indicators(period, sites, top: int = 5) -> list[dict]:
    """Each indicator's share of the report: the period, the previous one and every host
    facility (grouped when the indicator can), timed alone."""
    from biafed.reporting.registry import indicators

    before = period.previous()
    timings = []
    for indicator in indicators():
        t = time.perf_counter()
        for start, end in ((period.start, period.end), (before.start, before.end)):
            indicator.compute(start=start, end=end, site=None)
        if indicator.per_site:
            indicator.values_by_site(start=period.start, end=period.end, sites=sites)
        timings.append({"key": indicator.key, "s": round(time.perf_counter() - t, 2)})
    return sorted(timings, key=lambda row: -row["s"])[:top]


def measure(net, requests: int, runs: int) -> dict:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from biafed.people.models import HostFacility
    from biafed.reporting.report import Period, build_report

    period = Period(FIRST_DAY, net["days"][-1].date)
    report_times = []
    for _ in range(runs):
        started = time.perf_counter()
        build_report(period=period)
        report_times.append(time.perf_counter() - started)
    tracemalloc.start()
    build_report(period=period)
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    cache.clear()
    client = Client()
    client.force_login(net["coordinator"])
    url = reverse("reporting:network_report")
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    t = time.perf_counter()
    assert client.get(url, params).status_code == 200
    first_ms = (time.perf_counter() - t) * 1000
    for _ in range(2):
        assert client.get(url, params).status_code == 200
    times = []
    for _ in range(requests):
        t = time.perf_counter()
        client.get(url, params)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "report_s": round(statistics.median(report_times), 2),
        "report_s_runs": [round(x, 2) for x in report_times],
        "report_s_spread": round(max(report_times) - min(report_times), 2),
        "report_peak_mb": round(peak_mb, 1),
        "page_first_ms": round(first_ms, 1),
        "page_p50_ms": round(statistics.median(times), 1),
        "page_p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "slowest_indicators": slowest_indicators(period, list(HostFacility.objects.all())),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="bookings per run")
    parser.add_argument("-n", type=int, default=30, help="timed page requests")
    parser.add_argument("--runs", type=int, default=3, help="timed reports per size (median)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    # The page is timed for a coordinator signed in without a second factor.
    os.environ.setdefault("MFA_REQUIRED_FOR_STAFF", "false")
    with pages.bench_environment() as where:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        rng = random.Random(SEED)
        net = seed_network(rng)
        seed_network_life(net, rng)
        results = []
        for size in sizes:
            t = time.perf_counter()
            seed_activity(net, size, rng)
            say(
                f"seeded {size:,} bookings, {PROJECTS:,} projects in {time.perf_counter() - t:.0f} s"
            )
            figures = {
                "bookings": size,
                "projects": PROJECTS,
                "meetings": MEETINGS,
                **measure(net, args.n, args.runs),
            }
            say(json.dumps(figures))
            results.append(figures)
    load = results[-1]
    failed = [k for k, limit in LIMITS.items() if load[k] > limit]
    base = results[0]
    say(
        f"{load['bookings']:,} against {base['bookings']:,} bookings: report "
        f"{load['report_s'] / max(base['report_s'], 0.001):.1f}x the time"
    )
    RESULTS_FILE.write_text(
        json.dumps({"database": where, "limits": LIMITS, "runs": results,
                    "load_average": os.getloadavg(),
                    "note": "measured on a shared, busy 2-core machine: measure again on a quiet one"},
                   indent=2) + "\n"
    )  # fmt: skip
    for key in failed:
        say(f"LIMIT EXCEEDED: {key} = {load[key]} > {LIMITS[key]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
