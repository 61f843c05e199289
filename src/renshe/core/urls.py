from django.urls import path

from . import system_views, views

app_name = "core"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("lists/columns/", views.list_columns, name="list_columns"),
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
    path("system/users/", system_views.users, name="system_users"),
    path("system/users/new/", system_views.user_create, name="system_user_create"),
    path("system/users/<int:pk>/", system_views.user_detail, name="system_user"),
    path("system/organisations/", system_views.organisations, name="system_organisations"),
    path("system/organisations/<int:pk>/", system_views.organisation_detail, name="system_organisation"),
    path("system/parameters/", system_views.system_parameters, name="system_parameters"),
    path("system/dictionaries/", system_views.dictionaries, name="system_dictionaries"),
    path("system/dictionaries/<int:pk>/", system_views.dictionary_entry, name="system_dictionary_entry"),
    path("system/dictionaries/<slug:kind>/", system_views.code_list, name="system_codes"),
    path("system/dictionaries/<slug:kind>/<int:pk>/", system_views.code_entry, name="system_code"),
    path("system/jobs/", system_views.scheduled_jobs, name="system_jobs"),
    path("system/clients/", system_views.clients, name="system_clients"),
    path("system/clients/new/", system_views.client_create, name="system_client_create"),
    path("system/clients/<int:pk>/", system_views.client_detail, name="system_client"),
    path("profile/", system_views.profile, name="profile"),
]
