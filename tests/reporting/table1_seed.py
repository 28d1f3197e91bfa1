"""The five projects of Table 1 of the F-BIAS paper (../shared/seeds/f-bias-distributed-core-
facility.txt), copied from the seed text: title, notes, effort (h), consultations (h)."""

TABLE1 = [
    (
        "Characterization of motile bacteria trajectories from microscopy time-lapse images",
        "The project involved adapting a Python library developed by a F-BIAS member to compute "
        "trajectory descriptors to characterize a new bacteria species, and deploying it to the "
        "user's lab. The analyst also trained the user to perform tracking of the bacteria.",
        50,
        5,
    ),
    (
        "Feasibility study on multi animal tracking tools on non-tagged individuals",
        "Testing the feasibility of using selected tracking tools to track single, non-tagged "
        "fishes, in aquaria containing a dozen of them. The study results are used in a grant "
        "application to implement and refine these tools for fish behavioral studies.",
        60,
        8,
    ),
    (
        "Automatic measurements of frequency and amplitude of beating cilia in bronchial cells "
        "from high-speed microscopy movies",
        "The project was deemed infeasible due to the complexity of the image content. We tested "
        "several approaches quickly, that made us confident we would not address the request. We "
        "guided users to pursue collaboration with research groups focused on image processing.",
        4,
        2,
    ),
    (
        "Automated recognition and classification of red blood cells",
        "The goal is to build an end-user tool that can detect several classes of red blood cells "
        "in a large collection of images. The first part of the project involves identifying the "
        "optimal algorithm for red blood cell detection and classification.",
        50,
        3,
    ),
    (
        "Custom development around an existing codebase",
        "Users required some changes to be made in the core of a scientific tool developed by a "
        "member of F-BIAS, so that they could build their own plugin based on it.",
        80,
        10,
    ),
]
