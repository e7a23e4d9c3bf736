"""The demo front page of ``make run``: an editor-chosen «Головне» and marked stories."""

from django.db import transaction

from shpalta.news.demo import SAMPLE_TITLE
from shpalta.news.models import Article, Importance

from .models import Slot
from .services import MAIN_SLOTS

#: Demo stories by title, marked so the стрічка shows bold and «Терміново» lines.
IMPORTANCE = {
    SAMPLE_TITLE: Importance.URGENT,
    "Уряд оновив програму житлових компенсацій": Importance.IMPORTANT,
    "Лідери G7 обговорили підтримку України": Importance.IMPORTANT,
}


@transaction.atomic
def frontpage_demo_load() -> int:
    """Mark the demo stories and place the sample on top with older stories as «Головне»
    (not simply the newest, so the choice is visible). Returns the slots created; a second
    run, or a front page an editor already arranged, changes nothing."""
    for title, importance in IMPORTANCE.items():
        # update() leaves changed_at alone: a second run changes nothing.
        Article.objects.filter(is_demo=True, title=title).exclude(importance=importance).update(
            importance=importance
        )
    if Slot.objects.exists():
        return 0
    demo = Article.objects.published().filter(is_demo=True).order_by("-published_at", "-id")
    top = demo.filter(title=SAMPLE_TITLE).first()
    if top is None:
        return 0
    # Every third story from the second day on: an editor's picks, not the newest.
    others = [a for a in demo.exclude(pk=top.pk)[6::3]][:MAIN_SLOTS]
    slots = Slot.objects.bulk_create(
        Slot(position=i, article=article) for i, article in enumerate([top, *others])
    )
    return len(slots)
