"""The allocation engine: open-desk schedules and panels, and project teams, on plain data.

No Django import anywhere in this package (tests/matching/engine/test_no_django.py):
the Django side builds an `Instance` from the database, passes its settings as
parameters (`Parameters.text_scorer`, `solve(time_limit=..., num_workers=...)`) and
applies the returned `Solution`. The JSON instance format and the model are
described in docs/allocation.md.

What is exported here is the engine's public API: callers outside the engine
import from `biafed.matching.engine` only, never from its submodules.
"""

from biafed.matching.engine.affinity import (
    LANGUAGE_BONUS,
    LEVEL_WEIGHT,
    Affinity,
    affinities,
    affinity,
    affinity_matrix,
    text_terms,
    vocabulary_of,
)
from biafed.matching.engine.catalogue import Catalogue, Concept, Entry, load_files
from biafed.matching.engine.check import violations
from biafed.matching.engine.control import Progress, ShouldStop
from biafed.matching.engine.embedding import available as embeddings_available
from biafed.matching.engine.generate import PRESETS, generate, preset
from biafed.matching.engine.greedy import greedy
from biafed.matching.engine.instance import (
    DEFAULT_TEXT_SCORER,
    TEXT_SCORERS,
    Analyst,
    Instance,
    InstanceError,
    Parameters,
    Request,
    Slot,
    dump_instance,
    dumps_instance,
    instance_from_dict,
    instance_to_dict,
    load_instance,
    loads_instance,
)
from biafed.matching.engine.messages import Message, render
from biafed.matching.engine.project import (
    ProjectAnalyst,
    ProjectCandidate,
    ProjectProposal,
    ProjectRequest,
    assign_projects,
    propose_project_team,
)
from biafed.matching.engine.similar import Case, CaseIndex, Similar
from biafed.matching.engine.solution import (
    TIERS,
    Assignment,
    Objective,
    Seat,
    Solution,
    TierResult,
    dumps_solution,
    figures,
    objective_of,
    solution_to_dict,
)
from biafed.matching.engine.solve import solve
from biafed.matching.engine.suggest import suggest_terms, suggestions
from biafed.matching.engine.text import Term, Vocabulary
from biafed.matching.engine.twostage import two_stage
from biafed.matching.engine.understand import Evidence, Need, Understander, Understanding

__all__ = [
    "Case",
    "CaseIndex",
    "Catalogue",
    "Concept",
    "Entry",
    "Evidence",
    "Need",
    "Similar",
    "Understander",
    "Understanding",
    "load_files",
    # Instances (plain data) and their JSON form
    "Analyst",
    "Instance",
    "InstanceError",
    "Parameters",
    "Request",
    "Slot",
    "DEFAULT_TEXT_SCORER",
    "TEXT_SCORERS",
    "dump_instance",
    "dumps_instance",
    "instance_from_dict",
    "instance_to_dict",
    "load_instance",
    "loads_instance",
    # Solving an open-desk instance, and the baselines it is compared with
    "solve",
    "greedy",
    "two_stage",
    "Progress",
    "ShouldStop",
    # Solutions, their objective and the independent constraint checker
    "Solution",
    "Assignment",
    "Seat",
    "Objective",
    "TierResult",
    "TIERS",
    "objective_of",
    "figures",
    "solution_to_dict",
    "dumps_solution",
    "violations",
    # Affinity between a request and an analyst
    "Affinity",
    "affinity",
    "affinities",
    "affinity_matrix",
    "text_terms",
    "vocabulary_of",
    "LEVEL_WEIGHT",
    "LANGUAGE_BONUS",
    # Project mode: a lead and a mentor per project
    "ProjectRequest",
    "ProjectAnalyst",
    "ProjectCandidate",
    "ProjectProposal",
    "propose_project_team",
    "assign_projects",
    # Expertise terms suggested from free text, and the vocabulary
    "suggestions",
    "suggest_terms",
    "Term",
    "Vocabulary",
    "embeddings_available",
    # Explanations as translatable pieces
    "Message",
    "render",
    # Generated instances (tests and benchmarks)
    "PRESETS",
    "generate",
    "preset",
]
