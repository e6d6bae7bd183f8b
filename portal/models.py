# The kernel's models (portal/lib/models.py), installed through this app: Django registers a model
# when its app's models module is imported.
from portal.lib.models import SentEmail  # noqa: F401
