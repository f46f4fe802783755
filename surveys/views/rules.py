"""The problem rules' pages (district admins): the list, and one rule's form with its history."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from committees import scoping
from committees.forms import ServiceValidatedForm, save_form
from committees.scoping import Action
from committees.selectors import history_of

from ..report.models import ProblemRule
from ..report.rules import RULE_FIELDS, problem_rule_update, problem_rules


class ProblemRuleForm(ServiceValidatedForm):
    class Meta:
        model = ProblemRule
        fields = list(RULE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threshold"].help_text = self.instance.threshold_hint


@login_required
def rule_list(request):
    """List the problem rules that the report checks, with their switches and thresholds."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    return render(request, "surveys/report/rules.html", {"rules": problem_rules()})


@login_required
def rule_edit(request, pk: int):
    """Change one rule: on or off, its threshold, and the texts the Word draft gives."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    rule = problem_rules().filter(pk=pk).first()
    if rule is None:
        raise Http404(_("No such problem rule."))
    form = ProblemRuleForm(request.POST or None, instance=rule)
    saved = save_form(
        request,
        form,
        lambda data: problem_rule_update(actor=request.user, rule=rule, **data),
        _("Saved the rule “%(rule)s”; the next report uses it.") % {"rule": rule.label},
    )
    if saved is not None:
        return redirect("surveys:rule_list")
    context = {"rule": rule, "form": form, "history": history_of(rule)}
    return render(request, "surveys/report/rule_edit.html", context)
