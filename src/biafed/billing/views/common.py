from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from biafed.billing.models import Invoice
from biafed.billing.rules import visible_billing_projects, visible_facilities, visible_invoices
from biafed.people.models import HostFacility
from biafed.projects.models import Project


def project_for(request, project_id: int) -> Project:
    """The project if the person may see its billing (404 otherwise)."""
    return get_object_or_404(
        visible_billing_projects(
            request.user, Project.objects.select_related("requester", "lead", "mentor")
        ),
        pk=project_id,
    )


def invoice_for(request, pk: int) -> Invoice:
    return get_object_or_404(
        visible_invoices(request.user).select_related(
            "project__requester", "quote", "credit_note", "issued_by"
        ),
        pk=pk,
    )


def facility_for(request, facility_id: int) -> HostFacility:
    return get_object_or_404(visible_facilities(request.user), pk=facility_id)


def download(content, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename=filename, content_type="application/pdf", inline=True)


def csv_response(text: str, filename: str) -> HttpResponse:
    return download("\ufeff" + text, filename=filename, content_type="text/csv; charset=utf-8")
