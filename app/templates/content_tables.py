"""The built-in documents' tables and sign-off lines: which columns, in which order, how wide.

Shared by the documents that show the same table (the outcomes appear in the profile and
in the SARA plan), so a column is named and sized once.
"""

ORGANISATION_COLUMNS = (
    ("Organisation", "name", 1.5),
    ("Kind", "kind", 1.0),
    ("How they work with the school", "purpose", 2.5),
    ("Contact", "contact", 1.2),
)
OUTCOME_COLUMNS = (  # widths in cm of the 17 cm line, here and below
    ("Outcome", "description", 5.5),
    ("Measure of success", "measure", 4.4),
    ("Baseline", "baseline", 2.3),
    ("Target", "target", 2.3),
    ("Unit", "unit", 2.5),
)
POLICE_DATA_COLUMNS = (
    ("Period", "period", 2.6),
    ("Area", "area", 3.0),
    ("Offence or harm", "category", 3.3),
    ("Count", "count", 2.1),
    ("Notes", "notes", 6.0),
)
SURVEY_COLUMNS = (
    ("Date", "surveyed_on", 2.5),
    ("Group", "respondents", 2.3),
    ("Number", "respondent_count", 2.1),
    ("Safe at school (%)", "safe_at_school", 2.1),
    ("Safe to and from school (%)", "safe_travelling", 2.2),
    ("Where they feel unsafe", "unsafe_places", 3.2),
    ("Notes", "notes", 2.6),
)
CITATION_COLUMNS = (
    ("Narrative", "title", 5.0),
    ("From", "source", 5.0),
    ("Why it is relevant", "note", 7.0),
)
SERVICES = "school.services"  # the NZ operating model's tiers the school receives
PLAN_POLICE = ("plan.police_agreed_by", "plan.police_agreed_by_role", "")
PLAN_SCHOOL = ("plan.school_agreed_by", "plan.school_agreed_by_role", "")
