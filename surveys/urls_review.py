"""URLs of surveys.views.review; surveys.urls joins them under the "surveys" namespace."""

from django.urls import path

from .views import assessment, ledger, review

urlpatterns = [
    path("<int:year>/completeness/", review.completeness, name="completeness"),
    path("<int:year>/approve/", review.submissions_approve, name="submissions_approve"),
    path("submission/<id:pk>/return/", review.submission_return, name="submission_return"),
    path("submission/<id:pk>/approve/", review.submission_approve, name="submission_approve"),
    path("submission/<id:pk>/reopen/", review.submission_reopen, name="submission_reopen"),
    path("<int:year>/<id:town_pk>/extend/", review.town_extend, name="town_extend"),
    path("rounds/new/", review.round_open, name="round_open"),
    path("submission/<id:pk>/ledger/", ledger.submission_ledger, name="submission_ledger"),
    path("assessment/<int:year>/<id:town_pk>/confirm/", assessment.reward_confirm, name="assessment_reward_confirm"),
]
