"""Page-load benchmark: the coordinator's day dashboard, the booking list and the API's
booking list (/api/v1/bookings/, all and one day's).

Run from the repository root (``make bench-pages`` does exactly this):

    .venv/bin/python benchmarks/pages/run.py

It migrates a throw-away database, seeds a network (12 host facilities, 20
analysts, 2,000 requesters, 50 open-desk days with their slots) and then, for
each size (1,000 bookings as the baseline, 100,000 as the load), seeds the
bookings with their files, panels, feedback and outcomes, and times each page
through django.test.Client signed in as a coordinator: 3 warm-up requests,
then N=30 timed ones (p50/p95 in ms), plus one request under
CaptureQueriesContext to count the SQL queries. The number of queries must not
grow with the number of rows; the script says so and exits with status 1 if it
does. Results go to benchmarks/results/pages.json.

Database: a SQLite file in a temporary directory (never the developer's one).
If DATABASE_URL points to PostgreSQL, a dedicated database `biafed_bench` is
created on that server, used, and dropped at the end.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_DIR = Path(__file__).resolve().parents[2]
RESULTS_FILE = REPO_DIR / "benchmarks" / "results" / "pages.json"
sys.path.insert(0, str(REPO_DIR / "src"))

BENCH_DB = "biafed_bench"
SIZES = (1_000, 100_000)
REQUESTS = 30
WARMUPS = 3
SEED = 20240611
SEARCH = "zebrafish"  # in one seeded title of ten

FACILITIES = 12
ANALYSTS = 20
REQUESTERS = 2_000
PAST_DAYS = 40
UPCOMING_DAYS = 10
BATCH = 1_000

clock = time.perf_counter


def say(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------- environment


def _postgres_admin(url: str):
    """A psycopg autocommit connection to the server of `url`, not to the bench database."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    dbname = cfg.get("NAME") or "postgres"
    if dbname == BENCH_DB:
        dbname = "postgres"
    params = {
        "dbname": dbname,
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
        **(cfg.get("OPTIONS") or {}),
    }
    return psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v is not None})


def _drop_bench_database(url: str) -> None:
    from psycopg import errors, sql

    with _postgres_admin(url) as conn:
        name = sql.Identifier(BENCH_DB)
        try:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        except errors.SyntaxError:  # PostgreSQL < 13
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))


