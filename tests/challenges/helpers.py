"""What the challenge tests share: the right answer to step 1, the page URLs, and a step passed."""

from django.urls import reverse

from challenges.models import Challenge
from connections.models import ConnectionRequest
from customers.models import BuyerInvoiceRecord

State = ConnectionRequest.State
Step = Challenge.Step
NO_MATCH = "The details do not match our records."
# make_records: invoice n is INV000000n, dated 1 October 2026 minus n days, for 100 + n EUR.
RIGHT = {"number": "INV0000002", "invoice_date": "29/09/2026", "amount": "102"}


def activate_url(challenge, *request_codes) -> str:
    url = reverse("challenges:activate", kwargs={"challenge_code": challenge.code})
    return url + ("?" + "&".join(f"r={code}" for code in request_codes) if request_codes else "")


def give_up_url(challenge) -> str:
    return reverse("challenges:give-up", kwargs={"challenge_code": challenge.code})


def record_answer(record: BuyerInvoiceRecord) -> dict:
    """Step 2's form data: the record's date and amount, typed as an English user would."""
    return {"invoice_date": record.invoice_date.strftime("%d/%m/%Y"), "amount": str(record.amount)}


def fresh(challenge) -> Challenge:
    return Challenge.objects.select_related("request", "challenged_record").get(pk=challenge.pk)


def pass_step_one(client, challenge) -> Challenge:
    response = client.post(activate_url(challenge), RIGHT)
    assert response.status_code == 302
    return fresh(challenge)
