from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from alerts import services as alerts_services
from config.admin_labels import CHECKBOXES, LabelledTabularInline, name_widget
from dashboards.scheduling import RecomputeAdminMixin
from findings.models import CaseFileStatistic, Finding, OtherFigure
from inspections.models import (
    AssessmentArea,
    Force,
    ForceMembership,
    Grade,
    GradeScale,
    Inspection,
    Judgment,
    MonitoringStage,
    Programme,
)
from inspections.services import publish_inspection, record_addition, record_grade_change
from inspections.synthetic import require_real_database
from recommendations.models import FollowUpDuty, Recommendation

# A URL typed without a scheme is taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def _log_grade(form) -> None:
    """Put a grade entered or changed in a judgment's form in the change log."""
    if "grade" in form.changed_data and form.instance.pk:
        record_grade_change(judgment=form.instance, previous_grade_id=form.initial.get("grade"))


class AreaOfProgrammeMixin:
    """Offer only the areas (and grades) of the inspection's programme in inline choices."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        inspection = getattr(request, "_admin_inspection", None)
        if inspection is not None:
            if db_field.name == "area":
                kwargs["queryset"] = AssessmentArea.objects.filter(programme=inspection.programme)
            elif db_field.name == "grade":
                kwargs["queryset"] = Grade.objects.filter(scale=inspection.programme.scale)
            elif db_field.name == "finding":
                kwargs["queryset"] = Finding.objects.filter(
                    inspection=inspection,
                    kind__in=[Finding.Kind.CAUSE_OF_CONCERN, Finding.Kind.AREA_FOR_IMPROVEMENT],
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class JudgmentInline(AreaOfProgrammeMixin, LabelledTabularInline):
    model = Judgment
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = ["area", "grade", "summary", "source_url"]


class FindingInline(AreaOfProgrammeMixin, admin.StackedInline):
    model = Finding
    extra = 0
    fields = [("kind", "area", "outcome", "position"), "title", "body", "themes"]
    formfield_overrides = CHECKBOXES
    show_change_link = True


class RecommendationInline(AreaOfProgrammeMixin, LabelledTabularInline):
    model = Recommendation
    extra = 0
    fields = ["finding", "kind", "text", "timescale", "due_date", "position"]
    show_change_link = True


class CaseFileStatisticInline(AreaOfProgrammeMixin, LabelledTabularInline):
    model = CaseFileStatistic
    extra = 0
    fields = ["area", "numerator", "denominator", "about", "polarity", "sentence", "position"]


class OtherFigureInline(AreaOfProgrammeMixin, LabelledTabularInline):
    model = OtherFigure
    extra = 0
    fields = ["area", "kind", "about", "establishment", "deployable", "value", "position"]


class FollowUpDutyInline(LabelledTabularInline):
    model = FollowUpDuty
    formfield_overrides = HTTPS_URLS
    extra = 0


class InspectionForm(forms.ModelForm):
    """An inspection added by hand is real: a demonstration database refuses it."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            require_real_database(adding="an inspection")
        return cleaned


