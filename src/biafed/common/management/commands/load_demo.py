"""Load a realistic demo network: host facilities, analysts, requesters, open-desk days.

Idempotent: when the demo coordinator already exists nothing is changed. The whole
load runs in one transaction, so a failed run leaves no partial network behind.
Every account uses the password ``biafed-demo`` and has a verified e-mail address.
"""

import importlib
import json
import math
import random
import struct
import sys
import zlib
from array import array
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

import biafed.people
from biafed.matching.services import affinity_explained
from biafed.opendesk.models import (
    AnalystAvailability,
    Booking,
    BookingStatus,
    DayStatus,
    Feedback,
    FollowUp,
    OpenDeskDay,
    PanelMember,
    SessionOutcome,
    Slot,
)
from biafed.opendesk.services.bookings import (
    attach_files,
    save_answers,
    start_booking,
    submit_booking,
)
from biafed.opendesk.services.days import create_day, publish_day, set_availability
from biafed.people.models import (
    AnalystProfile,
    Background,
    CareerStage,
    ExpertiseTerm,
    HostFacility,
    Language,
    Role,
    User,
    UserRole,
)
from biafed.people.services import accept_network_rules, grant_role, set_expertise

DEMO_PASSWORD = "biafed-demo"
COORDINATOR_EMAIL = "coordinator@example.org"
ANALYST_EMAIL = "analyst@example.org"
REQUESTER_EMAIL = "requester@example.org"
TIME_ZONE = "Europe/Paris"
MEETING_LINK = "https://meet.example.org/biafed-{day}-{slot}-{room}"
NETWORK = "France-BioImaging"

VOCABULARY_FILE = Path(biafed.people.__file__).resolve().parent / "data" / "vocabulary.json"
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
}

E, A = "expert", "advise"

# key: (name, institution, city, latitude, longitude)
FACILITIES = {
    "mri": (
        "Montpellier Ressources Imagerie (MRI)",
        "Université de Montpellier",
        "Montpellier",
        "43.63873",
        "3.86367",
    ),
    "igbmc": (
        "IGBMC Imaging Centre",
        "Université de Strasbourg",
        "Strasbourg",
        "48.52970",
        "7.73640",
    ),
    "micropicell": ("MicroPICell", "Nantes Université", "Nantes", "47.20960", "-1.55390"),
    "curie": ("PICT-IBiSA, Institut Curie", "Institut Curie", "Paris", "48.84430", "2.34430"),
    "pasteur": (
        "Image Analysis Hub, Institut Pasteur",
        "Institut Pasteur",
        "Paris",
        "48.84050",
        "2.31010",
    ),
    "platim": ("PLATIM", "ENS de Lyon", "Lyon", "45.73250", "4.83270"),
    "bic": (
        "Bordeaux Imaging Center (BIC)",
        "Université de Bordeaux",
        "Bordeaux",
        "44.82650",
        "-0.60140",
    ),
    "ibdm": (
        "IBDM Imaging Platform",
        "Aix-Marseille Université",
        "Marseille",
        "43.23240",
        "5.43810",
    ),
    "cbi": (
        "CBI Image Processing (TRI-Genotoul)",
        "Université de Toulouse",
        "Toulouse",
        "43.56130",
        "1.46760",
    ),
    "iab": (
        "MicroCell, Institute for Advanced Biosciences",
        "Université Grenoble Alpes",
        "Grenoble",
        "45.19860",
        "5.74340",
    ),
    "bicel": (
        "BioImaging Center Lille (BICeL)",
        "Université de Lille",
        "Lille",
        "50.61130",
        "3.03590",
    ),
    "faiia": ("FAIIA, Biosit", "Université de Rennes", "Rennes", "48.11590", "-1.63870"),
}

