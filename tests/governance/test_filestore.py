"""The file store in an S3-compatible bucket (moto's, no network) and as a directory: kept whole, never lost."""

import datetime
import os

import boto3
import pytest
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws

from minutebook.governance import clerking, filestore, models
from minutebook.governance.importing import import_file, reimport, settle_originals, stage_original
from minutebook.publishing import pack as packs

from ..documents import pdf_from_text
from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db
BUCKET = "minutes-test"


@pytest.fixture
def bucket(settings, tmp_path, monkeypatch):
    """The file store as a bucket; MINUTEBOOK_FILES points at a directory that must stay empty."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(name, value)
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-2")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        settings.STORAGES = {
            **settings.STORAGES,
            "files": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "location": "kept", "default_acl": "private"},
            },
        }
        yield s3


def keys(s3) -> set[str]:
    return {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_an_import_keeps_its_original_in_the_bucket_and_the_site_serves_it(bucket, client, settings):
    data = (FIXTURES / "county_minutes.txt").read_bytes()
    assert import_file(FIXTURES / "county_minutes.txt").status == "imported"
    source = models.SourceDocument.objects.get()
    assert keys(bucket) == {f"kept/{source.stored_as}"}  # under its kept name only: nothing staged is left
    assert bucket.get_object(Bucket=BUCKET, Key=f"kept/{source.stored_as}")["Body"].read() == data
    assert not settings.MINUTEBOOK_FILES.exists()
    response = client.get(reverse("original", args=[source.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert response["Content-Security-Policy"].startswith("sandbox")
    # read again from the bucket, the same records: the import is unchanged by it
    minutes = models.Minute.objects.count()
    assert reimport(source).status == "imported"
    assert models.Minute.objects.count() == minutes and keys(bucket) == {f"kept/{source.stored_as}"}
    assert [ln.text for ln in source.read().lines][:3] == data.decode().splitlines()[:3]


def test_the_same_file_twice_is_one_object(bucket):
    import_file(FIXTURES / "panel_pack.txt")
    assert import_file(FIXTURES / "panel_pack.txt").status == "unchanged"
    assert len(keys(bucket)) == 1


def test_a_published_pack_is_kept_in_the_bucket(bucket, client, admin_client):
    council = models.Organisation.objects.create(name="Anytown City Council")
    board = models.Body.objects.create(
        organisation=council, name="Anytown Health Scrutiny Panel", slug="panel"
    )
    meeting = clerking.create_meeting(
        board, timezone.make_aware(datetime.datetime(2027, 3, 9, 18)), "Town Hall"
    )
    item = clerking.add_item(meeting, "Dental access", "Report of the ICB")
    clerking.attach_paper(
        item, pdf_from_text("DENTAL page 1\n\f\nDENTAL page 2"), "dental.pdf", title="Dental access"
    )
    [pack] = packs.publish(meeting)
    assert f"kept/{pack.document.stored_as}" in keys(bucket)
    response = client.get(reverse("pack", args=[pack.pk]))
    pdf = b"".join(response.streaming_content)
    assert response.status_code == 200 and pdf.startswith(b"%PDF") and len(pdf) == pack.document.size
    assert not any(k.endswith(".part") for k in keys(bucket))


def test_a_missing_original_is_a_clear_failure_not_an_error(bucket, client):
    import_file(FIXTURES / "panel_pack.txt")
    source = models.SourceDocument.objects.get()
    bucket.delete_object(Bucket=BUCKET, Key=f"kept/{source.stored_as}")
    outcome = reimport(source)
    assert outcome.status == "failed" and "stored original is missing" in outcome.message
    assert client.get(reverse("original", args=[source.pk])).status_code == 404


def dead_process() -> int:
    """The id of a process that has finished."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


@pytest.mark.parametrize("where", ["bucket", "directory"])
def test_what_a_killed_import_staged_is_settled(where, request, settings, tmp_path, monkeypatch):
    """Staged by a process now dead: kept when its document was committed, removed when it was not."""
    if where == "bucket":
        request.getfixturevalue("bucket")
    else:
        settings.MINUTEBOOK_FILES = tmp_path / "files"
    dead = dead_process()
    monkeypatch.setattr(os, "getpid", lambda: dead)
    committed, staged_committed = stage_original(b"minutes kept", "a" * 64, ".txt")
    lost, staged_lost = stage_original(b"minutes never committed", "b" * 64, ".txt")
    monkeypatch.undo()
    assert not filestore.exists(committed) and filestore.exists(staged_committed)
    models.SourceDocument.objects.create(
        name="kept.txt", sha256="a" * 64, media_type="text/plain", size=12, stored_as=committed
    )
    assert settle_originals() == 2
    assert filestore.read(committed) == b"minutes kept"
    assert not filestore.exists(staged_committed) and not filestore.exists(staged_lost)
    assert not filestore.exists(lost)


def test_a_write_cut_short_by_a_killed_process_is_removed(settings, tmp_path):
    """A directory writes each file under a temporary name first: one left by a dead process is removed,
    one of a process still writing is left alone."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    folder = tmp_path / "files" / "ab"
    folder.mkdir(parents=True)
    dead = filestore.process_name(dead_process())
    cut_short = folder / f"{'a' * 64}.txt.{dead}.part.{dead}.tmp"
    writing = folder / f"{'b' * 64}.txt.{filestore.process_name()}.tmp"
    for path in (cut_short, writing):
        path.write_bytes(b"half a pack")
    assert settle_originals() == 1
    assert not cut_short.exists() and writing.exists()
