from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    """Placeholder until the reporting pages land."""
    return render(request, "reporting/home.html")
