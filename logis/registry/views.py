from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def file_start(request):
    return HttpResponse("TODO")