@contextmanager
def bench_environment():
    """Set the environment before Django reads its settings; yield a description of the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biafed.settings")
    # BIAFED_TESTING: development secret key, plain static storage (no collectstatic manifest),
    # no HTTPS redirect. DEBUG stays false so templates and queries behave as in production.
    os.environ.setdefault("BIAFED_TESTING", "true")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("TASK_QUEUE", "immediate")
    os.environ.setdefault("EMAIL_DELIVERY", "memory")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The coordinator is signed in with force_login: no second factor to show.
    os.environ.setdefault("MFA_REQUIRED_FOR_STAFF", "false")
    os.environ["FILE_STORAGE"] = "local"
    os.environ["API_RATE_PER_MINUTE"] = "1000000"  # the API pages are timed, not throttled

    url = os.environ.get("DATABASE_URL", "").strip()
    with tempfile.TemporaryDirectory(prefix="biafed-bench-") as tmp:
        # Forced, not defaulted: the benchmark must never open the developer's data.
        os.environ["BIAFED_DATA_DIR"] = tmp
        os.environ["MEDIA_ROOT"] = str(Path(tmp) / "media")
        if url.startswith(("postgres://", "postgresql://", "pgsql://")):
            _drop_bench_database(url)
            with _postgres_admin(url) as conn:
                from psycopg import sql

                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
            parts = urlsplit(url)
            os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + BENCH_DB))
            where = f"PostgreSQL database {BENCH_DB} on {parts.hostname or 'localhost'}"
            try:
                yield where
            finally:
                from django.db import connections

                connections.close_all()
                _drop_bench_database(url)
        else:
            if url:
                say(f"note: DATABASE_URL={url!r} is not PostgreSQL; using a temporary SQLite file.")
            os.environ.pop("DATABASE_URL", None)
            try:
                yield f"SQLite file in {tmp}"
            finally:
                from django.db import connections

                connections.close_all()


# --------------------------------------------------------------------------- seeding

FIRST = [
    "Anna",
    "Marc",
    "Sofia",
    "Jonas",
    "Lea",
    "Hugo",
    "Ines",
    "Paul",
    "Mila",
    "Noah",
    "Clara",
    "Lucas",
    "Elena",
    "Tom",
    "Nora",
    "Iker",
    "Julia",
    "Pierre",
    "Zoe",
    "Karim",
    "Maya",
    "Ole",
]
LAST = [
    "Martin",
    "Bernard",
    "Garcia",
    "Müller",
    "Rossi",
    "Dubois",
    "Silva",
    "Lefèvre",
    "Moreau",
    "Nowak",
    "Fischer",
    "Laurent",
    "Costa",
    "Weber",
    "Roux",
    "Schmidt",
    "Fontaine",
    "Blanc",
]
CITIES = [
    "Paris",
    "Montpellier",
    "Lyon",
    "Bordeaux",
    "Marseille",
    "Strasbourg",
    "Grenoble",
    "Toulouse",
    "Lille",
    "Rennes",
    "Nice",
    "Nantes",
]
TITLES = [
    "Counting nuclei in DAPI-stained tissue",
    "Tracking mitochondria over time",
    "Segmenting neurons in 3D light-sheet stacks",
    "Measuring actin ring diameter",
    "Colocalisation of two membrane markers",
    "Classifying cell-cycle stages",
    "Quantifying root hair growth",
    "Detecting spots in smFISH images",
    "Registering whole-slide images",
    "Measuring zebrafish heart rate",
]
QUESTION = (
    "Does the treatment change the number and shape of the cells compared with the "
    "control? We image three conditions with four replicates each and need a robust, "
    "reproducible count."
)
OBJECTS = "Nuclei (DAPI) and cell bodies (phalloidin); they touch in dense regions."
MEASURES = "Count per field, area and circularity per object, mean intensity in the second channel."
TRIED = "Thresholding and watershed in Fiji; it merges touching nuclei. Tried StarDist too."


def bulk(model, objs, batch_size: int = BATCH):
    """bulk_create in batches: no save(), no signals, primary keys set on the objects."""
    return model.objects.bulk_create(objs, batch_size=batch_size)


def seed_network(rng: random.Random) -> dict:
    """Facilities, people, days, slots and availability: shared by both sizes."""
    from django.db import transaction
    from django.utils import timezone

    from biafed.opendesk.models import AnalystAvailability, DayStatus, OpenDeskDay, Slot
    from biafed.people.models import (
        AnalystProfile,
        ExpertiseFamily,
        ExpertiseTerm,
        HostFacility,
        Language,
        Role,
        User,
        UserRole,
    )

    now = timezone.now()
    with transaction.atomic():
        facilities = bulk(
            HostFacility,
            [
                HostFacility(
                    name=f"{city} bioimage analysis facility",
                    city=city,
                    country="France",
                    institution=f"Institute of {city}",
                    umbrella_network="France-BioImaging",
                )
                for city in CITIES[:FACILITIES]
            ],
        )

        def person(email: str, institution: str) -> User:
            return User(
                email=email,
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                institution=institution,
                password="!benchmark-unusable",
                is_active=True,
            )

        coordinator = person("coordinator@bench.example.org", "BIAFED")
        analysts = [
            person(f"analyst{i}@bench.example.org", facilities[i % FACILITIES].institution)
            for i in range(ANALYSTS)
        ]
        institutions = [f"University {i}" for i in range(60)] + [f.institution for f in facilities]
        requesters = [
            person(f"requester{i}@bench.example.org", rng.choice(institutions))
            for i in range(REQUESTERS)
        ]
        bulk(User, [coordinator, *analysts, *requesters])
        bulk(
            UserRole,
            [
                UserRole(user=coordinator, role=Role.COORDINATOR),
                *(UserRole(user=a, role=Role.ANALYST) for a in analysts),
                *(UserRole(user=r, role=Role.REQUESTER) for r in requesters),
            ],
        )
        bulk(
            AnalystProfile,
            [
                AnalystProfile(
                    user=a,
                    host_facility=facilities[i % FACILITIES],
                    rules_accepted_at=now,
                    rules_version="2024-1",
                    bio="Image analyst.",
                )
                for i, a in enumerate(analysts)
            ],
        )

        today = timezone.localdate()
        days = []
        for i in range(PAST_DAYS + UPCOMING_DAYS):
            offset = (i - PAST_DAYS) * 14 + 5  # every two weeks, 40 in the past, 10 ahead
            date = today + timedelta(days=offset)
            if offset < 0:
                status = DayStatus.CLOSED
            elif i == PAST_DAYS:
                status = DayStatus.ALLOCATION_PUBLISHED
            else:
                status = DayStatus.PUBLISHED
            noon = datetime.combine(date, dtime(12, 0), tzinfo=timezone.get_current_timezone())
            days.append(
                OpenDeskDay(
                    title=f"Open desk #{i + 1}",
                    date=date,
                    time_zone="Europe/Paris",
                    first_slot_start=dtime(14, 0),
                    slot_count=(3, 4, 6, 3, 5, 4)[i % 6],
                    rooms_per_slot=(3, 3, 2)[i % 3],
                    registration_opens_at=noon - timedelta(days=42),
                    registration_deadline=noon - timedelta(days=7),
                    data_deadline=noon - timedelta(days=3),
                    meeting_link_pattern="https://meet.example.org/biafed-{day}-{slot}-{room}",
                    status=status,
                    created_by=coordinator,
                )
            )
        bulk(OpenDeskDay, days)
        slots = bulk(
            Slot,
            [
                Slot(
                    day=day,
                    index=s,
                    starts_at=day.slot_start(s),
                    ends_at=day.slot_start(s) + timedelta(hours=1),
                )
                for day in days
                for s in range(day.slot_count)
            ],
        )
        slots_of = {}
        for slot in slots:
            slots_of.setdefault(slot.day_id, []).append(slot)
        # Panels rotate through the analysts; whoever can sit on a slot's panels is available then.
        bulk(
            AnalystAvailability,
            [
                AnalystAvailability(
                    analyst=analysts[(_panel_base(d, s.index) + j) % ANALYSTS], slot=s
                )
                for d, day in enumerate(days)
                for s in slots_of[day.pk]
                for j in range(12)
            ],
        )

    return {
        "coordinator": coordinator,
        "analysts": analysts,
        "requesters": requesters,
        "days": days,
        "slots_of": slots_of,
        "modalities": list(
            ExpertiseTerm.objects.filter(family=ExpertiseFamily.MODALITY).values_list(
                "pk", flat=True
            )
        ),
        "languages": list(Language.objects.values_list("pk", flat=True)),
    }


def _panel_base(day_index: int, slot_index: int) -> int:
    return (day_index * 5 + slot_index * 7) % ANALYSTS


def _panel_for(day_index: int, slot_index: int, room: int, size: int) -> list[int]:
    """Analyst indexes for one room: distinct across the rooms of a slot (offsets 0..8)."""
    base = _panel_base(day_index, slot_index)
    return [(base + (room - 1) * 3 + k) % ANALYSTS for k in range(size)]


def seed_bookings(net: dict, total: int, rng: random.Random) -> None:
    """`total` bookings over the days, with files, panels, feedback and outcomes."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from biafed.intake.models import DataFile, FileStatus
    from biafed.opendesk.models import (
        Booking,
        DayStatus,
        Dimensionality,
        Feedback,
        PanelMember,
        SessionOutcome,
    )
    from biafed.opendesk.models import BookingStatus as S

    now = timezone.now()
    days, slots_of = net["days"], net["slots_of"]
    weights = [rng.uniform(0.6, 1.6) for _ in days]
    counts = [int(total * w / sum(weights)) for w in weights]
    for i in rng.sample(range(len(days)), total - sum(counts)):
        counts[i] += 1

    bookings: list[Booking] = []
    panels: list[tuple[int, list[int]]] = []  # (booking list index, analyst indexes)
    file_counts: list[int] = []

    def booking(day, status, slot=None, room=None) -> Booking:
        submitted = status != S.DRAFT
        b = Booking(
            day=day,
            requester=rng.choice(net["requesters"]),
            status=status,
            slot=slot,
            room=room,
            title=rng.choice(TITLES),
            biological_question=QUESTION,
            objects_of_interest=OBJECTS,
            measurements=MEASURES,
            modality_id=rng.choice(net["modalities"]),
            dimensionality=rng.choice(Dimensionality.values),
            channel_count=rng.randint(1, 4),
            file_format=rng.choice(("TIFF", "CZI", "LIF", "ND2", "OME-Zarr")),
            image_count_and_size="about 40 images of 2048 x 2048 pixels",
            tried_so_far=TRIED,
            preferred_language_id=rng.choice(net["languages"]),
            consent_to_share=True,
            submitted_at=now - timedelta(days=rng.randint(1, 60)) if submitted else None,
            cancelled_at=(
                now - timedelta(days=rng.randint(0, 30)) if status == S.CANCELLED else None
            ),
            panel_version=1 if status in (S.ALLOCATED, S.CONFIRMED, S.HELD, S.NO_SHOW) else 0,
        )
        bookings.append(b)
        return b

    for d, (day, count) in enumerate(zip(days, counts, strict=True)):
        rooms = range(1, day.rooms_per_slot + 1)
        places = [(slot, room) for slot in slots_of[day.pk] for room in rooms]
        past = day.status == DayStatus.CLOSED
        fill = 0.85 if past else rng.uniform(0.6, 1.0)
        placed = min(count, round(len(places) * fill))
        for slot, room in rng.sample(places, placed):
            if past:
                status = S.HELD if rng.random() < 0.85 else S.NO_SHOW
            elif day.status == DayStatus.ALLOCATION_PUBLISHED:
                status = S.CONFIRMED
            else:
                status = rng.choices(
                    (S.ALLOCATED, S.READY, S.SUBMITTED, S.DATA_MISSING), (30, 35, 25, 10)
                )[0]
            booking(day, status, slot, room)
            if status in (S.ALLOCATED, S.CONFIRMED, S.HELD, S.NO_SHOW):
                size = rng.choice((2, 3, 3))
                panels.append((len(bookings) - 1, _panel_for(d, slot.index, room, size)))
            elif status == S.READY and rng.random() < 0.2:  # a panel still being formed
                panels.append((len(bookings) - 1, _panel_for(d, slot.index, room, 1)))
            with_files = status not in (S.SUBMITTED, S.DATA_MISSING) and rng.random() < 0.9
            file_counts.append(rng.randint(1, 3) if with_files else 0)
        rest = count - placed
        if day.status == DayStatus.PUBLISHED and rest >= 2:
            for _ in range(2):  # waiting without a room, as after a manual move
                booking(day, rng.choice((S.SUBMITTED, S.READY)), rng.choice(slots_of[day.pk]))
                file_counts.append(rng.randint(0, 2))
            rest -= 2
        for _ in range(rest):
            if rng.random() < 0.35:
                booking(day, S.DRAFT)
                file_counts.append(1 if rng.random() < 0.3 else 0)
            else:
                booking(day, S.CANCELLED, rng.choice(slots_of[day.pk]))
                file_counts.append(rng.randint(1, 2) if rng.random() < 0.5 else 0)

    analysts = net["analysts"]
    with transaction.atomic():
        bulk(Booking, bookings)
        booking_type = ContentType.objects.get_for_model(Booking)
        bulk(
            DataFile,
            [
                DataFile(
                    content_type=booking_type,
                    object_id=b.pk,
                    file=f"intake/{b.day_id}/{b.pk}/image_{k}.tif",
                    original_name=f"image_{k}.tif",
                    size=rng.randint(2, 400) * 1_048_576,
                    uploaded_by_id=b.requester_id,
                    status=FileStatus.VALID,
                    format="tiff",
                )
                for b, n in zip(bookings, file_counts, strict=True)
                for k in range(n)
            ],
            batch_size=2_000,
        )
        bulk(
            PanelMember,
            [
                PanelMember(
                    booking=bookings[i],
                    analyst=analysts[a],
                    slot_id=bookings[i].slot_id,
                    affinity=round(rng.uniform(0.2, 0.95), 2),
                    explanation="Shares: segmentation, Fiji",
                )
                for i, members in panels
                for a in members
            ],
        )
        held = [b for b in bookings if b.status == S.HELD]
        bulk(
            Feedback,
            [
                Feedback(booking=b, usefulness=rng.randint(3, 5), comment="Very helpful.")
                for b in held
                if rng.random() < 0.6
            ],
        )
        bulk(
            SessionOutcome,
            [
                SessionOutcome(
                    booking=b,
                    advice="Train a StarDist model on 20 annotated images.",
                    shared_links="https://example.org/notebook.ipynb",
                    recorded_by=analysts[0],
                )
                for b in held
                if rng.random() < 0.8
            ],
        )
    _analyze()


