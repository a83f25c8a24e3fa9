from django.http import HttpResponse


def application_list(request):
    return HttpResponse("TODO")
