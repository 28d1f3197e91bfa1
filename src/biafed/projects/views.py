from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    """Placeholder until the projects pages land."""
    return render(request, "projects/home.html")
