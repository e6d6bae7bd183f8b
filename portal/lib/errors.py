"""The portal's own error pages: Django renders templates/404.html and 500.html itself; 405s come
here."""

from django.shortcuts import render


class MethodNotAllowedPageMiddleware:
    """Gives a 405 the portal's page in the user's language: Django answers a wrong method (a GET on
    /logout/, any view under require_POST) with an empty body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        return page

