"""The expertise catalogue and the analysts' directory."""

from rest_framework import serializers

from biafed.people.models import AnalystExpertise, AnalystProfile, ExpertiseTerm


class ExpertiseTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpertiseTerm
        fields = ["id", "family", "name", "synonyms", "description", "is_active"]


class HeldExpertiseSerializer(serializers.ModelSerializer):
    term_id = serializers.IntegerField(read_only=True)
    term = serializers.CharField(source="term.name", read_only=True)

    class Meta:
        model = AnalystExpertise
        fields = ["term_id", "term", "level"]


class AnalystSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="user.full_name", read_only=True)
    host_facility = serializers.CharField(source="host_facility.name", read_only=True, default=None)
    languages: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    expertise = HeldExpertiseSerializer(many=True, read_only=True)

    class Meta:
        model = AnalystProfile
        fields = [
            "id",
            "user_id",
            "name",
            "host_facility",
            "background",
            "career_stage",
            "bio",
            "languages",
            "expertise",
        ]
