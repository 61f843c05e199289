from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("enterprises/", views.enterprise_list, name="enterprises"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("people/<int:pk>/confirm-id/", views.person_confirm_id, name="person_confirm_id"),
    path("search/", views.search_page, name="search"),
    path("organisations/", views.organisation_tree, name="organisations"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("documents/<int:pk>.pdf", views.issued_document, name="issued_document"),
    path("documents/<int:pk>/correct/", views.correct_document, name="correct_document"),
]
