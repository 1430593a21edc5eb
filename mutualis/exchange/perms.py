"""Who may use the job exchange: GE staff read; directors and planners publish, answer and decide."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES, STAFF_ROLES


def can_list_posts(membership) -> bool:
    return membership is not None and membership.group_id is not None and membership.role in STAFF_ROLES


def can_publish(membership) -> bool:
    return (
        membership is not None and membership.group_id is not None and membership.role in REGISTRY_WRITE_ROLES
    )


def can_respond(membership, post) -> bool:
    return can_publish(membership) and post.group_id != membership.group_id


def can_decide(membership, response) -> bool:
    return can_publish(membership) and response.post.group_id == membership.group_id
