"""The five projects of Table 1 of the F-BIAS paper (../shared/seeds/f-bias-distributed-core-
facility.txt): titles, effort (h) and consultations (h) as published; the notes are our own
summaries of the paper's (the demo in `src/biafed/projects/data/demo_projects.json` uses the
same words)."""

TABLE1 = [
    (
        "Characterization of motile bacteria trajectories from microscopy time-lapse images",
        "A network member's Python library of trajectory descriptors was extended to a"
        " newly studied bacterial species and installed in the requesting lab, whose "
        "team also learnt from the analyst how to track the bacteria themselves.",
        50,
        5,
    ),
    (
        "Feasibility study on multi animal tracking tools on non-tagged individuals",
        "A short study: can a few chosen tracking tools follow individual, unmarked "
        "fish when about twelve share one aquarium? The answer now supports a grant "
        "proposal to develop these tools further for behaviour studies.",
        60,
        8,
    ),
    (
        "Automatic measurements of frequency and amplitude of beating cilia in "
        "bronchial cells from high-speed microscopy movies",
        "Closed after the feasibility phase: a few quick trials showed that the images"
        " are too complex for the network to deliver a reliable measurement. The "
        "requesters were pointed to image-processing research groups for a research "
        "collaboration instead.",
        4,
        2,
    ),
    (
        "Automated recognition and classification of red blood cells",
        "Aim: a tool the lab runs itself to find red blood cells of several classes "
        "across a large image collection. The first phase compares detection and "
        "classification methods to choose the best one.",
        50,
        3,
    ),
    (
        "Custom development around an existing codebase",
        "The requesters needed changes inside a scientific tool written by a network "
        "member before they could build their own plugin on top of it; the analyst "
        "made them in the tool's core.",
        80,
        10,
    ),
]
