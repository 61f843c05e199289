from django.urls import path

from . import dashboard
from .views import arbitration, case, files, lists, register, rooms

app_name = "disputes"
urlpatterns = [
    path("", lists.case_list, name="list"),
    path("queue/", lists.queue, name="queue"),
    path("batch/", lists.batch, name="batch"),
    path("new/", register.create, name="create"),
    path("arbitration/", arbitration.workspace, name="arbitration_workspace"),
    path("arbitration/calendar/", arbitration.calendar, name="hearing_calendar"),
    path("arbitration/rooms/", rooms.rooms, name="hearing_rooms"),
    path("arbitration/rooms/<int:pk>/", rooms.room, name="hearing_room"),
    path("<int:pk>/", case.detail, name="detail"),
    path("<int:pk>/registered/", register.registered, name="registered"),
    path("<int:pk>/evidence/<int:evidence_id>/", files.evidence_file, name="evidence"),
    path("<int:pk>/agreement.pdf", files.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/award.pdf", files.award_pdf, name="award_pdf"),
    path("<int:pk>/final-award.pdf", files.final_award_pdf, name="final_award_pdf"),
    path("<int:pk>/<slug:action>/", case.PAGE.view, name="action"),
    *dashboard.urlpatterns,
]
