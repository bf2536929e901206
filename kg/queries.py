"""Every SPARQL query of the app and the CLI, with bound parameters and typed results.

Reads go over the union of all graphs. Displayed values are *effective* values: an active
human correction (:mod:`kg.curation`) overrides the machine value, for scalar fields through
:func:`kg.curation.apply_overrides` and for agency links (lead/support/owner/agency) inside
the SPARQL through :func:`kg.curation.effective_pattern`, so filters see corrections too.

This module is the one import for callers; the queries live by subject in
``queries_plans`` (counters, plans, cited documents), ``queries_items`` (tasks, indicators,
assignments, export), ``queries_agencies`` (listings, profiles) and ``queries_review`` (the
review queue), their result types in ``queries_results`` and row decoding in ``queries_rows``.
"""

from __future__ import annotations

from kg.queries_agencies import agencies_by_type, agency_profile, list_agencies
from kg.queries_items import (
    all_tasks,
    plan_assignments,
    plan_indicators,
    plan_tasks,
    task_detail,
)
from kg.queries_plans import legal_documents, list_plans, plan_detail, stats
from kg.queries_results import (
    AgencyProfile,
    AgencyRef,
    AgencySummary,
    AssignmentRow,
    DocumentInfo,
    IndicatorRow,
    PlanDetail,
    PlanSummary,
    ReviewItem,
    Stats,
    TaskDetail,
    TaskExport,
    TaskRow,
)
from kg.queries_review import review_items

__all__ = [
    "Stats", "PlanSummary", "DocumentInfo", "PlanDetail", "AgencyRef", "TaskRow", "TaskDetail",
    "IndicatorRow", "AssignmentRow", "AgencySummary", "AgencyProfile", "ReviewItem",
    "TaskExport", "all_tasks", "stats", "list_plans", "plan_detail", "plan_tasks", "plan_indicators", "plan_assignments",
    "list_agencies", "agency_profile", "agencies_by_type", "review_items", "task_detail",
    "legal_documents",
]
