from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from audit import views as audit
from pcnadmin import home, search, views

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz/", views.health, name="health"),
    path("search/", search.search, name="search"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("audit/", audit.audit_search, name="audit"),
    path("", include("networks.urls")),
    path("", include("funding.urls")),
    path("", include("workforce.urls")),
]

handler400 = "pcnadmin.views.bad_request"
handler403 = "pcnadmin.views.forbidden"
handler404 = "pcnadmin.views.not_found"
handler500 = "pcnadmin.views.server_error"
