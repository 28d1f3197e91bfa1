import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.web import form_page, require
from biafed.people import services
from biafed.people.forms import (
    AccountForm,
    DirectoryFilterForm,
    ExpertiseForm,
    FacilityPlaceForm,
    MemberSearchForm,
    MembershipForm,
    ProfileForm,
    TermForm,
)
from biafed.people.models import (
    AnalystExpertise,
    AnalystProfile,
    ExpertiseTerm,
    HostFacility,
    User,
)


@login_required
def directory(request):
    """Analysts and their expertise, filterable by term, site and language."""
    require(request.user, "people.view_directory")
    form = DirectoryFilterForm(request.GET or None)
    profiles = (
        AnalystProfile.objects.filter(user__is_active=True)
        .select_related("user", "host_facility")
        .prefetch_related(
            "languages",
            Prefetch("expertise", queryset=AnalystExpertise.objects.select_related("term")),
        )
        .order_by("user__full_name")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["term"]:
            held = AnalystExpertise.objects.filter(term=data["term"])
            if data["level"]:
                held = held.filter(level=data["level"])
            profiles = profiles.filter(pk__in=held.values("profile_id"))
        if data["site"]:
            profiles = profiles.filter(host_facility=data["site"])
        if data["language"]:
            profiles = profiles.filter(languages=data["language"])
    return render(request, "people/directory.html", {"form": form, "profiles": profiles})


@login_required
def facilities(request):
    sites = HostFacility.objects.prefetch_related("analysts__user").order_by(
        "country", "city", "name"
    )
    return render(request, "people/facilities.html", {"sites": sites})


@login_required
def facility(request, facility_id: int):
    """A host facility, its analysts, and where it is on the network's map; coordinators and
    the facility's managers set the city and coordinates here."""
    site = get_object_or_404(HostFacility, pk=facility_id)
    can_place = rules.has_perm("people.edit_facility_place", request.user, site)
    if request.method == "POST":
        require(request.user, "people.edit_facility_place", site)
    form = FacilityPlaceForm(
        request.POST or None,
        initial={"city": site.city, "latitude": site.latitude, "longitude": site.longitude},
    )
    return form_page(
        request,
        form,
        lambda data: services.set_facility_place(actor=request.user, facility=site, **data),
        success=_("The place of %(name)s is saved.") % {"name": site.name},
        done=reverse("people:facility", args=[site.pk]),
        template="people/facility.html",
        site=site,
        can_place=can_place,
        analysts=site.analysts.filter(user__is_active=True).select_related("user"),
    )


@login_required
def my_profile(request):
    """Every person: name and institution, their data, closing the account; analysts also
    their profile and expertise."""
    user = request.user
    posted = request.POST.get("form", "profile") if request.method == "POST" else None
    account_form = AccountForm(
        request.POST if posted == "account" else None,
        initial={"full_name": user.full_name, "institution": user.institution},
        prefix="account",
    )
    if posted == "account" and account_form.is_valid():
        services.update_account(actor=user, user=user, **account_form.cleaned_data)
        messages.success(request, _("Your name and institution are saved."))
        return redirect("people:my_profile")
    profile = getattr(user, "analyst_profile", None)
    context = {"account_form": account_form, "profile": profile}
    if profile is not None:
        terms = ExpertiseTerm.objects.filter(is_active=True).order_by("family", "name")
        current = dict(profile.expertise.values_list("term_id", "level"))
        data = request.POST if posted == "profile" else None
        profile_form = ProfileForm(data, instance=profile, prefix="profile")
        expertise_form = ExpertiseForm(data, terms=terms, current=current, prefix="exp")
        if data is not None and profile_form.is_valid() and expertise_form.is_valid():
            profile_form.save()
            services.set_expertise(actor=user, profile=profile, levels=expertise_form.levels())
            messages.success(request, _("Your profile is saved."))
            return redirect("people:my_profile")
        context.update(profile_form=profile_form, expertise_form=expertise_form)
    elif posted == "profile":
        raise PermissionDenied
    return render(request, "people/profile_form.html", context)


@login_required
def network_rules(request):
    profile = getattr(request.user, "analyst_profile", None)
    if request.method == "POST":
        if profile is None:
            raise PermissionDenied
        if request.POST.get("accept") != "yes":
            messages.error(request, _("Tick the box to accept the rules."))
        else:
            services.accept_network_rules(analyst=request.user)
            messages.success(request, _("Thank you: you can now be put on open-desk panels."))
            return redirect("people:my_profile")
    return render(
        request,
        "people/network_rules.html",
        {"profile": profile, "version": services.RULES_VERSION},
    )


@login_required
def vocabulary(request):
    require(request.user, "people.edit_vocabulary")
    terms = ExpertiseTerm.objects.order_by("family", "name")
    return render(request, "people/vocabulary.html", {"terms": terms, "form": TermForm()})


@login_required
def term_edit(request, pk: int | None = None):
    require(request.user, "people.edit_vocabulary")
    term = get_object_or_404(ExpertiseTerm, pk=pk) if pk else None
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        services.save_term(actor=request.user, term=form.save(commit=False))
        messages.success(request, _("Term saved."))
        return redirect("people:vocabulary")
    return render(request, "people/term_form.html", {"form": form, "term": term})


@login_required
@require_POST
def term_toggle(request, pk: int):
    require(request.user, "people.edit_vocabulary")
    term = get_object_or_404(ExpertiseTerm, pk=pk)
    term.is_active = not term.is_active
    services.save_term(actor=request.user, term=term)
    return redirect("people:vocabulary")


@login_required
def members(request):
    """Coordinators: everyone with an account, their roles, searchable."""
    require(request.user, "people.manage_members")
    search = MemberSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    people = User.objects.prefetch_related("roles").select_related("analyst_profile__host_facility")
    if query:
        people = people.filter(
            Q(email__icontains=query)
            | Q(full_name__icontains=query)
            | Q(institution__icontains=query)
        )
    page = Paginator(people.order_by("full_name", "email"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/members.html",
        {"page": page, "q": search["q"].value() or "", "form": search},
    )


@login_required
def member_edit(request, pk: int):
    require(request.user, "people.manage_members")
    person = get_object_or_404(User.objects.select_related("analyst_profile__host_facility"), pk=pk)
    profile = getattr(person, "analyst_profile", None)
    form = MembershipForm(
        request.POST or None,
        initial={
            "roles": list(person.roles.values_list("role", flat=True)),
            "host_facility": profile.host_facility_id if profile else None,
        },
    )
    return form_page(
        request,
        form,
        lambda data: services.set_membership(
            actor=request.user,
            user=person,
            roles=set(data["roles"]),
            host_facility=data["host_facility"],
        ),
        success=_("Roles of %(name)s saved.") % {"name": person},
        done="people:members",
        template="people/member_form.html",
        person=person,
    )
