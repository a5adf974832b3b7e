from django.urls import path

from networks import views

app_name = "networks"
urlpatterns = [
    path("commissioners/", views.commissioner_list, name="commissioner_list"),
    path("commissioners/<str:code>/", views.commissioner_detail, name="commissioner_detail"),
    path("pcns/", views.pcn_list, name="pcn_list"),
    path("pcns/<str:code>/", views.pcn_detail, name="pcn_detail"),
    path("practices/<str:code>/", views.practice_detail, name="practice_detail"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/register-template.csv", views.register_template, name="register_template"),
]
