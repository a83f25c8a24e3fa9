from django.http import HttpResponse


def offer_list(request):
    return HttpResponse("TODO")
