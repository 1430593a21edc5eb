import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualis.appointments.models import AppointmentKind, AppointmentMode, AppointmentStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class WhenForm(forms.Form):
    """A day and two times, read as Europe/Paris."""

    day = forms.DateField(label=_("Jour"), widget=DateInput())
    start_time = forms.TimeField(label=_("Début"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Fin"), widget=TimeInput())

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(day, end))
        return data

    @staticmethod
    def initial_for(obj):
        start, end = timezone.localtime(obj.starts_at), timezone.localtime(obj.ends_at)
        return {"day": start.date(), "start_time": start.time(), "end_time": end.time()}


class AppointmentForm(WhenForm):
    kind = forms.ChoiceField(label=_("Type de rendez-vous"), choices=AppointmentKind.choices)
    title = forms.CharField(
        label=_("Intitulé"),
        required=False,
        max_length=150,
        help_text=_("Visible des participants : n'y mettez aucune donnée personnelle ou sociale."),
    )
    mode = forms.ChoiceField(label=_("Modalité"), choices=AppointmentMode.choices)
    place = forms.CharField(label=_("Lieu ou accès"), required=False, max_length=250)
    notes = forms.CharField(
        label=_("Notes internes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["kind", "title", "day", "start_time", "end_time", "mode", "place"]


class NewAppointmentForm(AppointmentForm):
    name = forms.CharField(label=_("Personne invitée"), max_length=150)
    email = forms.EmailField(label=_("Son courriel"), required=False)
    phone = forms.CharField(label=_("Son téléphone"), required=False, max_length=30)
    sms_opt_in = forms.BooleanField(label=_("Accepte les rappels par SMS"), required=False)
    # « Un courriel ou un téléphone »: the participant's constraint, through the service.


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Ce qui s'est passé"),
        choices=[(s.value, s.label) for s in AppointmentStatus if s != AppointmentStatus.CANCELLED],
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif (interne)"), required=False, max_length=250)


class SlotForm(WhenForm):
    kind = forms.ChoiceField(label=_("Type de rendez-vous"), choices=AppointmentKind.choices)
    mode = forms.ChoiceField(label=_("Modalité"), choices=AppointmentMode.choices)
    place = forms.CharField(label=_("Lieu ou accès"), required=False, max_length=250)
    field_order = ["kind", "day", "start_time", "end_time", "mode", "place"]


class InvitationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de rendez-vous"), choices=AppointmentKind.choices)
    name = forms.CharField(label=_("Personne invitée"), max_length=150)
    email = forms.EmailField(label=_("Son courriel"), required=False)
    phone = forms.CharField(label=_("Son téléphone"), required=False, max_length=30)


class BookingForm(forms.Form):
    slot = forms.ChoiceField(label=_("Créneau"))
    name = forms.CharField(label=_("Votre nom"), max_length=150)
    email = forms.EmailField(label=_("Votre courriel"), required=False)
    phone = forms.CharField(label=_("Votre téléphone"), required=False, max_length=30)
    sms_opt_in = forms.BooleanField(label=_("Je veux un rappel par SMS"), required=False)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(str(s.public_id), slot_label(s)) for s in slots]


def slot_label(slot):
    from django.utils import formats

    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{formats.date_format(start, 'l j F Y')}, {start:%H h %M} – {end:%H h %M} ({slot.get_mode_display()})"
