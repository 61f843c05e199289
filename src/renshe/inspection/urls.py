from django.urls import include, path

from . import dashboard
from .views import case, documents, ledger, lists, register, sitecheck

app_name = "inspection"
urlpatterns = [
    path("", lists.case_list, name="list"),
    path("batch/", lists.batch, name="batch"),
    path("queue/", lists.queue, name="queue"),
    path("handover/", lists.handovers, name="handovers"),
    path("new/", register.create, name="create"),
    path("<int:pk>/", case.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", case.PAGE.view, name="action"),
    path("<int:pk>/reports/<int:report_id>/reporter/", case.reveal_reporter, name="reveal_reporter"),
    path("<int:pk>/ledger/view/", ledger.page, name="ledger"),
    path("<int:pk>/ledger/handover/", ledger.handover, name="handover"),
    *(
        path(f"<int:pk>/ledger/{slug}/", page.view, {"action": slug}, name=f"ledger_{slug}")
        for page in (ledger.LEDGER, ledger.HANDOVER)
        for slug in page.actions
    ),
    path("documents/order/<int:pk>.pdf", documents.order_pdf, name="order_pdf"),
    path("documents/decision/<int:pk>.pdf", documents.decision_pdf, name="decision_pdf"),
    path("documents/penalty-notice/<int:pk>.pdf", documents.penalty_notice_pdf, name="penalty_notice_pdf"),
    path("documents/penalty/<int:pk>.pdf", documents.penalty_pdf, name="penalty_pdf"),
    path("documents/<slug:kind>/<int:pk>/receipt.pdf", documents.receipt_pdf, name="receipt_pdf"),
    path("site-checks/<int:pk>/", sitecheck.site_check, name="site_check"),
    path("dashboard/", include(dashboard.urlpatterns)),
]
