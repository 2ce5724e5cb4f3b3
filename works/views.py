from django.shortcuts import render
from django.views.decorators.http import require_GET

from works.selectors import work_get, work_versions, works_by_same_authors


@require_GET
def work_detail(request, pk: int):
    work = work_get(pk=pk)
    return render(
        request,
        "works/work_detail.html",
        {
            "work": work,
            "versions": work_versions(work=work),
            "more_works": works_by_same_authors(work=work),
        },
    )