# (e-mail, full name, facility, background, career stage, languages, expertise,
#  rules accepted, slot indices available on the upcoming day, short profile)
ANALYSTS = [
    (
        ANALYST_EMAIL,
        "Camille Laurent",
        "bic",
        Background.COMPUTER_SCIENCE,
        CareerStage.CONFIRMED,
        ("fr", "en"),
        {
            "Fiji/ImageJ macro": E,
            "TrackMate": E,
            "Python": A,
            "Tracking": E,
            "Segmentation": A,
            "Live time-lapse": E,
            "Confocal": A,
            "Cell biology": A,
        },
        True,
        (0, 1, 2),
        "Writes Fiji macros and TrackMate pipelines for live-imaging projects.",
    ),
    (
        "analyst02@example.org",
        "Julien Moreau",
        "mri",
        Background.PHYSICS,
        CareerStage.SENIOR,
        ("fr", "en", "es"),
        {
            "Fiji/ImageJ macro": E,
            "Huygens": E,
            "Deconvolution": E,
            "Colocalisation": E,
            "Intensity measurement": A,
            "Widefield": E,
            "Confocal": E,
            "Cell biology": A,
        },
        True,
        (0, 1, 2),
        "Optics background; deconvolution and quantitative fluorescence.",
    ),
    (
        "analyst03@example.org",
        "Sophie Bernard",
        "igbmc",
        Background.BIOLOGY,
        CareerStage.HEAD,
        ("fr", "en", "de"),
        {
            "Imaris": E,
            "BigDataViewer/BigStitcher": A,
            "3D reconstruction": E,
            "Stitching": A,
            "Visualisation": E,
            "Light-sheet": E,
            "Developmental biology": E,
        },
        True,
        (1, 2),
        "Heads the imaging centre; large 3D datasets of embryos and organoids.",
    ),
    (
        "analyst04@example.org",
        "Thomas Petit",
        "micropicell",
        Background.COMPUTER_SCIENCE,
        CareerStage.CONFIRMED,
        ("fr", "en"),
        {
            "Python": E,
            "napari": E,
            "Cellpose": E,
            "StarDist": A,
            "Deep learning frameworks": E,
            "Segmentation": E,
            "Machine learning / pixel classification": A,
            "Batch processing/automation": A,
        },
        True,
        (0, 1, 2),
        "Deep-learning segmentation in Python and napari; retrains Cellpose models.",
    ),
    (
        "analyst05@example.org",
        "Claire Rousseau",
        "curie",
        Background.BIOLOGY,
        CareerStage.SENIOR,
        ("fr", "en"),
        {
            "QuPath": E,
            "Classification": A,
            "Object counting": A,
            "Spatial statistics": A,
            "Whole-slide histology": E,
            "Histopathology": E,
            "Cancer biology": E,
        },
        True,
        (1, 2),
        "Digital pathology: QuPath projects, cell classification on tumour sections.",
    ),
    (
        "analyst06@example.org",
        "Antoine Girard",
        "pasteur",
        Background.MATHEMATICS,
        CareerStage.SENIOR,
        ("fr", "en"),
        {
            "Python": E,
            "TrackMate": E,
            "Deep learning frameworks": A,
            "Tracking": E,
            "Spatial statistics": E,
            "Live time-lapse": A,
            "Microbiology": A,
            "Infection biology": A,
        },
        True,
        (0, 2),
        "Tracking and spatial statistics; maintains several TrackMate detectors.",
    ),
    (
        "analyst07@example.org",
        "Lucía Fernández",
        "platim",
        Background.ENGINEERING,
        CareerStage.CONFIRMED,
        ("es", "fr", "en"),
        {
            "CellProfiler": E,
            "R": A,
            "Batch processing/automation": E,
            "Object counting": E,
            "Intensity measurement": E,
            "Quality control": A,
            "High-content screening": E,
        },
        True,
        (0, 1),
        "High-content screening pipelines with CellProfiler and R.",
    ),
    (
        "analyst08@example.org",
        "Mathieu Lefèvre",
        "ibdm",
        Background.BIOLOGY,
        CareerStage.CONFIRMED,
        ("fr", "en"),
        {
            "Fiji/ImageJ macro": E,
            "MorphoLibJ": E,
            "Morphometry": E,
            "Segmentation": A,
            "Confocal": A,
            "Developmental biology": E,
            "Neuroscience": A,
        },
        True,
        (1, 2),
        "Tissue morphometry in Drosophila and mouse development.",
    ),
    (
        "analyst09@example.org",
        "Élodie Mercier",
        "cbi",
        Background.COMPUTER_SCIENCE,
        CareerStage.SENIOR,
        ("fr", "en"),
        {
            "Python": E,
            "scikit-image": E,
            "elastix": E,
            "Registration": E,
            "Light-sheet": A,
            "Electron microscopy": A,
            "Plant biology": A,
        },
        True,
        (0, 1, 2),
        "Registration and classical image processing in Python.",
    ),
    (
        "analyst10@example.org",
        "Nicolas Blanc",
        "iab",
        Background.PHYSICS,
        CareerStage.HEAD,
        ("fr", "en"),
        {
            "MATLAB": E,
            "Python": A,
            "Super-resolution reconstruction": E,
            "Deconvolution": A,
            "Denoising": A,
            "Super-resolution": E,
            "Structural biology": A,
        },
        True,
        (0, 1),
        "Single-molecule localisation microscopy, from raw frames to cluster statistics.",
    ),
    (
        "analyst11@example.org",
        "Marie Fontaine",
        "bicel",
        Background.BIOLOGY,
        CareerStage.JUNIOR,
        ("fr", "en"),
        {
            "ilastik": E,
            "Fiji/ImageJ macro": A,
            "Machine learning / pixel classification": E,
            "Segmentation": A,
            "Widefield": A,
            "Immunology": A,
        },
        True,
        (0, 1, 2),
        "Pixel classification with ilastik for difficult, low-contrast images.",
    ),
    (
        "analyst12@example.org",
        "Hugo Chevalier",
        "faiia",
        Background.COMPUTER_SCIENCE,
        CareerStage.SENIOR,
        ("fr", "en"),
        {
            "Deep learning frameworks": E,
            "Python": E,
            "ZeroCostDL4Mic": E,
            "Cellpose": A,
            "napari": A,
            "Denoising": E,
            "Classification": E,
            "Quality control": A,
        },
        True,
        (0, 1, 2),
        "Deep learning for microscopy: denoising, restoration, classification.",
    ),
    (
        "analyst13@example.org",
        "Anna Keller",
        "igbmc",
        Background.BIOLOGY,
        CareerStage.CONFIRMED,
        ("de", "fr", "en"),
        {
            "Fiji/ImageJ macro": A,
            "Arivis": A,
            "Registration": A,
            "3D reconstruction": A,
            "Electron microscopy": E,
            "Correlative light-electron microscopy": E,
            "Structural biology": A,
        },
        True,
        (0, 2),
        "Volume EM and CLEM: alignment, segmentation of organelles.",
    ),
    (
        "analyst14@example.org",
        "Pierre Gauthier",
        "mri",
        Background.ENGINEERING,
        CareerStage.JUNIOR,
        ("fr", "en"),
        {
            "QuPath": A,
            "StarDist": A,
            "Fiji/ImageJ macro": A,
            "Object counting": A,
            "Whole-slide histology": A,
            "Brightfield/phase contrast": A,
            "Plant biology": E,
        },
        True,
        (1, 2),
        "Plant tissue imaging and cell counting; joined the network last year.",
    ),
    (
        "analyst15@example.org",
        "Giulia Romano",
        "pasteur",
        Background.BIOLOGY,
        CareerStage.CONFIRMED,
        ("it", "en", "fr"),
        {
            "Python": A,
            "napari plugins": A,
            "OMERO": A,
            "Segmentation": A,
            "Tracking": A,
            "Brightfield/phase contrast": E,
            "Microbiology": E,
            "Infection biology": E,
        },
        True,
        (0, 1),
        "Bacteria and parasites: segmentation and growth in microfluidic devices.",
    ),
    (
        "analyst16@example.org",
        "Sébastien Roux",
        "bic",
        Background.PHYSICS,
        CareerStage.HEAD,
        ("fr", "en"),
        {
            "Fiji/ImageJ macro": E,
            "Imaris": A,
            "Registration": A,
            "Denoising": A,
            "Intensity measurement": A,
            "Two-photon": E,
            "Neuroscience": E,
        },
        True,
        (1, 2),
        "Heads the imaging centre; intravital two-photon imaging of the brain.",
    ),
    (
        "analyst17@example.org",
        "Laura Martin",
        "micropicell",
        Background.BIOLOGY,
        CareerStage.CONFIRMED,
        ("fr", "en", "es"),
        {
            "Icy": E,
            "Fiji/ImageJ macro": A,
            "Colocalisation": E,
            "Spatial statistics": A,
            "Confocal": E,
            "Cell biology": E,
        },
        True,
        (0, 2),
        "Colocalisation and spot analysis in Icy protocols.",
    ),
    (
        "analyst18@example.org",
        "Yann Le Goff",
        "faiia",
        Background.ENGINEERING,
        CareerStage.CONFIRMED,
        ("fr", "en"),
        {
            "OMERO": E,
            "KNIME": A,
            "Python": A,
            "Quality control": E,
            "Batch processing/automation": E,
            "Visualisation": A,
        },
        False,
        (0, 1),
        "Research data management with OMERO; automated workflows.",
    ),
    (
        "analyst19@example.org",
        "Inès Haddad",
        "platim",
        Background.BIOLOGY,
        CareerStage.JUNIOR,
        ("fr", "en"),
        {
            "Labkit": A,
            "Segmentation": A,
            "Expansion microscopy": A,
            "Confocal": A,
            "Stem cells": E,
            "Developmental biology": A,
        },
        False,
        (1, 2),
        "Organoids and expansion microscopy; joined the network this month.",
    ),
    (
        "analyst20@example.org",
        "Vincent Marchand",
        "curie",
        Background.MATHEMATICS,
        CareerStage.SENIOR,
        ("fr", "en", "de"),
        {
            "Mastodon": E,
            "BigDataViewer/BigStitcher": E,
            "Tracking": E,
            "Stitching": E,
            "Light-sheet": A,
            "Live time-lapse": E,
            "Developmental biology": A,
        },
        True,
        (0, 1, 2),
        "Cell lineages in large light-sheet time-lapses with Mastodon.",
    ),
]

