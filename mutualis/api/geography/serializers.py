from rest_framework import serializers

from mutualis.geography.models import Commune


class CommuneSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name")
    type = serializers.CharField(source="kind")
    codes_postaux = serializers.SerializerMethodField()
    epci = serializers.CharField(source="epci_id", allow_null=True)
    departement = serializers.CharField(source="department_id")
    region = serializers.CharField(source="region_id")
    zone_emploi = serializers.CharField(source="employment_area_id", allow_null=True)

    class Meta:
        model = Commune
        fields = [
            "code",
            "nom",
            "type",
            "codes_postaux",
            "epci",
            "departement",
            "region",
            "zone_emploi",
            "latitude",
            "longitude",
            "population",
        ]

    def get_codes_postaux(self, obj) -> list[str]:
        return sorted(p.code for p in obj.postcodes.all())
