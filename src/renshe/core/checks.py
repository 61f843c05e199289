"""Start-up checks of the data key (core.protection.check_data_key): a server, worker or command started with
a data key the database's values are not under refuses to start, before it writes anything.

`at_start` runs where no system check does: gunicorn's application (renshe/wsgi.py) and Celery's worker and
beat (renshe/celery.py). Management commands that touch the database run the system check (`migrate`,
`check --database default`, which bin/demo runs), and every write of a protected value checks again.
"""

from django.core import checks
from django.db import connections

from . import protection


def at_start() -> None:
    """Raises DataKeyMismatch; closes the connection it opened, which a preloading server's workers would
    otherwise inherit across the fork."""
    try:
        protection.check_data_key()
    finally:
        connections.close_all()


@checks.register(checks.Tags.database)
def data_key(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    if not databases or "default" not in databases:
        return []
    try:
        protection.check_data_key()
    except protection.DataKeyMismatch as mismatch:
        return [checks.Error(str(mismatch), id="renshe.core.E001")]
    return []
