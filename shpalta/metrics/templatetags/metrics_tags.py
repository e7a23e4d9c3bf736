from typing import Any

from django import template

from shpalta.news.models import Section

from ..selectors import popular

register = template.Library()


@register.inclusion_tag("metrics/_popular.html")
def popular_blocks(section: Section | None = None) -> dict[str, Any]:
    """«Найпопулярніше» and «Обговорюване» of the site, or of ``section`` (article pages)."""
    return {"popular": popular(section_id=section.pk if section else None), "section": section}
