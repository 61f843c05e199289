from django.shortcuts import render

from .errors import NotFound, PermissionDenied


class DomainErrorMiddleware:
    """Pages: a record outside the user's scope answers 404 as a missing one does; a refused action 403.
    (The API turns every DomainError into JSON itself.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound | PermissionDenied):
            return render(request, "core/error.html", {"message": exception.message}, status=exception.status)
        return None
