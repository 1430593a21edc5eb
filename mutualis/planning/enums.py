from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentStatus(models.TextChoices):
    DRAFT = "draft", _("Projet")
    ACTIVE = "active", _("En cours")
    ENDED = "ended", _("Terminée")


# Assignments whose pattern is planned (shown and checked). Ended ones no longer plan anything.
PLANNED_STATUSES = (AssignmentStatus.DRAFT, AssignmentStatus.ACTIVE)


class WeekParity(models.TextChoices):
    EVERY = "", _("Toutes les semaines")
    ODD = "odd", _("Semaines impaires")
    EVEN = "even", _("Semaines paires")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class AbsenceKind(models.TextChoices):
    PAID_LEAVE = "paid_leave", _("Congés payés")
    SICKNESS = "sickness", _("Arrêt maladie")
    TRAINING = "training", _("Formation")
    OTHER = "other", _("Autre absence")


class ExceptionKind(models.TextChoices):
    CANCELLED = "cancelled", _("Journée annulée")
    MOVED = "moved", _("Journée déplacée")
    ADDED = "added", _("Journée ajoutée")


class RuleCode(models.TextChoices):
    """Working-time rules (Code du travail). Each GE keeps one row per code with its limit."""

    MAX_DAILY_MINUTES = "max_daily_minutes", _("Durée maximale quotidienne")
    MAX_WEEKLY_MINUTES = "max_weekly_minutes", _("Durée maximale hebdomadaire")
    MAX_AVG_WEEKLY_MINUTES_12W = (
        "max_avg_weekly_minutes_12w",
        _("Durée hebdomadaire moyenne maximale sur 12 semaines"),
    )
    MIN_DAILY_REST_MINUTES = "min_daily_rest_minutes", _("Repos quotidien minimal")
    MIN_WEEKLY_REST_MINUTES = "min_weekly_rest_minutes", _("Repos hebdomadaire minimal")
    MAX_DAYS_PER_WEEK = "max_days_per_week", _("Nombre maximal de jours travaillés par semaine")
    BREAK_AFTER_MINUTES = "break_after_minutes", _("Pause obligatoire après")
    BREAK_MINUTES = "break_minutes", _("Durée minimale de la pause")
    MIN_PART_TIME_WEEKLY_MINUTES = "min_part_time_weekly_minutes", _("Durée minimale du temps partiel")
    TRAVEL_SPEED_KMH = "travel_speed_kmh", _("Vitesse de trajet entre sites (km/h)")


# Rules that are always checked and have no editable limit.
class CheckCode(models.TextChoices):
    OVERLAP = "overlap", _("Chevauchement de créneaux")
    TRAVEL_TIME = "travel_time", _("Temps de trajet entre sites")


DEFAULT_LIMITS = {
    RuleCode.MAX_DAILY_MINUTES: 600,  # L3121-18: 10 h
    RuleCode.MAX_WEEKLY_MINUTES: 2880,  # L3121-20: 48 h
    RuleCode.MAX_AVG_WEEKLY_MINUTES_12W: 2640,  # L3121-22: 44 h over 12 weeks
    RuleCode.MIN_DAILY_REST_MINUTES: 660,  # L3131-1: 11 h
    RuleCode.MIN_WEEKLY_REST_MINUTES: 2100,  # L3132-2: 24 h + 11 h
    RuleCode.MAX_DAYS_PER_WEEK: 6,  # L3132-1
    RuleCode.BREAK_AFTER_MINUTES: 360,  # L3121-16: 20 min once 6 h are reached
    RuleCode.BREAK_MINUTES: 20,
    RuleCode.MIN_PART_TIME_WEEKLY_MINUTES: 1440,  # L3123-27: 24 h
    RuleCode.TRAVEL_SPEED_KMH: 40,
}

# Unit shown next to each limit.
MINUTES = "minutes"
LIMIT_UNITS = {
    RuleCode.MAX_DAYS_PER_WEEK: "days",
    RuleCode.TRAVEL_SPEED_KMH: "kmh",
}


def rule_label(code):
    """The French name of a rule or check code."""
    for choices in (RuleCode, CheckCode):
        if code in choices.values:
            return choices(code).label
    return code


class PriorityReason(models.TextChoices):
    """Why one member's need prevails over another's when they collide."""

    EMERGENCY = "emergency", _("Urgence chez l'adhérent prioritaire")
    CONTINUITY = "continuity", _("Continuité de service (soins, sécurité, accueil du public)")
    CONTRACT = "contract", _("Engagement contractuel antérieur")
    OTHER = "other", _("Autre motif")
