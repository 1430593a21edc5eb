from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def import_list(request):
    return render(request, "imports/list.html", {})
