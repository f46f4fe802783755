from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import scoping
from ..scoping import Action


@login_required
def user_list(request):
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    return render(request, "committees/users/list.html", {})
