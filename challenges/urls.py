from django.urls import path

from challenges import views

app_name = "challenges"

urlpatterns = [
    path("customers/activate/<uuid:challenge_code>/", views.activate, name="activate"),
    path("customers/activate/<uuid:challenge_code>/give-up/", views.give_up, name="give-up"),
]
