from django.db import models


class CaseSequence(models.Model):
    """Last number issued per organisation, year and series (e.g. "dispute"); see core.numbering."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "series", "year"], name="case_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.series}/{self.year}: {self.last_number}"