def _analyze() -> None:
    """PostgreSQL: refresh planner statistics, as autovacuum would after such a load."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def delete_bookings() -> None:
    """Remove every booking and what hangs off it (raw DELETEs: no signals, no collector)."""
    from django.apps import apps
    from django.db import connection, transaction

    from biafed.intake.models import DataFile
    from biafed.opendesk.models import Booking, Feedback, PanelMember, SessionOutcome

    Notification = apps.get_model("notifications", "Notification")
    tables = [
        Notification._meta.db_table,
        SessionOutcome.tools_suggested.through._meta.db_table,
        SessionOutcome._meta.db_table,
        Feedback._meta.db_table,
        PanelMember._meta.db_table,
        DataFile._meta.db_table,
        Booking.tools_tried.through._meta.db_table,
        Booking.topics.through._meta.db_table,
        Booking.preferred_slots.through._meta.db_table,
        Booking._meta.db_table,
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


# --------------------------------------------------------------------------- measuring


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure(client, url: str, *, requests: int, warmups: int, check) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmups):
        check(client.get(url))
    times = []
    for _ in range(requests):
        start = clock()
        response = client.get(url)
        times.append((clock() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        check(client.get(url))
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "queries": len(captured.captured_queries),
        "sql": [q["sql"] for q in captured.captured_queries],
    }


def pages_for(total: int):
    """(name, url, check) for the measured pages at the current database contents."""
    from django.db.models import Count
    from django.urls import reverse

    from biafed.opendesk.models import Booking, BookingStatus, OpenDeskDay
    from biafed.opendesk.views.requester import PAGE_SIZE

    busiest = OpenDeskDay.objects.annotate(n=Count("bookings")).order_by("-n", "pk").first()
    listed = Booking.objects.exclude(status=BookingStatus.DRAFT).count()
    pages = max(1, math.ceil(listed / PAGE_SIZE))
    middle = max(1, (pages + 1) // 2)
    on_page = lambda number: min(PAGE_SIZE, listed - (number - 1) * PAGE_SIZE)  # noqa: E731

    def dashboard_ok(response):
        assert response.status_code == 200, response.status_code
        assert busiest.title.encode() in response.content

    def list_ok(number):
        def check(response):
            assert response.status_code == 200, response.status_code
            rows = response.content.count(b'data-testid="status"')
            expected = on_page(number)
            assert rows == expected, f"page {number}: {rows} rows, expected {expected}"

        return check

    def api_ok(response):
        assert response.status_code == 200, response.status_code
        assert response.json()["count"] > 0

    base = reverse("opendesk:booking_list")
    last = max(1, pages)
    on_day = Booking.objects.filter(day=busiest).exclude(status=BookingStatus.DRAFT).count()
    held = Booking.objects.filter(status=BookingStatus.HELD).count()
    held_pages = max(1, math.ceil(held / PAGE_SIZE))
    searched = (
        Booking.objects.exclude(status=BookingStatus.DRAFT).filter(title__icontains=SEARCH).count()
    )

    def rows_ok(expected):
        def check(response):
            assert response.status_code == 200, response.status_code
            rows = response.content.count(b'data-testid="status"')
            assert rows == expected, f"{rows} rows, expected {expected}"

        return check

    api = reverse("api:booking-list")
    return (
        busiest,
        listed,
        [
            ("day_dashboard", reverse("opendesk:day_dashboard", args=[busiest.pk]), dashboard_ok),
            ("booking_list_first", base, list_ok(1)),
            ("booking_list_middle", f"{base}?page={middle}", list_ok(middle)),
            ("booking_list_last", f"{base}?page={last}", list_ok(last)),
            ("booking_list_day", f"{base}?day={busiest.pk}", rows_ok(min(PAGE_SIZE, on_day))),
            (
                "booking_list_state_middle",
                f"{base}?status=held&page={(held_pages + 1) // 2}",
                rows_ok(min(PAGE_SIZE, held - ((held_pages + 1) // 2 - 1) * PAGE_SIZE)),
            ),
            ("booking_list_search", f"{base}?q={SEARCH}", rows_ok(min(PAGE_SIZE, searched))),
            ("api_bookings_first", api, api_ok),
            ("api_bookings_of_busiest_day", f"{api}?day={busiest.pk}", api_ok),
        ],
    )


# --------------------------------------------------------------------------- main


def run_on(database: str, args) -> list[dict]:
    """Seed and time every page on one database; rows carry `"db"`."""
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    elif not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("--db postgresql needs DATABASE_URL=postgresql://...")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results: list[dict] = []
    with bench_environment() as where:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        say(f"database: {where}; settings {settings.SETTINGS_MODULE}, DEBUG={settings.DEBUG}")
        t = clock()
        call_command("migrate", verbosity=0, interactive=False)
        say(f"migrated in {clock() - t:.1f}s")

        rng = random.Random(SEED)
        t = clock()
        net = seed_network(rng)
        say(
            f"network seeded in {clock() - t:.1f}s: {FACILITIES} facilities, {ANALYSTS} analysts, "
            f"{REQUESTERS} requesters, {len(net['days'])} days"
        )

        client = Client()
        client.force_login(net["coordinator"])
        results = []
        for size in sizes:
            delete_bookings()
            t = clock()
            seed_bookings(net, size, random.Random(SEED + size))
            seeded = clock() - t
            from biafed.intake.models import DataFile
            from biafed.opendesk.models import PanelMember

            busiest, listed, pages = pages_for(size)
            files, seats = DataFile.objects.count(), PanelMember.objects.count()
            say(
                f"\n{size:,} bookings seeded in {seeded:.1f}s ({files:,} files, {seats:,} panel "
                f"seats, {listed:,} listed for coordinators); busiest day: {busiest.title} with "
                f"{busiest.n:,} bookings"
            )
            for name, url, check in pages:
                t = clock()
                figures = measure(
                    client, url, requests=args.requests, warmups=args.warmups, check=check
                )
                say(
                    f"  {name:<22} {url:<36} p50 {figures['p50_ms']:8.1f} ms  "
                    f"p95 {figures['p95_ms']:8.1f} ms  {figures['queries']:3d} queries  "
                    f"({clock() - t:.1f}s)"
                )
                if args.show_sql:
                    for sql in figures["sql"]:
                        say(f"      {sql[:400]}")
                results.append(
                    {
                        "db": database,
                        "page": name,
                        "rows": size,
                        "p50_ms": figures["p50_ms"],
                        "p95_ms": figures["p95_ms"],
                        "queries": figures["queries"],
                    }
                )

    return results


def report(results: list[dict]) -> bool:
    """Print the table; True when every page's query count is the same at every size."""
    say("")
    say(f"{'db':<11} {'page':<26} {'rows':>9} {'p50_ms':>9} {'p95_ms':>9} {'queries':>8}")
    say("-" * 77)
    for r in results:
        say(
            f"{r['db']:<11} {r['page']:<26} {r['rows']:>9,} {r['p50_ms']:>9.1f} "
            f"{r['p95_ms']:>9.1f} {r['queries']:>8}"
        )
    say("")
    constant = True
    for db in dict.fromkeys(r["db"] for r in results):
        rows = [r for r in results if r["db"] == db]
        sizes = sorted({r["rows"] for r in rows})
        small, big = sizes[0], sizes[-1]
        for name in dict.fromkeys(r["page"] for r in rows):
            q = {r["rows"]: r["queries"] for r in rows if r["page"] == name}
            p50 = {r["rows"]: r["p50_ms"] for r in rows if r["page"] == name}
            same = len(set(q.values())) == 1
            constant &= same
            say(
                f"{db} {name}: {q[small]} queries at {small:,} rows, {q[big]} at {big:,} rows -> "
                f"{'constant' if same else 'NOT CONSTANT'}; p50 x{p50[big] / max(p50[small], 0.001):.1f}"
            )
    say(f"QUERIES CONSTANT IN ROWS: {'YES' if constant else 'NO'}")
    return constant


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="bookings per run, comma-separated (default %(default)s)",
    )
    parser.add_argument(
        "-n",
        "--requests",
        type=int,
        default=REQUESTS,
        help="timed requests per page (default %(default)s)",
    )
    parser.add_argument("--warmups", type=int, default=WARMUPS, help="untimed requests first")
    parser.add_argument("--show-sql", action="store_true", help="print the SQL of each page")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE, help="JSON results file")
    parser.add_argument(
        "--db",
        choices=("auto", "sqlite", "postgresql"),
        default="auto",
        help="auto: SQLite, then PostgreSQL too when DATABASE_URL points to one",
    )
    args = parser.parse_args()
    started = clock()
    if args.db == "auto":
        databases = ["sqlite"]
        if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
            databases.append("postgresql")
    else:
        databases = [args.db]
    if len(databases) == 1:
        results = run_on(databases[0], args)
    else:
        results = []
        for database in databases:  # one process each: Django reads its settings once
            with tempfile.TemporaryDirectory() as tmp:
                part = Path(tmp) / "part.json"
                command = [sys.executable, __file__, "--db", database, "--output", str(part)]
                command += ["--sizes", args.sizes, "--requests", str(args.requests)]
                command += ["--warmups", str(args.warmups)] + (["--show-sql"] * args.show_sql)
                done = subprocess.run(command, check=False)
                if not part.exists():
                    return done.returncode or 1
                results += json.loads(part.read_text(encoding="utf-8"))
    constant = report(results)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    tmp.replace(args.output)
    out = args.output.resolve()
    shown = out.relative_to(REPO_DIR) if out.is_relative_to(REPO_DIR) else out
    say(f"wrote {shown}; total {clock() - started:.0f}s")
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
