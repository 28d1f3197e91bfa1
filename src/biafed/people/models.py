from functools import cached_property

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from biafed.common.fields import FreeTextField, NameField
from biafed.common.models import TimeStampedModel
from biafed.common.orcid import orcid_url, validate_orcid
from biafed.common.text import without_bidi_controls
from biafed.people.vocabulary import language_name, term_name


class Role(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    ANALYST = "analyst", _("Analyst")
    COORDINATOR = "coordinator", _("Coordinator")
    COMMITTEE = "committee", _("Committee member")
    FACILITY_MANAGER = "facility_manager", _("Host-facility manager")
    ADMIN = "admin", _("Administrator")


ROLE_DESCRIPTIONS = {
    Role.REQUESTER: _("Books open-desk sessions and requests projects."),
    Role.ANALYST: _("Sits on open-desk panels and works on projects."),
    Role.COORDINATOR: _("Sets up open-desk days, allocates panels, runs the service."),
    Role.COMMITTEE: _("Reviews collaborative-project requests."),
    Role.FACILITY_MANAGER: _("Approves the time their facility's analysts give."),
    Role.ADMIN: _("Manages accounts and the vocabulary."),
}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an e-mail address; what they may do comes from their roles."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = NameField(_("full name"), max_length=150, blank=True)
    institution = NameField(
        _("institution"),
        max_length=200,
        blank=True,
        help_text=_("Your university or institute; used to avoid conflicts of interest."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, default="en", blank=True
    )
    # Filled from a linked ORCID sign-in (people.identity), never typed: a verified iD.
    orcid = models.CharField(
        _("ORCID iD"), max_length=19, blank=True, default="", validators=[validate_orcid]
    )
    # Set when the account is closed (people.privacy.close_account): the person's data is
    # erased or pseudonymised, the row stays so that bookings, projects and invoices add up.
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return without_bidi_controls(self.full_name or self.email)

    @property
    def orcid_url(self) -> str:
        return orcid_url(self.orcid)

    @cached_property
    def role_names(self) -> frozenset[str]:
        if not self.pk or not self.is_active:
            return frozenset()
        names = set(self.roles.values_list("role", flat=True))
        if self.is_superuser:
            names.add(Role.ADMIN)
        return frozenset(names)

    def has_role(self, role: str) -> bool:
        return role in self.role_names


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]
        verbose_name = _("role assignment")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class HostFacility(TimeStampedModel):
    """A core facility that employs one or more of the network's analysts."""

    name = NameField(_("name"), max_length=200, unique=True)
    institution = NameField(_("institution"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    umbrella_network = models.CharField(
        _("umbrella network"), max_length=120, blank=True, help_text=_("e.g. France-BioImaging")
    )
    managers = models.ManyToManyField(
        User, blank=True, related_name="managed_facilities", verbose_name=_("managers")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("host facility")
        verbose_name_plural = _("host facilities")

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class ExpertiseFamily(models.TextChoices):
    TOOL = "tool", _("Software and tools")
    METHOD = "method", _("Methods")
    MODALITY = "modality", _("Imaging modalities")
    DOMAIN = "domain", _("Biological domains")


class ExpertiseTerm(models.Model):
    """One entry of the shared, coordinator-editable expertise vocabulary."""

    family = models.CharField(_("family"), max_length=16, choices=ExpertiseFamily.choices)
    name = NameField(_("name"), max_length=100)
    synonyms = models.CharField(
        _("synonyms"), max_length=300, blank=True, help_text=_("Comma-separated, e.g. ImageJ, FIJI")
    )
    description = FreeTextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["family", "name"]
        constraints = [
            models.UniqueConstraint(fields=["family", "name"], name="unique_term_per_family")
        ]
        verbose_name = _("expertise term")
        verbose_name_plural = _("expertise terms")

    def __str__(self) -> str:
        return term_name(self.name)

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]


class Language(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")

    def __str__(self) -> str:
        return language_name(self.code, self.name)


class Background(models.TextChoices):
    BIOLOGY = "biology", _("Biology")
    COMPUTER_SCIENCE = "computer_science", _("Computer science")
    MATHEMATICS = "mathematics", _("Mathematics")
    PHYSICS = "physics", _("Physics")
    ENGINEERING = "engineering", _("Engineering")
    CHEMISTRY = "chemistry", _("Chemistry")
    OTHER = "other", _("Other")


class CareerStage(models.TextChoices):
    JUNIOR = "junior", _("Junior engineer (< 3 years)")
    CONFIRMED = "confirmed", _("Confirmed engineer")
    SENIOR = "senior", _("Senior engineer / research engineer")
    HEAD = "head", _("Facility head")


class ExpertiseLevel(models.TextChoices):
    ADVISE = "advise", _("Can advise")
    EXPERT = "expert", _("Expert")


class AnalystProfile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="analyst_profile")
    host_facility = models.ForeignKey(
        HostFacility,
        on_delete=models.PROTECT,
        related_name="analysts",
        verbose_name=_("host facility"),
    )
    background = models.CharField(
        _("background"), max_length=32, choices=Background.choices, default=Background.BIOLOGY
    )
    career_stage = models.CharField(
        _("career stage"), max_length=16, choices=CareerStage.choices, default=CareerStage.CONFIRMED
    )
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    bio = FreeTextField(_("short profile"), blank=True)
    daily_session_cap = models.PositiveSmallIntegerField(
        _("open-desk sessions per day at most"), default=3
    )
    rules_accepted_at = models.DateTimeField(_("network rules accepted on"), null=True, blank=True)
    rules_version = models.CharField(_("rules version accepted"), max_length=20, blank=True)

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("analyst profile")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def has_accepted_rules(self) -> bool:
        return self.rules_accepted_at is not None


class AnalystExpertise(models.Model):
    profile = models.ForeignKey(AnalystProfile, on_delete=models.CASCADE, related_name="expertise")
    term = models.ForeignKey(ExpertiseTerm, on_delete=models.CASCADE, related_name="holders")
    level = models.CharField(
        _("level"), max_length=8, choices=ExpertiseLevel.choices, default=ExpertiseLevel.ADVISE
    )

    class Meta:
        ordering = ["term__family", "term__name"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "term"], name="unique_expertise_per_analyst")
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.get_level_display()})"


class PrivacyNotice(models.Model):
    """One version of the privacy notice shown at /privacy/; the newest is the one in force.

    Coordinators write new versions; none saved means the default text written with the
    code (people/templates/people/privacy_default.txt)."""

    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published on"), auto_now_add=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return f"{self.published_at:%Y-%m-%d %H:%M}"
