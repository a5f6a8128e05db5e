"""Import pages: upload, progress while reading, preview, accept, and the report of each import."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kompas.accounts.roles import role_required
from kompas.imports import jobs, services
from kompas.imports.forms import UploadForm
from kompas.imports.models import ImportRun
from kompas.shared.permissions import private_opener, secure_dir


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    jobs.sweep()
    return render(
        request,
        "imports/list.html",
        {
            "runs": ImportRun.objects.select_related("imported_by")[:100],
            "form": UploadForm(),
            "nav": "imports",
        },
    )


@role_required("analyst")
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        runs = ImportRun.objects.select_related("imported_by")[:100]
        return render(
            request, "imports/list.html", {"runs": runs, "form": form, "nav": "imports"}, status=400
        )
    jobs.sweep()
    upload_ = form.cleaned_data["file"]
    secure_dir(jobs.uploads_folder())
    job_folder = secure_dir(jobs.uploads_folder() / uuid.uuid4().hex)
    path = job_folder / get_valid_filename(upload_.name)
    with open(path, "wb", opener=private_opener) as handle:  # 0600 from its creation
        for chunk in upload_.chunks():
            handle.write(chunk)
    job = jobs.start(
        form.cleaned_data["source"],
        path,
        request.user.pk,
        form.cleaned_data["edition"] or None,
        wait=settings.KOMPAS_IMPORT_WAIT,
    )
    return redirect("imports:job", job_id=job.id)


def _job_or_404(request: HttpRequest, job_id: str) -> jobs.Job:
    job = jobs.get(job_id)
    if job is None or job.user_id != request.user.pk:
        raise Http404
    return job


@role_required("analyst")
@require_GET
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    if jobs.get(job_id) is None:  # imported, abandoned or expired (Back after an accept)
        messages.info(
            request,
            _(
                "This import has ended: it was imported, abandoned or left too long. Every"
                " import is listed here."
            ),
        )
        return redirect("imports:list")
    found = _job_or_404(request, job_id)
    # The status first, then the plan: the reading thread sets the plan before it marks the job
    # ready, so a job seen ready always has its plan (read the other way round, a job finishing
    # in between showed as ready without a plan, and stopped polling).
    status = found.status
    plan = found.plan
    if status == "ready" and plan is None:  # refused when read again here
        status = found.status
    context = {"job": found, "status": status, "plan": plan, "nav": "imports"}
    if request.headers.get("HX-Request"):
        return render(request, "imports/_job.html", context)
    return render(request, "imports/job.html", context)


@role_required("analyst")
@require_POST
def accept(request: HttpRequest, job_id: str) -> HttpResponse:
    found = _job_or_404(request, job_id)
    plan = found.plan
    if found.status != "ready" or plan is None:
        raise Http404
    try:
        if request.POST.get("token") != str(plan.token):  # not the preview the user saw
            raise services.StalePreviewError(plan.file_name)
        run = services.apply(plan, request.user)
    except services.StalePreviewError:
        jobs.forget_plan(found.id)
        messages.warning(
            request,
            _(
                "%(file)s: the data changed since this preview was made (another import or "
                "change). Nothing was stored. Below is a fresh preview of the data as they are "
                "now: check it and import again."
            )
            % {"file": plan.file_name},
        )
        return redirect("imports:job", job_id=found.id)
    jobs.finish(found.id)
    if run is None:
        messages.info(request, _("Nothing changes; nothing was stored."))
        return redirect("imports:list")
    messages.success(
        request,
        _("Imported: %(title)s, edition %(edition)s (%(file)s).")
        % {"title": run.title, "edition": run.edition, "file": run.file_name},
    )
    return redirect("imports:run", pk=run.pk)


@role_required("analyst")
@require_POST
def abandon(request: HttpRequest, job_id: str) -> HttpResponse:
    jobs.finish(_job_or_404(request, job_id).id)
    messages.info(request, _("The import was abandoned; nothing was stored."))
    return redirect("imports:list")


@login_required
@require_http_methods(["GET"])
def run(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(ImportRun.objects.select_related("imported_by"), pk=pk)
    return render(
        request, "imports/run.html", {"run": found, "report": found.report, "nav": "imports"}
    )
