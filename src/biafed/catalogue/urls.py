from django.urls import path

from biafed.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.entry_list, name="home"),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("articles/", views.article_list, name="articles"),
    path("articles/new/", views.article_edit, name="article_create"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
]
