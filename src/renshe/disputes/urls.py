from . import dashboard, views

app_name = "disputes"
urlpatterns = views.urlpatterns + dashboard.urlpatterns
