"""What the profile page asks of the apps above it, which fill this in their `ready()`:

    register_profile_section("api/_profile_tokens.html")

A profile section is a template included on "My profile" with the page's context
(`user`, `request`); it shows nothing when it has nothing to say.
"""

_profile_sections: list[str] = []


def register_profile_section(template_name: str) -> None:
    if template_name not in _profile_sections:
        _profile_sections.append(template_name)


def profile_sections() -> list[str]:
    return list(_profile_sections)
