from . import views

app_name = "portal"
urlpatterns = views.urlpatterns
