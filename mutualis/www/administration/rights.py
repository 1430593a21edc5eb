"""What each role may do, as the « Rôles et droits » page says it. Keep in line with the perms modules
(accounts, members, employees, planning, timesheets, needs, billing) and docs/administration.md."""

from django.utils.translation import gettext_lazy as _

from mutualis.accounts.roles import Role

ROLE_RIGHTS = [
    {
        "role": Role.DIRECTOR.label,
        "summary": _("Pilote le groupement : tout voir, tout décider."),
        "may": [
            _(
                "inviter l'équipe (planification, comptabilité, direction), changer les rôles, désactiver un accès"
            ),
            _(
                "modifier les paramètres du groupement : identité, TVA, coefficient par défaut, préfixe de facture, délai de paiement"
            ),
            _("tenir le registre : adhérents, lieux, salariés, contrats ; inviter contacts et salariés"),
            _("planifier, générer et clôturer les relevés d'heures, revoir les heures inhabituelles"),
            _(
                "facturer : lancer, relancer, émettre, avoirs, paiements, relances, régularisation annuelle, tarifs"
            ),
        ],
    },
    {
        "role": Role.PLANNER.label,
        "summary": _("Prépare les mois : planning et relevés d'heures."),
        "may": [
            _("tenir le registre : adhérents, lieux, salariés, contrats ; inviter contacts et salariés"),
            _("planifier les mises à disposition, recenser et consolider les besoins"),
            _("générer, relancer et clôturer les relevés d'heures ; revoir les heures inhabituelles"),
            _("consulter la facturation (sans facturer)"),
        ],
    },
    {
        "role": Role.ACCOUNTANT.label,
        "summary": _("Facture ce que les mois clôturés contiennent et suit les encaissements."),
        "may": [
            _("lancer, relancer ou supprimer une facturation ; émettre les factures ; créer des avoirs"),
            _("enregistrer les paiements, relancer les impayés, appliquer la régularisation annuelle"),
            _("tenir les tarifs, les paramètres de coût, les subventions et le barème du SMIC"),
            _("consulter le registre, le planning et les relevés (sans les modifier ni clôturer un mois)"),
        ],
    },
    {
        "role": Role.MEMBER_CONTACT.label,
        "summary": _("Représente un adhérent auprès du groupement."),
        "may": [
            _("valider ou contester les relevés d'heures de son adhérent"),
            _("consulter les factures émises, les avoirs et les paiements de son adhérent"),
            _("exprimer et confirmer les besoins de son adhérent, voir les postes chez lui"),
        ],
    },
    {
        "role": Role.EMPLOYEE.label,
        "summary": _("Salarié du groupement, mis à disposition des adhérents."),
        "may": [
            _("voir son planning de la semaine et s'y abonner depuis son agenda"),
            _(
                "déclarer et corriger ses heures (avec une raison pour des heures inhabituelles), envoyer son relevé"
            ),
            _("consulter sa fiche et ses contrats"),
        ],
    },
    {
        "role": Role.PARTNER.label,
        "summary": _("Professionnel d'une structure d'insertion partenaire."),
        "may": [_("suivre les personnes qu'il accompagne, avec leur consentement")],
    },
    {
        "role": Role.OBSERVER.label,
        "summary": _("Observateur du territoire."),
        "may": [_("consulter les indicateurs agrégés, sans donnée personnelle")],
    },
]
