"""Pages for needs (besoins), census campaigns, consolidation runs, positions and studies."""

from .census import (
    campaign_create,
    campaign_detail,
    campaign_list,
    campaign_status,
    census_confirm,
    census_form,
)
from .needs import (
    need_create,
    need_detail,
    need_import,
    need_list,
    need_update,
    need_withdraw,
    position_detail,
    position_list,
)
from .runs import (
    run_accept,
    run_compare,
    run_create,
    run_detail,
    run_instance,
    run_list,
    run_report,
    run_rerun,
    run_study_pdf,
    run_study_pdf_build,
)
from .studies import study_detail, study_list, study_start

__all__ = [
    "campaign_create",
    "campaign_detail",
    "campaign_list",
    "campaign_status",
    "census_confirm",
    "census_form",
    "need_create",
    "need_detail",
    "need_import",
    "need_list",
    "need_update",
    "need_withdraw",
    "position_detail",
    "position_list",
    "run_accept",
    "run_compare",
    "run_create",
    "run_detail",
    "run_instance",
    "run_list",
    "run_report",
    "run_rerun",
    "run_study_pdf",
    "run_study_pdf_build",
    "study_detail",
    "study_list",
    "study_start",
]
