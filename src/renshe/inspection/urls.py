from django.urls import include, path

from . import dashboard, document_views, views
from .ledger_views import urlpatterns as ledger_urls

app_name = "inspection"
urlpatterns = [
    *views.urlpatterns,
    path("", include(ledger_urls)),
    path("documents/", include(document_views.urlpatterns)),
    path("dashboard/", include(dashboard.urlpatterns)),
]
