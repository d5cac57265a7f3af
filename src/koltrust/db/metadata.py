"""Imports every table module so that ``Base.metadata`` is complete (for Alembic and tests)."""

from __future__ import annotations

from sqlalchemy import MetaData

from koltrust.audience import models as _audience  # noqa: F401
from koltrust.audit import models as _audit  # noqa: F401
from koltrust.auth import models as _auth  # noqa: F401
from koltrust.campaigns import models as _campaigns  # noqa: F401
from koltrust.cases import models as _cases  # noqa: F401
from koltrust.claims import models as _claims  # noqa: F401
from koltrust.content import models as _content  # noqa: F401
from koltrust.db.base import Base
from koltrust.media_records import models as _media  # noqa: F401
from koltrust.notices import models as _notices  # noqa: F401
from koltrust.notifications import models as _notifications  # noqa: F401
from koltrust.registry import models as _registry  # noqa: F401
from koltrust.reports import models as _reports  # noqa: F401
from koltrust.sanctions import models as _sanctions  # noqa: F401
from koltrust.trust import models as _trust  # noqa: F401


def metadata() -> MetaData:
    """The metadata of every koltrust table."""
    return Base.metadata
