"""Who may do what with background jobs (reading goes through `scoped(Job, membership)`)."""

from mutualis.accounts.roles import Role


def can_cancel_job(membership, job) -> bool:
    """The person who started a job, or the GE's director, may stop it while it is not finished."""
    if membership is None or job.group_id != membership.group_id or job.is_finished:
        return False
    return job.owner_id == membership.user_id or membership.role == Role.DIRECTOR
