from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts import security
from mutualis.accounts.middleware import SESSION_KEY
from mutualis.core.access import permission, public, signed_in


@permission(signed_in)
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


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, with reset e-mails throttled per address and per client
    (`accounts.security.RESET_LIMITS`): over the limit, the same « sent » page and no mail."""

    def form_valid(self, form):
        if not security.reset_allowed(self.request, form.cleaned_data.get("email")):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


password_reset = public(ThrottledPasswordResetView.as_view())
