from mutualis.geography import importers
from mutualis.geography.models import Commune, EmploymentArea, PriorityArea

ZE_FILE = "CODGEO;LIBGEO;ZE2020;LIBZE2020\n61001;Alençon;2801;Alençon\n61006;Argentan;2802;Argentan\n61999;X;2801;Alençon\n"


def test_dry_run_writes_nothing_and_lists_bad_lines(geography):
    report = importers.import_employment_areas(ZE_FILE.encode(), dry_run=True)
    assert report.errors == [(4, "commune 61999 inconnue")]
    assert not EmploymentArea.objects.filter(source="insee").exists()


def test_official_zoning_replaces_the_demo_one(geography):
    importers.import_employment_areas(ZE_FILE.encode("latin-1"), dry_run=False)
    assert Commune.objects.get(code="61001").employment_area_id == "2801"
    assert not EmploymentArea.objects.filter(source="demo").exists()


def test_qpv_and_zrr_files(geography):
    qpv = "code_qp,lib_qp,insee_com\nQN06101M,Perseigne,61001\n"
    importers.import_priority_areas(qpv.encode(), kind="qpv", dry_run=False)
    assert PriorityArea.objects.get(kind="qpv", code="QN06101M").communes.get().code == "61001"
    assert not PriorityArea.objects.filter(kind="qpv", source="demo").exists()
    zrr = "CODGEO;LIBGEO;FRR\n61002;A;FRR\n61001;Alençon;NC\n"
    importers.import_priority_areas(zrr.encode(), kind="zrr", dry_run=False)
    assert list(PriorityArea.objects.filter(kind="zrr").values_list("code", flat=True)) == ["zrr-61002"]
