"""Views counted in a limits Redis reach the database in batches, from the worker."""

from django_tasks import task

from .counting import views_flush


@task()
def views_flush_task() -> int:
    return views_flush()
