from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("templates/", views.sms_templates, name="sms_templates"),
    path("templates/<int:pk>/", views.sms_template, name="sms_template"),
]
