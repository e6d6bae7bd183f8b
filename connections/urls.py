from django.urls import path

from connections import views

app_name = "connections"

urlpatterns = [
    path("customers/relationships/", views.relationships, name="relationships"),
]
