"""Catalogue benchmark: `make bench-catalogue`.

In a throw-away database (the environment of benchmarks/pages/run.py: a temporary SQLite
file, or a dedicated PostgreSQL database when DATABASE_URL names one), with the whole
shipped catalogue, it times:

- `import_catalogue` into the freshly migrated database, then again 3 times (nothing
  changes: the idempotent re-run `make run` does at every start);
- building the vocabulary from scratch (`catalogue.selectors.vocabulary()` and the
  engine's `Vocabulary` the matching services make of it), 3 times;
- the catalogue pages as a requester (the list, a French search, an entry page) and the
  booking form's suggestion service: warm-up requests, then N timed ones (p50/p95 in ms,
  and the queries of one request).

Results go to benchmarks/results/catalogue.json (`--data DIR` reads another folder of
data files, e.g. before they are merged).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
from pathlib import Path
from time import perf_counter as clock

REPO_DIR = Path(__file__).resolve().parents[2]
RESULTS_FILE = REPO_DIR / "benchmarks" / "results" / "catalogue.json"
sys.path.insert(0, str(REPO_DIR / "src"))

_spec = importlib.util.spec_from_file_location("bench_pages", REPO_DIR / "benchmarks/pages/run.py")
pages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pages)

REQUESTS, WARMUPS, RUNS = 30, 3, 3
TEXTS = (
    "Nuclei touch each other in our 3D confocal stacks and we need to count them.",
    "Nous voulons suivre chaque bactérie au cours du temps dans des films en contraste de phase.",
    "Queremos medir la colocalización de dos proteínas en células fijadas.",
)


def timed(run) -> float:
    start = clock()
    run()
    return round(clock() - start, 3)


def spread(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 3),
        "min": min(values),
        "max": max(values),
        "runs": values,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="folder of the catalogue's data files")
    parser.add_argument("-n", "--requests", type=int, default=REQUESTS)
    parser.add_argument("--output", type=Path, default=RESULTS_FILE)
    args = parser.parse_args()

    with pages.bench_environment() as where:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from biafed.catalogue import selectors
        from biafed.catalogue.models import CatalogueEntry, EdamConcept
        from biafed.catalogue.services.importing import import_catalogue
        from biafed.matching.services import suggestions
        from biafed.people.models import Role, User, UserRole

        pages.say(f"database: {where}")
        call_command("migrate", verbosity=0, interactive=False)

        first = timed(lambda: import_catalogue(data_dir=args.data))
        again = [timed(lambda: import_catalogue(data_dir=args.data)) for _ in range(RUNS)]
        entries, concepts = CatalogueEntry.objects.count(), EdamConcept.objects.count()
        pages.say(f"import: {first:.1f}s into an empty database ({entries} entries)")
        pages.say(f"import again (nothing changes): {spread(again)}")

        def build() -> None:
            selectors.forget()
            suggestions._built.clear()
            suggestions.vocabulary()

        builds = [timed(build) for _ in range(RUNS)]
        pages.say(f"vocabulary from scratch: {spread(builds)}")

        suggest_ms = []
        for _ in range(WARMUPS):
            suggestions.suggest_terms(text=TEXTS[0])
        for i in range(args.requests):
            text = f"{TEXTS[i % len(TEXTS)]} ({i})"  # not cached by the engine
            start = clock()
            suggestions.suggest_terms(text=text)
            suggest_ms.append((clock() - start) * 1000)

        client = Client()
        requester = User.objects.create(email="bench-requester@example.org")
        UserRole.objects.create(user=requester, role=Role.REQUESTER)
        client.force_login(requester)
        stardist = CatalogueEntry.objects.filter(slug="stardist").first()
        urls = {
            "catalogue list": reverse("catalogue:home"),
            "search in French": reverse("catalogue:home") + "?q=noyaux",
            "entry page": reverse(
                "catalogue:entry", args=[(stardist or CatalogueEntry.objects.first()).pk]
            ),
        }

        def ok(response) -> None:
            assert response.status_code == 200, response.status_code

        results = {
            "database": where,
            "entries": entries,
            "edam_concepts": concepts,
            "import_first_s": first,
            "import_again_s": spread(again),
            "vocabulary_build_s": spread(builds),
            "suggest_terms_ms": {
                "p50": round(statistics.median(suggest_ms), 2),
                "p95": round(pages.percentile(suggest_ms, 95), 2),
            },
            "pages": {},
        }
        for name, url in urls.items():
            figures = pages.measure(client, url, requests=args.requests, warmups=WARMUPS, check=ok)
            figures.pop("sql")
            results["pages"][name] = {"url": url, **figures}
            pages.say(
                f"  {name:<18} p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  {figures['queries']} queries"
            )
        pages.say(f"suggest_terms: {results['suggest_terms_ms']}")

    args.output.write_text(json.dumps(results, indent=2) + "\n")
    pages.say(f"results in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
