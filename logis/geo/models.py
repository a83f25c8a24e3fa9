from django.db import models


class Commune(models.Model):
    """A French commune (INSEE code), with the coordinates of its centre.

    Loaded from logis/geo/data/communes.csv.gz (built by scripts/build_communes.py from INSEE data).
    """

    insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    departement = models.CharField("département", max_length=3, db_index=True)
    region = models.CharField("région", max_length=2)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    lat = models.FloatField("latitude")
    lng = models.FloatField("longitude")
    population = models.PositiveIntegerField("population", default=0)

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["postal_code"])]

    def __str__(self):
        return f"{self.name} ({self.postal_code or self.departement})"