# (e-mail, full name, institution, preferred language)
REQUESTERS = [
    (REQUESTER_EMAIL, "Aurélie Martinez", "Université de Montpellier", "fr"),
    ("requester2@example.org", "Karim Benali", "Université Paris Cité", "fr"),
    ("requester3@example.org", "Hélène Dubois", "Université de Strasbourg", "fr"),
    ("requester4@example.org", "Marco Bianchi", "Station Biologique de Roscoff, CNRS", "en"),
    ("requester5@example.org", "Emma Schneider", "Université Claude Bernard Lyon 1", "en"),
]

# Synthetic example images: (file name, seed, generator options).
ORGANOID_IMAGES = [
    ("organoid_DAPI_z08.png", 11, {"count": 34, "radius": (7, 11)}),
    ("organoid_DAPI_z16.png", 12, {"count": 40, "radius": (7, 11)}),
]
BACTERIA_IMAGES = [
    ("chamber3_t000.png", 21, {"count": 45, "radius": (3, 4), "elongation": 2.6, "invert": True}),
    ("chamber3_t060.png", 22, {"count": 70, "radius": (3, 4), "elongation": 2.6, "invert": True}),
]
DIATOM_IMAGES = [
    (
        "plankton_net_sample_07.png",
        31,
        {"count": 14, "radius": (5, 9), "elongation": 3.2, "invert": True, "noise": 800},
    ),
]
SLIDE_IMAGES = [
    ("tumour_ROI_CD8_crop.png", 41, {"count": 120, "radius": (3, 5), "peak": 14000}),
    ("tumour_ROI_DAPI_crop.png", 42, {"count": 160, "radius": (4, 6)}),
]
LIGHTSHEET_IMAGES = [
    ("embryo_view0_t12_mip.png", 51, {"count": 60, "radius": (4, 7), "noise": 300}),
    ("embryo_view1_t12_mip.png", 52, {"count": 60, "radius": (4, 7), "noise": 300}),
]

