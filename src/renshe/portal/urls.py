from . import report_views, views

app_name = "portal"
urlpatterns = views.urlpatterns + report_views.urlpatterns
