"""The forms of the clerk's screens.

A form that names a record (an item, a paper, a line of the register) takes
it through a ``record`` field whose choices are that meeting's or body's own
records, so a clerk of one body can never reach another's and a bad id is a
form error, not a lookup.
"""

from __future__ import annotations

from django import forms

from minutebook.governance.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Membership,
    Minute,
    Organisation,
    Paper,
    Person,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def confirm_field() -> forms.BooleanField:
    """Set by the confirmation page (``web/clerk/confirm.html``) once the clerk has been told why it is needed."""
    return forms.BooleanField(required=False, widget=forms.HiddenInput)


class PlanForm(forms.Form):
    title = forms.CharField(max_length=300)
    date = forms.DateField(required=False, help_text="Leave empty for 'to be determined'", widget=DATE)
    lead = forms.CharField(max_length=300, required=False, label="Lead officer")
    detail = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    origin = forms.CharField(max_length=300, required=False, label="Where the request came from")


class MoveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, empty_label="To be determined"
    )
    date = forms.DateField(
        required=False, widget=DATE, label="Or a date", help_text="Only if no meeting fits"
    )
    confirm = confirm_field()


class MeetingForm(forms.Form):
    date = forms.DateField(widget=DATE)
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    venue = forms.CharField(max_length=300, required=False)
    contact_officer = forms.CharField(max_length=300, required=False)
    confirm = confirm_field()


class CallOffForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(Meeting.Status.POSTPONED, "Postpone"), (Meeting.Status.CANCELLED, "Cancel")],
        widget=forms.RadioSelect,
        label="Postpone or cancel",
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Shown on the public page")


class ItemForm(forms.Form):
    title = forms.CharField(max_length=300)
    presenter = forms.CharField(max_length=300, required=False)


class RecordForm(forms.Form):
    """Names one record of the meeting; the subclasses add what changes."""

    record = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), widget=forms.HiddenInput)


class ItemEditForm(RecordForm, ItemForm):
    pass


class ItemMoveForm(RecordForm):
    step = forms.TypedChoiceField(choices=[(-1, "up"), (1, "down")], coerce=int)


class ItemWithdrawForm(RecordForm):
    withdrawn = forms.BooleanField(required=False)


class PaperForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label="Agenda item")
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Paper.Kind.choices)
    file = forms.FileField(help_text="PDF or Word (.docx)")
    recommendations = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One recommendation a line"
    )
    exempt = forms.BooleanField(required=False, label="Exempt (not for publication)")


class PaperReplaceForm(RecordForm):
    file = forms.FileField()


class ExemptForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label="Agenda item")
    paragraph = forms.IntegerField(min_value=1, max_value=7, label="Paragraph of Schedule 12A")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Public-interest reason")


class DeclarationForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Member")
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False, label="Agenda item")
    kind = forms.ChoiceField(choices=Declaration.Kind.choices, label="Kind of interest")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="The interest declared")


class DeclarationEditForm(RecordForm):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False)
    kind = forms.ChoiceField(choices=Declaration.Kind.choices)
    text = forms.CharField()


class MinuteForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False, label="Agenda item")
    title = forms.CharField(max_length=300)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Minute")
    resolutions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One resolution a line; 'X to ...' becomes an action",
    )


class MinuteEditForm(RecordForm):
    title = forms.CharField(max_length=300)
    text = forms.CharField(required=False)
    resolutions = forms.CharField(required=False)


class AmendForm(forms.Form):
    minute = forms.ModelChoiceField(queryset=Minute.objects.none())
    title = forms.CharField(max_length=300)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class ReportBackForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), help_text="Where it was reported")
    note = forms.CharField(max_length=2000, label="What was reported")


class DueForm(forms.Form):
    date = forms.DateField(required=False, widget=DATE, label="Due by")
    next_meeting = forms.BooleanField(required=False, label="Due at the next meeting")


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label="Person")
    name = forms.CharField(max_length=200, required=False, label="Or a new person's name")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, label="Organisation represented"
    )
    new_organisation = forms.CharField(max_length=300, required=False, label="Or a new organisation")
    start_date = forms.DateField(required=False, widget=DATE, label="Start")
    end_date = forms.DateField(required=False, widget=DATE, label="End")

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("name", "").strip() and "record" not in self.fields:
            raise forms.ValidationError("Choose a person or give a new person's name.")
        return data


class MembershipEditForm(MembershipForm):
    record = forms.ModelChoiceField(queryset=Membership.objects.none(), widget=forms.HiddenInput)


ATTENDANCE_CHOICES = [("", "Not recorded"), *Attendance.Status.choices]