# Upcoming day: (requester e-mail, slot index, other acceptable slots, answers, modality,
#                tools tried, topics, language, images, attach images before submitting)
UPCOMING_BOOKINGS = [
    (
        REQUESTER_EMAIL,
        0,
        (1,),
        {
            "title": "Nuclear size and number in intestinal organoids",
            "biological_question": (
                "We grow mouse intestinal organoids with and without a WNT inhibitor and want to "
                "know whether the treatment changes how many cells an organoid has and how big "
                "their nuclei are."
            ),
            "objects_of_interest": (
                "Nuclei (DAPI) packed in a curved epithelium; the organoid outline (membrane dye)."
            ),
            "measurements": (
                "Number of nuclei per organoid, volume of each nucleus, organoid volume; "
                "about 30 organoids per condition."
            ),
            "dimensionality": "3d",
            "channel_count": 2,
            "file_format": "CZI (Zeiss LSM 980)",
            "image_count_and_size": "60 stacks, 1024×1024×80 planes, about 300 MB each",
            "tried_so_far": (
                "Fiji 3D Objects Counter merges touching nuclei; Cellpose 2D on single planes "
                "works but we do not know how to go to 3D."
            ),
        },
        "Confocal",
        ("Fiji/ImageJ macro", "Cellpose"),
        ("Segmentation", "Morphometry", "3D reconstruction", "Stem cells"),
        "fr",
        ORGANOID_IMAGES,
        True,
    ),
    (
        "requester2@example.org",
        0,
        (1, 2),
        {
            "title": "Growth of single bacteria in a microfluidic mother machine",
            "biological_question": (
                "Does sub-lethal antibiotic exposure change the elongation rate and division size "
                "of E. coli cells?"
            ),
            "objects_of_interest": "Rod-shaped bacteria in narrow channels, phase contrast.",
            "measurements": "Cell length over time, division events, elongation rate per cell.",
            "dimensionality": "2d_t",
            "channel_count": 1,
            "file_format": "ND2 (Nikon)",
            "image_count_and_size": "40 positions × 300 frames, 2048×2048",
            "tried_so_far": "TrackMate with thresholding loses cells when they touch after division.",
        },
        "Live time-lapse",
        ("Fiji/ImageJ macro", "TrackMate"),
        ("Tracking", "Segmentation", "Microbiology", "Brightfield/phase contrast"),
        "fr",
        BACTERIA_IMAGES,
        False,
    ),
    (
        "requester3@example.org",
        1,
        (),
        {
            "title": "Colocalisation of two synaptic proteins in cultured neurons",
            "biological_question": (
                "Is our scaffold protein recruited to excitatory synapses after stimulation?"
            ),
            "objects_of_interest": "Dendrites, synaptic puncta in two channels, MAP2 for dendrites.",
            "measurements": "Fraction of PSD-95 puncta positive for our protein, per dendrite length.",
            "dimensionality": "2d",
            "channel_count": 3,
            "file_format": "LIF (Leica)",
            "image_count_and_size": "About 50 fields per condition, 1024×1024",
            "tried_so_far": "JACoP Pearson coefficients, but the values barely change.",
        },
        "Confocal",
        ("Fiji/ImageJ macro",),
        ("Colocalisation", "Neuroscience", "Object counting"),
        "fr",
        (),
        False,
    ),
    (
        "requester4@example.org",
        1,
        (0, 2),
        {
            "title": "Classifying diatom shapes in plankton net samples",
            "biological_question": (
                "How does the diatom community change along our coastal sampling transect over "
                "the seasons?"
            ),
            "objects_of_interest": "Individual diatoms of different species, some in chains.",
            "measurements": "Counts per morphological class, length and width of each cell.",
            "dimensionality": "2d",
            "channel_count": 1,
            "file_format": "TIFF",
            "image_count_and_size": "About 5,000 brightfield images per season, 2560×1920",
            "tried_so_far": "Manual counting on a subset; nothing automated yet.",
        },
        "Brightfield/phase contrast",
        (),
        ("Classification", "Morphometry", "Marine biology"),
        "en",
        DIATOM_IMAGES,
        True,
    ),
    (
        "requester5@example.org",
        2,
        (1,),
        {
            "title": "Immune infiltration in whole-slide tumour sections",
            "biological_question": (
                "Do tumours from responders to immunotherapy have more CD8 T cells in contact "
                "with tumour cells?"
            ),
            "objects_of_interest": "Tumour cells, CD8+ T cells, tumour margin, multiplex IF.",
            "measurements": (
                "Density of CD8+ cells in tumour core and margin, distance of each T cell to the "
                "nearest tumour cell."
            ),
            "dimensionality": "2d",
            "channel_count": 4,
            "file_format": "QPTIFF (slide scanner)",
            "image_count_and_size": "42 slides, about 3 GB each",
            "tried_so_far": (
                "QuPath cell detection and a simple classifier; the margin is drawn by hand."
            ),
        },
        "Whole-slide histology",
        ("QuPath",),
        ("Classification", "Spatial statistics", "Cancer biology", "Immunology"),
        "en",
        SLIDE_IMAGES,
        False,
    ),
    (
        "requester3@example.org",
        2,
        (),
        {
            "title": "Registering light-sheet views of zebrafish embryos",
            "biological_question": (
                "How do neural crest cells migrate in the first day of zebrafish development?"
            ),
            "objects_of_interest": "Whole embryos, nuclei in one channel, neural crest reporter.",
            "measurements": "First fused, drift-corrected volumes; later cell tracks.",
            "dimensionality": "3d_t",
            "channel_count": 2,
            "file_format": "HDF5 / TIFF series",
            "image_count_and_size": "2 views × 200 time points × 1.5 GB",
            "tried_so_far": "BigStitcher bead registration fails on some time points; Imaris is slow.",
        },
        "Light-sheet",
        ("BigDataViewer/BigStitcher", "Imaris"),
        ("Registration", "Stitching", "Tracking", "Developmental biology"),
        "en",
        LIGHTSHEET_IMAGES,
        False,
    ),
]

