from django.urls import path

import pcnadmin.converters  # noqa: F401  (registers the "ods" converter)
from networks import views

app_name = "networks"
urlpatterns = [
    path("commissioners/", views.commissioner_list, name="commissioner_list"),
    path("commissioners/<ods:code>/", views.commissioner_detail, name="commissioner_detail"),
    path("pcns/", views.pcn_list, name="pcn_list"),
    path("pcns/<ods:code>/", views.pcn_detail, name="pcn_detail"),
    path("practices/<ods:code>/", views.practice_detail, name="practice_detail"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/register-template.csv", views.register_template, name="register_template"),
    path("users/", views.user_list, name="user_list"),
    path("users/invite/", views.user_invite, name="user_invite"),
    path("users/<int:pk>/", views.user_change, name="user_change"),
    path("users/<int:pk>/remove/", views.user_remove, name="user_remove"),
    path("welcome/<token:uidb64>/<token:token>/", views.UserWelcome.as_view(), name="user_welcome"),
]
