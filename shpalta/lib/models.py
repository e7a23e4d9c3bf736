from django.db import models


class Limit(models.Model):
    """One entry of the database limits store (shpalta.lib.limits): a counter, a claim,
    a rate-limit history or a purge time. Written only through raw atomic SQL there."""

    key = models.CharField(max_length=250, primary_key=True)
    value = models.TextField(default="null")  # JSON
    hits = models.BigIntegerField(default=0)
    expires = models.FloatField(null=True, db_index=True)  # Unix time; NULL: never

    class Meta:
        db_table = "shpalta_limit"

    def __str__(self) -> str:
        return self.key