# Past day: (requester, slot index, room, status, answers, modality, topics, panel, outcome,
#            feedback) — outcome: (advice, tools suggested, links, follow-up)
PAST_BOOKINGS = [
    (
        REQUESTER_EMAIL,
        0,
        1,
        BookingStatus.HELD,
        {
            "title": "Measuring root hair length in Arabidopsis seedlings",
            "biological_question": "Do our mutants have shorter root hairs under phosphate starvation?",
            "objects_of_interest": "Root hairs along the primary root, brightfield.",
            "measurements": "Length of each root hair in the differentiation zone.",
            "dimensionality": "2d",
            "channel_count": 1,
            "file_format": "TIFF",
            "image_count_and_size": "300 images, 2048×2048",
            "tried_so_far": "Measuring by hand with the segmented line tool.",
        },
        "Brightfield/phase contrast",
        ("Morphometry", "Plant biology", "Fiji/ImageJ macro"),
        (ANALYST_EMAIL, "analyst08@example.org", "analyst09@example.org"),
        (
            "Straighten the root with the Fiji Straighten tool, then detect hairs with a ridge "
            "detector; a short macro loops over the folder. Image with a darker background to "
            "improve contrast.",
            ("Fiji/ImageJ macro", "MorphoLibJ"),
            "https://imagej.net/plugins/ridge-detection\n"
            "https://git.example.org/biafed/root-hairs-macro",
            FollowUp.OPEN_DESK,
        ),
        None,
    ),
    (
        "requester2@example.org",
        0,
        2,
        BookingStatus.HELD,
        {
            "title": "Segmenting mitochondria in serial-section EM",
            "biological_question": (
                "Does our knock-out change mitochondrial volume and cristae density?"
            ),
            "objects_of_interest": "Mitochondria in FIB-SEM stacks of HeLa cells.",
            "measurements": "Volume and surface of each mitochondrion.",
            "dimensionality": "3d",
            "channel_count": 1,
            "file_format": "TIFF stack",
            "image_count_and_size": "6 volumes, 2000×2000×800",
            "tried_so_far": "Manual tracing in a few planes with TrakEM2.",
        },
        "Electron microscopy",
        ("Segmentation", "3D reconstruction", "Deep learning frameworks"),
        ("analyst13@example.org", "analyst12@example.org", "analyst04@example.org"),
        (
            "Annotate a few sub-volumes, train a 3D U-Net and proofread in napari; use the "
            "MitoEM pretrained model as a starting point. This is a collaborative-project size job.",
            ("Deep learning frameworks", "napari", "Python"),
            "https://git.example.org/biafed/em-mito-notebooks",
            FollowUp.PROJECT,
        ),
        (5, "Very helpful, we now have a clear plan and a project request in preparation."),
    ),
    (
        "requester4@example.org",
        1,
        1,
        BookingStatus.HELD,
        {
            "title": "Counting fluorescent phytoplankton cells",
            "biological_question": "How does chlorophyll-containing cell density vary with depth?",
            "objects_of_interest": "Phytoplankton cells on filters, chlorophyll autofluorescence.",
            "measurements": "Number of cells per field and their intensity.",
            "dimensionality": "2d",
            "channel_count": 2,
            "file_format": "TIFF",
            "image_count_and_size": "800 fields, 1392×1040",
            "tried_so_far": "Thresholding in Fiji; debris is counted as cells.",
        },
        "Widefield",
        ("Object counting", "Intensity measurement", "Marine biology"),
        ("analyst07@example.org", "analyst11@example.org"),
        (
            "Use ilastik pixel classification to separate cells from debris, then a CellProfiler "
            "pipeline for counting and intensities over all fields.",
            ("ilastik", "CellProfiler"),
            "https://git.example.org/biafed/plankton-cellprofiler",
            FollowUp.NONE,
        ),
        (4, "Good advice; the CellProfiler pipeline works, ilastik needed some practice."),
    ),
    (
        "requester5@example.org",
        1,
        2,
        BookingStatus.HELD,
        {
            "title": "Tracking neural crest cell migration in chick embryos",
            "biological_question": "Does the guidance cue change migration speed and persistence?",
            "objects_of_interest": "Neural crest nuclei (H2B-GFP) in embryo slices.",
            "measurements": "Speed, directionality and persistence of each track.",
            "dimensionality": "3d_t",
            "channel_count": 1,
            "file_format": "CZI",
            "image_count_and_size": "12 movies, 512×512×30 × 150 time points",
            "tried_so_far": "Manual tracking of 20 cells per movie.",
        },
        "Live time-lapse",
        ("Tracking", "Developmental biology"),
        ("analyst06@example.org", "analyst20@example.org", "analyst16@example.org"),
        (
            "Correct drift first, detect nuclei with StarDist 3D and track with TrackMate; use "
            "Mastodon to curate the tracks. Compute persistence from the track tables in R or Python.",
            ("TrackMate", "StarDist", "Mastodon"),
            "https://imagej.net/plugins/trackmate/\nhttps://git.example.org/biafed/track-stats",
            FollowUp.NONE,
        ),
        (5, "Excellent, the panel even looked at our movies before the session."),
    ),
    (
        "requester3@example.org",
        2,
        1,
        BookingStatus.NO_SHOW,
        {
            "title": "Nuclear import kinetics after photo-activation",
            "biological_question": "Is the import of our reporter slower in the mutant?",
            "objects_of_interest": "Nuclei and cytoplasm of U2OS cells.",
            "measurements": "Nuclear/cytoplasmic intensity ratio over time.",
            "dimensionality": "2d_t",
            "channel_count": 1,
            "file_format": "LSM",
            "image_count_and_size": "20 movies, 512×512 × 100 frames",
            "tried_so_far": "ROI manager measurements by hand.",
        },
        "Confocal",
        ("Intensity measurement", "Cell biology"),
        ("analyst02@example.org", "analyst17@example.org"),
        None,
        None,
    ),
]


