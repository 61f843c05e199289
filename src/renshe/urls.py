from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from oauth2_provider import views as oauth_views

from .api import api
from .audit import views as audit_views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", audit_views.password_change, name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # other systems' tokens (OAuth 2 client credentials, core.tokens): before the API's own routes
    path("api/v1/oauth/token", oauth_views.TokenView.as_view(), name="oauth_token"),
    path("api/v1/oauth/revoke", oauth_views.RevokeTokenView.as_view(), name="oauth_revoke"),
    path("api/v1/", api.urls),
    path("disputes/", include("renshe.disputes.urls")),
    path("inspection/", include("renshe.inspection.urls")),
    path("portal/", include("renshe.portal.urls")),
    path("audit/", include("renshe.audit.urls")),
    path("messages/", include("renshe.messaging.urls")),
    path("", include("renshe.core.urls")),
]

handler404 = "renshe.api.page_not_found"
# a database outage met outside a view answers 503 too, not 500 or 400 (core.middleware)
handler400 = "renshe.core.middleware.bad_request"
handler500 = "renshe.core.middleware.server_error"
