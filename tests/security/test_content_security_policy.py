"""A strict Content-Security-Policy on every page, and templates it does not break.

The policy forbids inline scripts, event-handler attributes and style attributes; the
browser tests (tests/e2e/conftest.py) fail on any CSP violation reported in the console,
and the permission matrix checks that every page it requests carries the policy."""

import re
from pathlib import Path

import biafed

TEMPLATES = sorted(Path(biafed.__file__).parent.glob("**/templates/**/*.html"))
INLINE = {
    "style attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S),
    "inline <style>": re.compile(r"<style[\s>]"),
    "inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>"),
    "event-handler attribute": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S),
    "hx-on (evaluated by htmx)": re.compile(r"\shx-on[:-]"),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_needs_inline_script_or_style():
    found = [
        f"{path.relative_to(Path(biafed.__file__).parent)}: {what}"
        for path in TEMPLATES
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert len(TEMPLATES) > 50
    assert found == []


def test_the_policy_forbids_inline_code_and_framing(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
