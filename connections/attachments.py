"""Serving a stored attachment, to suppliers and to support alike."""

import logging

from django.http import FileResponse, Http404

from connections.models import Attachment
from portal.lib.uploads import name_for_type

logger = logging.getLogger(__name__)


def attachment_response(attachment: Attachment) -> FileResponse:
    try:
        opened = attachment.file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (a restored database, a lost volume): tell the operators, and
        # the user that it is not there rather than an error page.
        logger.error("Attachment %s: its file %s is missing", attachment.code, attachment.file.name)
        raise Http404 from None
    # Always a download, never rendered inline, and named as what its content is (rows stored
    # before names followed the content included): the browser must not interpret uploaded bytes.
    filename = name_for_type(attachment.original_name, attachment.content_type)
    response = FileResponse(opened, as_attachment=True, filename=filename)
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