def _png16(width: int, height: int, pixels: array) -> bytes:
    """A 16-bit grayscale PNG, written by hand (no imaging library needed)."""
    data = array("H", pixels)
    if sys.byteorder == "little":
        data.byteswap()  # PNG samples are big-endian
    raw = data.tobytes()
    row = width * 2
    scanlines = b"".join(b"\x00" + raw[y * row : (y + 1) * row] for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 16, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(scanlines, 6))
        + chunk(b"IEND", b"")
    )


def synthetic_image(
    seed: int,
    *,
    size: int = 256,
    count: int = 30,
    radius=(6, 10),
    elongation: float = 1.0,
    background: float = 1500.0,
    peak: float = 20000.0,
    noise: float = 500.0,
    invert: bool = False,
) -> bytes:
    """Soft-edged blobs ("nuclei"), or rods when elongation > 1, on a noisy background."""
    rng = random.Random(seed)
    image = [0.0] * (size * size)
    for _ in range(count):
        cx, cy = rng.uniform(8, size - 8), rng.uniform(8, size - 8)
        r = rng.uniform(*radius)
        ax, ay = r * elongation, r
        angle = rng.uniform(0, math.pi)
        ca, sa = math.cos(angle), math.sin(angle)
        half = ax - ay  # rods: a segment of this half-length, thickened by ay
        amplitude = peak * rng.uniform(0.6, 1.2)
        reach = int(max(ax, ay) * 1.5) + 3
        for y in range(max(0, int(cy) - reach), min(size, int(cy) + reach + 1)):
            for x in range(max(0, int(cx) - reach), min(size, int(cx) + reach + 1)):
                dx, dy = x - cx, y - cy
                along = max(0.0, abs(dx * ca + dy * sa) - half)
                across = -dx * sa + dy * ca
                edge = (math.sqrt(along * along + across * across) - ay) / 1.2  # soft edge
                if edge < 30:
                    image[y * size + x] += amplitude / (1.0 + math.exp(edge))
    top = peak * 1.3 + background
    pixels = array("H")
    for value in image:
        value = (top - value) if invert else (background + value)
        value += rng.gauss(0.0, noise)
        pixels.append(min(65535, max(0, int(value))))
    return _png16(size, size, pixels)


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(TIME_ZONE))


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


