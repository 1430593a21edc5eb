from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts.middleware import SESSION_KEY


@login_required
@require_POST
def switch_organisation(request):
    """Act as another of the user's memberships (an explicit switch, kept in the session)."""
    wanted = request.POST.get("membership", "")
    membership = next((m for m in request.user.active_memberships() if str(m.public_id) == wanted), None)
    if membership is None:
        messages.error(request, _("Cette organisation ne fait pas partie de vos rattachements."))
    else:
        request.session[SESSION_KEY] = str(membership.public_id)
        messages.success(
            request, _("Vous agissez maintenant pour : %(org)s.") % {"org": membership.organisation_label}
        )
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
