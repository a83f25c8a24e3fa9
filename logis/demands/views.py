from django.http import HttpResponse


def situation(request):
    return HttpResponse("TODO")


def information(request):
    return HttpResponse("TODO")