class Command(BaseCommand):
    help = "Load a demo network (facilities, analysts, requesters, open-desk days). Idempotent."

    def handle(self, *args, **options):
        if User.objects.filter(email=COORDINATOR_EMAIL).exists():
            self.stdout.write("demo network already loaded")
            return
        self.stored_files: list = []
        try:
            with transaction.atomic():
                summary = self._load()
        except BaseException:
            # The database rolled back; remove the example images already written to storage.
            for storage, name in self.stored_files:
                storage.delete(name)
            raise
        self.stdout.write(summary)

    # --- building blocks -------------------------------------------------------------

    def _load(self) -> str:
        self.password = make_password(DEMO_PASSWORD)  # hash once, reuse for every account
        self._ensure_vocabulary()
        self.terms = {t.name: t for t in ExpertiseTerm.objects.all()}
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.facilities = self._facilities()
        self.coordinator = self._coordinator()
        self.analysts = self._analysts()
        self.requesters = self._requesters()
        upcoming, booked = self._upcoming_day()
        past, held = self._past_day()
        lines = [
            f"Demo network loaded: {len(self.facilities)} host facilities, "
            f"{len(self.analysts)} analysts, {len(self.requesters)} requesters; open desk on "
            f"{upcoming.date:%Y-%m-%d} with {booked} bookings, past open desk on "
            f"{past.date:%Y-%m-%d} with {held} sessions."
        ]
        lines += self._app_demos()
        return "\n".join(lines)

    def _app_demos(self) -> list[str]:
        """Let each app add its own demo data: `biafed.<app>.demo.load(stored_files=...)`.

        Each returns a one-line summary; files it writes to storage go into
        `stored_files` as (storage, name) so a failed load removes them.
        """
        lines = []
        for config in apps.get_app_configs():
            if not config.name.startswith("biafed."):
                continue
            try:
                demo = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            lines.append(demo.load(stored_files=self.stored_files))
        return [line for line in lines if line]

    def _ensure_vocabulary(self) -> None:
        """The data migration ships the vocabulary; restore any entry the demo relies on."""
        for entry in json.loads(VOCABULARY_FILE.read_text(encoding="utf-8")):
            ExpertiseTerm.objects.get_or_create(
                family=entry["family"],
                name=entry["name"],
                defaults={"synonyms": entry["synonyms"], "description": entry["description"]},
            )
        for code, name in LANGUAGE_NAMES.items():
            Language.objects.get_or_create(code=code, defaults={"name": name})

    def _term_list(self, names) -> list[ExpertiseTerm]:
        return [self.terms[name] for name in names]

    def _facilities(self) -> dict[str, HostFacility]:
        facilities = {}
        for key, (name, institution, city, lat, lon) in FACILITIES.items():
            facilities[key], _ = HostFacility.objects.get_or_create(
                name=name,
                defaults={
                    "institution": institution,
                    "city": city,
                    "country": "France",
                    "latitude": Decimal(lat),
                    "longitude": Decimal(lon),
                    "umbrella_network": NETWORK,
                },
            )
        return facilities

    def _user(
        self, email: str, full_name: str, institution: str, language: str = "en", **extra
    ) -> User:
        user = User.objects.create(
            email=email,
            full_name=full_name,
            institution=institution,
            preferred_language=language,
            password=self.password,
            **extra,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def _coordinator(self) -> User:
        user = self._user(
            COORDINATOR_EMAIL,
            "Nathalie Garnier",
            "France-BioImaging",
            "fr",
            is_staff=True,
            is_superuser=True,
        )
        for role in (Role.COORDINATOR, Role.ADMIN):
            UserRole.objects.create(user=user, role=role)
        user.__dict__.pop("role_names", None)
        return user

    def _analysts(self) -> list[User]:
        users = []
        for (
            email,
            name,
            facility_key,
            background,
            stage,
            languages,
            expertise,
            accepted,
            _slots,
            bio,
        ) in ANALYSTS:
            facility = self.facilities[facility_key]
            language = "fr" if "fr" in languages else "en"
            user = self._user(email, name, facility.institution, language)
            grant_role(actor=self.coordinator, user=user, role=Role.ANALYST)
            profile = AnalystProfile.objects.create(
                user=user,
                host_facility=facility,
                background=background,
                career_stage=stage,
                bio=bio,
                daily_session_cap=2 if stage == CareerStage.HEAD else 3,
            )
            profile.languages.set([self.languages[code] for code in languages])
            set_expertise(
                actor=self.coordinator,
                profile=profile,
                levels={self.terms[term].pk: level for term, level in expertise.items()},
            )
            if accepted:
                accept_network_rules(analyst=user)
            if stage == CareerStage.HEAD:
                facility.managers.add(user)
                grant_role(actor=self.coordinator, user=user, role=Role.FACILITY_MANAGER)
            users.append(user)
        return users

    def _requesters(self) -> list[User]:
        users = []
        for email, name, institution, language in REQUESTERS:
            user = self._user(email, name, institution, language)
            grant_role(actor=self.coordinator, user=user, role=Role.REQUESTER)
            users.append(user)
        return users

    def _attach(self, requester: User, booking: Booking, images) -> None:
        uploads = [
            SimpleUploadedFile(name, synthetic_image(seed, **options), content_type="image/png")
            for name, seed, options in images
        ]
        for record in attach_files(actor=requester, booking=booking, uploads=uploads):
            self.stored_files.append((record.file.storage, record.file.name))

    # --- the upcoming day, through the services --------------------------------------

    def _upcoming_day(self) -> tuple[OpenDeskDay, int]:
        today = timezone.localdate()
        day_date = _weekday_on_or_after(today + timedelta(days=21))
        day = create_day(
            coordinator=self.coordinator,
            title=f"F-BIAS open desk, {day_date:%d %B %Y}",
            date=day_date,
            time_zone=TIME_ZONE,
            first_slot_start=time(14, 0),
            slot_count=3,
            rooms_per_slot=3,
            registration_opens_at=timezone.now() - timedelta(days=3),
            registration_deadline=_local(day_date - timedelta(days=4), 18),
            data_deadline=_local(day_date - timedelta(days=2), 18),
            meeting_link_pattern=MEETING_LINK,
        )
        day = publish_day(coordinator=self.coordinator, day=day)
        slots = list(day.slots.order_by("index"))
        by_email = {u.email: u for u in self.analysts}
        for email, *_rest, available, _bio in ANALYSTS:
            set_availability(analyst=by_email[email], day=day, slots=[slots[i] for i in available])

        requesters = {u.email: u for u in self.requesters}
        for (
            email,
            slot_index,
            others,
            answers,
            modality,
            tools,
            topics,
            language,
            images,
            images_first,
        ) in UPCOMING_BOOKINGS:
            requester = requesters[email]
            booking = start_booking(requester=requester, day=day)
            save_answers(
                actor=requester,
                booking=booking,
                answers={
                    **answers,
                    "modality": self.terms[modality],
                    "preferred_language": self.languages[language],
                    "consent_to_share": True,
                },
                tools_tried=self._term_list(tools),
                topics=self._term_list(topics),
                preferred_slots=[slots[i] for i in others],
            )
            if images and images_first:
                self._attach(requester, booking, images)
            booking = submit_booking(requester=requester, booking=booking, slot=slots[slot_index])
            if images and not images_first:
                self._attach(requester, booking, images)
        return day, len(UPCOMING_BOOKINGS)

    # --- the past day, directly in the database (the services refuse past dates) ------

    def _past_day(self) -> tuple[OpenDeskDay, int]:
        today = timezone.localdate()
        day_date = _weekday_on_or_before(today - timedelta(days=60))
        published = _local(day_date - timedelta(days=30), 10)
        day = OpenDeskDay.objects.create(
            title=f"F-BIAS open desk, {day_date:%d %B %Y}",
            date=day_date,
            time_zone=TIME_ZONE,
            first_slot_start=time(14, 0),
            slot_count=3,
            rooms_per_slot=3,
            registration_opens_at=published,
            registration_deadline=_local(day_date - timedelta(days=4), 18),
            data_deadline=_local(day_date - timedelta(days=2), 18),
            meeting_link_pattern=MEETING_LINK,
            status=DayStatus.CLOSED,
            created_by=self.coordinator,
        )
        slots = [
            Slot.objects.create(
                day=day,
                index=i,
                starts_at=day.slot_start(i),
                ends_at=day.slot_start(i) + timedelta(hours=1),
            )
            for i in range(day.slot_count)
        ]
        analysts = {u.email: u for u in self.analysts}
        requesters = {u.email: u for u in self.requesters}
        held = 0
        for (
            email,
            slot_index,
            room,
            status,
            answers,
            modality,
            topics,
            panel,
            outcome,
            feedback,
        ) in PAST_BOOKINGS:
            slot = slots[slot_index]
            booking = Booking.objects.create(
                day=day,
                requester=requesters[email],
                status=status,
                slot=slot,
                room=room,
                panel_version=1,
                modality=self.terms[modality],
                preferred_language=self.languages[requesters[email].preferred_language],
                consent_to_share=True,
                submitted_at=_local(day_date - timedelta(days=9), 11),
                **answers,
            )
            booking.topics.set(self._term_list(topics))
            booking.preferred_slots.set([slot])
            for analyst_email in panel:
                analyst = analysts[analyst_email]
                AnalystAvailability.objects.get_or_create(analyst=analyst, slot=slot)
                score, why, why_parts = affinity_explained(booking, analyst)
                PanelMember.objects.create(
                    booking=booking,
                    analyst=analyst,
                    slot=slot,
                    affinity=score,
                    explanation=why[:300],
                    explanation_parts=why_parts,
                )
            if outcome:
                advice, tools, links, follow_up = outcome
                record = SessionOutcome.objects.create(
                    booking=booking,
                    advice=advice,
                    shared_links=links,
                    follow_up=follow_up,
                    recorded_by=analysts[panel[0]],
                )
                record.tools_suggested.set(self._term_list(tools))
                SessionOutcome.objects.filter(pk=record.pk).update(
                    created_at=slot.ends_at + timedelta(hours=1),
                    updated_at=slot.ends_at + timedelta(hours=1),
                )
            if feedback:
                usefulness, comment = feedback
                note = Feedback.objects.create(
                    booking=booking, usefulness=usefulness, comment=comment
                )
                Feedback.objects.filter(pk=note.pk).update(
                    submitted_at=slot.ends_at + timedelta(days=2)
                )
            held += status == BookingStatus.HELD
        Booking.objects.filter(day=day).update(
            created_at=_local(day_date - timedelta(days=10), 9),
            updated_at=_local(day_date, 18),
        )
        OpenDeskDay.objects.filter(pk=day.pk).update(created_at=published, updated_at=published)
        return day, held
