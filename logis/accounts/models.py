from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("kind", User.Kind.STAFF)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an e-mail address.

    The coarse kind says which space the person uses; a professional's role (employer HR, landlord agent,
    commission member, advisor) comes from a Membership in an organisation.
    """

    class Kind(models.TextChoices):
        APPLICANT = "applicant", "Demandeur"
        PROFESSIONAL = "professional", "Professionnel"
        STAFF = "staff", "Équipe Logis"

    username = None
    email = models.EmailField("adresse e-mail", unique=True)
    kind = models.CharField("type de compte", max_length=20, choices=Kind.choices, default=Kind.APPLICANT)
    # The retention job's e-mail before an unused account is deleted (logis.privacy.services).
    inactivity_warned_at = models.DateTimeField("prévenu de la suppression pour inactivité le", null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_applicant(self) -> bool:
        return self.kind == self.Kind.APPLICANT