@admin.register(Inspection)
class InspectionAdmin(RecomputeAdminMixin, SimpleHistoryAdmin):
    force_lookup = "force_id"
    form = InspectionForm
    formfield_overrides = HTTPS_URLS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "embargo_at":
            name_widget(field.widget, "Embargo")  # its date and time boxes
        return field

    # Only the demonstration data generator makes synthetic inspections, in a database of
    # their own: ticking the box would set a synthetic inspection beside real ones.
    readonly_fields = ["is_synthetic"]
    list_display = [
        "force",
        "programme",
        "published_label",
        "status",
        "hm_inspector",
        "is_synthetic",
    ]
    list_filter = [
        "status",
        "programme",
        "force__region",
        "force",
        "judgments__grade__name",
        "is_synthetic",
    ]
    search_fields = ["force__name", "force__short_name", "hm_inspector", "summary", "slug"]
    list_select_related = ["force", "programme"]
    date_hierarchy = "published"
    fieldsets = [
        (None, {"fields": ["force", "programme", "slug", "status", "is_synthetic"]}),
        (
            "Publication",
            {
                "fields": [
                    ("published", "published_precision"),
                    "embargo_at",
                    "action_plan_due",
                    ("fieldwork_start", "fieldwork_end"),
                ]
            },
        ),
        (
            "Report",
            {
                "fields": [
                    "hm_inspector",
                    "summary",
                    "hm_inspector_summary",
                    "report_url",
                    "source_url",
                ]
            },
        ),
    ]
    inlines = [
        JudgmentInline,
        FindingInline,
        RecommendationInline,
        CaseFileStatisticInline,
        OtherFigureInline,
        FollowUpDutyInline,
    ]

    actions = ["publish_now", "schedule_at_embargo"]

    def get_urls(self):
        from django.urls import path

        from inspections.admin_import import grades_import_view, import_view

        def wrap(view):
            return self.admin_site.admin_view(lambda request: view(self, request))

        return [
            path("import/", wrap(import_view), name="inspections_inspection_import"),
            path(
                "import-grades/",
                wrap(grades_import_view),
                name="inspections_inspection_import_grades",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Publish the selected inspections now")
    def publish_now(self, request, queryset):
        self._publish(request, queryset, at=None)

    @admin.action(description="Schedule the selected inspections for their embargo time")
    def schedule_at_embargo(self, request, queryset):
        for inspection in queryset.filter(embargo_at__isnull=True):
            self.message_user(request, f"{inspection}: set its embargo time first.", "error")
        for inspection in queryset.filter(embargo_at__isnull=False):
            self._publish(request, [inspection], at=inspection.embargo_at)

    def _publish(self, request, inspections, *, at):
        for inspection in inspections:
            try:
                done = publish_inspection(inspection=inspection, at=at)
            except ValidationError as error:
                self.message_user(request, f"{inspection}: {' '.join(error.messages)}", "error")
                continue
            state = (
                "published" if done.status == "published" else f"scheduled for {done.embargo_at}"
            )
            self.message_user(request, f"{done}: {state}.")

    @admin.display(description="Published", ordering="published")
    def published_label(self, obj):
        return obj.published_label() or "—"

    def get_object(self, request, object_id, from_field=None):
        # Remember the inspection so inline choices can be narrowed to its programme.
        obj = super().get_object(request, object_id, from_field)
        request._admin_inspection = obj
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Judgment:
            for judgment_form in formset.forms:
                if judgment_form not in formset.deleted_forms:
                    _log_grade(judgment_form)
        elif formset.model in (Finding, Recommendation):
            for obj in formset.new_objects:
                record_addition(obj=obj)


@admin.register(Judgment)
class JudgmentAdmin(RecomputeAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["inspection", "area", "grade"]
    list_filter = [
        "grade__name",
        "area__programme",
        "inspection__force__region",
        "inspection__force",
    ]
    search_fields = ["inspection__force__name", "area__name", "summary"]
    list_select_related = ["inspection__force", "inspection__programme", "area", "grade"]
    autocomplete_fields = ["inspection"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _log_grade(form)


class GradeInline(LabelledTabularInline):
    model = Grade
    extra = 0


@admin.register(GradeScale)
class GradeScaleAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    force_lookup = "programmes__inspections__force_id"  # grade scores order and compare
    list_display = ["name", "slug"]
    inlines = [GradeInline]


class AssessmentAreaInline(LabelledTabularInline):
    model = AssessmentArea
    extra = 0
    fields = ["position", "slug", "name", "short_name", "aliases"]


@admin.register(Programme)
class ProgrammeAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    force_lookup = "inspections__force_id"  # its areas are the rows of every force's profile
    list_display = ["name", "short_name", "methodology_version", "scale"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AssessmentAreaInline]


class MonitoringStageInline(LabelledTabularInline):
    model = MonitoringStage
    extra = 0


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "region", "country"]
    list_filter = ["region", "country"]
    search_fields = ["name", "short_name", "aliases"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MonitoringStageInline]


class ForceMembershipInline(admin.StackedInline):
    model = ForceMembership
    can_delete = True
    verbose_name = "force (for force leaders)"


admin.site.unregister(User)


@admin.register(User)
class UserWithForceAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, ForceMembershipInline]
    list_filter = [*UserAdmin.list_filter, "force_membership__force"]

    def save_related(self, request, form, formsets, change):
        """A leader linked to a force (or moved to another), or given their first address,
        follows the force by email; the admin is the only place either happens, so the rule
        is called from here, once: a leader who then stops following stays stopped."""
        super().save_related(request, form, formsets, change)
        linked = [
            membership
            for formset in formsets
            if formset.model is ForceMembership
            for membership in [
                *formset.new_objects,
                *(m for m, changed in formset.changed_objects if "force" in changed),
            ]
        ]
        if not linked and "email" in form.changed_data and not form.initial.get("email"):
            linked = list(ForceMembership.objects.filter(user=form.instance))
        for membership in linked:
            alerts_services.follow_own_force(user=form.instance, force=membership.force)


admin.site.site_header = "Inspection findings dashboard"
admin.site.site_title = "Inspection findings admin"
