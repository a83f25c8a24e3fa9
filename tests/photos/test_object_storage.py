"""The photos in a bucket of an S3-compatible object storage (moto in server mode): stored, served, erased."""

import uuid

import boto3
import pytest
from django.urls import reverse

from logis.organizations.models import Membership
from logis.photos.services import photo_add, photo_remove
from tests.factories import MembershipFactory, OfferFactory
from tests.photos.samples import picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3_photos(settings, s3_server):
    bucket = f"logis-photos-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "logis-test", "aws_secret_access_key": "logis-test-secret"}
    client = boto3.client("s3", endpoint_url=s3_server.endpoint_url, region_name="eu-west-3", **credentials)
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "logis.documents.storage.PrivateS3DocumentStorage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server.endpoint_url,
                "region_name": "eu-west-3",
                "access_key": credentials["aws_access_key_id"],
                "secret_key": credentials["aws_secret_access_key"],
                "location": "photos",
            },
        },
    }
    yield client, bucket
    client.close()


def _keys(client, bucket) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_photos_go_to_the_bucket_are_served_and_erased_with_their_last_row(
    s3_photos, client, django_capture_on_commit_callbacks
):
    s3, bucket = s3_photos
    offer = OfferFactory()
    agent = MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user
    photo, _added = photo_add(offer=offer, data=picture("JPEG"), name="a.jpg", alt_text="Séjour", by=agent)
    keys = _keys(s3, bucket)
    assert keys == sorted(f"photos/{photo.file_name(width)}" for width in (480, 960, 1200))
    grants = s3.get_object_acl(Bucket=bucket, Key=keys[0])["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # not public: served by Logis

    client.force_login(agent)
    response = client.get(reverse("photos:image", args=[photo.pk, 960]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"RIFF")

    with django_capture_on_commit_callbacks(execute=True):
        photo_remove(photo=photo, by=agent)
    assert _keys(s3, bucket) == []
